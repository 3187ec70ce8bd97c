import Foundation
import Testing
import VigilLiveHarness

/// `vigil feedback` reads without creating, and refuses a file that is not feedback.
@Suite(.timeLimit(.minutes(10)), .serialized)
struct FeedbackCommandTests {
    func vigil(_ binary: String, _ args: [String]) throws -> ProcessResult {
        var env = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("VIGIL_") }
        env["LANG"] = "C.UTF-8"
        return try ProcessRunner.run(binary, args, environment: env, timeout: 60, allowFailure: true)
    }

    @Test func listingAMissingStoreSaysSoAndCreatesNothing() throws {
        guard let binary = vigilBinary() else { return }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-feedback-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let listed = try vigil(binary, ["feedback", "list", "--state-dir", dir.path])
        #expect(listed.status == 0 && listed.stdout.contains("no fact store in"), "\(listed.stdout)\(listed.stderr)")
        let exported = try vigil(binary, ["feedback", "export", "--state-dir", dir.path])
        #expect(exported.status == 0 && exported.stdout.isEmpty)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).isEmpty, "a store was created by reading")
        // A folder that does not exist is named, and not created.
        let missing = dir.appendingPathComponent("typo")
        let wrong = try vigil(binary, ["feedback", "list", "--state-dir", missing.path])
        #expect(wrong.status != 0 && wrong.stderr.contains("does not exist"), "\(wrong.stderr)")
        #expect(!FileManager.default.fileExists(atPath: missing.path))
    }

    @Test func importingAFileThatIsNotFeedbackFails() throws {
        guard let binary = vigilBinary() else { return }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-feedback-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("kubelet.log")
        try "Nov 28 08:30:00 node-1 kubelet[123]: PLEG is not healthy\n".write(to: file, atomically: true, encoding: .utf8)
        let r = try vigil(binary, ["feedback", "import", file.path, "--state-dir", dir.appendingPathComponent("state").path])
        #expect(r.status != 0, "exit \(r.status): \(r.stdout)")
        #expect(r.stderr.contains("not a feedback file") && r.stderr.contains("nothing was imported"), "\(r.stderr)")
    }
}
