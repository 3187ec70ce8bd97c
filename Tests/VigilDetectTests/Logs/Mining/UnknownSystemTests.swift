import Foundation
import Testing
@testable import VigilDetect

/// `eval parse` scores a system it does not know: a folder `<S>/` with `<S>_2k.log`, its LogHub
/// `log_format` in `<S>_2k.format`, and the truth files.
@Suite(.timeLimit(.minutes(5))) struct UnknownSystemTests {
    @Test func aFolderWithAFormatFileIsFoundAndItsContentCutOut() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-loghub-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let dir = root.appendingPathComponent("Toaster")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let lines = ["2026-01-01 10:00:00 [heat] INFO: slot 3 at 180 C", "2026-01-01 10:00:01 [heat] INFO: slot 4 at 181 C",
                     "2026-01-01 10:00:02 [pop] WARN: bread ejected"]
        try (lines.joined(separator: "\n") + "\n").write(to: dir.appendingPathComponent("Toaster_2k.log"), atomically: true, encoding: .utf8)
        try "<Date> <Time> \\[<Component>\\] <Level>: <Content>\n".write(to: dir.appendingPathComponent("Toaster_2k.format"), atomically: true, encoding: .utf8)
        try "LineId,EventId\n1,E1\n2,E1\n3,E2\n".write(to: dir.appendingPathComponent("Toaster_2k.loghub_orig.events.csv"), atomically: true, encoding: .utf8)
        try "EventId,EventTemplate\nE1,slot <*> at <*> C\nE2,bread ejected\n".write(to: dir.appendingPathComponent("Toaster_2k.loghub_orig.templates.csv"), atomically: true, encoding: .utf8)
        // A folder without a format file is not taken for a system.
        try FileManager.default.createDirectory(at: root.appendingPathComponent("Notes"), withIntermediateDirectories: true)
        try "x\n".write(to: root.appendingPathComponent("Notes/Notes_2k.log"), atomically: true, encoding: .utf8)

        #expect(LogHubFormat.systems(in: root) == ["Toaster"])
        let sample = try LogHubSample.load(system: "Toaster", from: root, truth: "loghub_orig")
        #expect(sample.contents == ["slot 3 at 180 C", "slot 4 at 181 C", "bread ejected"])
        #expect(sample.unmatchedLines == 0)
        #expect(sample.truthTemplates == ["slot <*> at <*> C", "slot <*> at <*> C", "bread ejected"])
    }
}
