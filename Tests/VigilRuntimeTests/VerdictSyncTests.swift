import Foundation
import Logging
import Testing
import VigilCore
import VigilEngine
import VigilFacts
@testable import VigilRuntime

/// `vigil serve` takes verdicts given in another process (a dashboard) on the same state folder.
@Suite(.timeLimit(.minutes(1)))
struct VerdictSyncTests {
    @Test func verdictsSavedElsewhereAreLearnedAndTakenBack() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-sync-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let serving = FactVerdictStore(store: try FactStore.open(directory: dir))
        let dashboard = FactVerdictStore(store: try FactStore.open(directory: dir))
        let host = EngineHost(engine: Engine())
        let sync = VerdictSync(store: serving, host: host, logger: Logger(label: "test"))
        try sync.poll()
        #expect(host.current().anomalies.verdicts.isEmpty)

        let fp = Fingerprint.metric(series: "up{instance=\"a\"}", shape: "newExtreme|down|m3")
        let saved = try dashboard.save([Verdict(fingerprint: fp, kind: .metric, subject: "up{instance=\"a\"}",
                                                value: .falsePositive, at: Date(), score: 0.9)])
        try sync.poll()
        #expect(host.current().anomalies.verdicts[fp]?.status == .falsePositive)

        // Changed to "correct" there: the new verdict replaces the old one here.
        let replaced = try dashboard.save([Verdict(fingerprint: fp, kind: .metric, subject: "up{instance=\"a\"}",
                                                   value: .correct, at: Date().addingTimeInterval(1), score: 0.9)])
        try sync.poll()
        #expect(host.current().anomalies.verdicts[fp]?.status == .correct)

        try dashboard.retract(replaced)
        try dashboard.retract(saved)
        try sync.poll()
        #expect(host.current().anomalies.verdicts[fp] == nil)
    }
}
