import Foundation
import Synchronization
import Testing
import VigilCore
import VigilDetect
@testable import VigilEngine
import VigilTerminal
@testable import VigilApp

/// A detector that records what it is taught (the log kind, for tests of the verdict path).
final class RecordingDetector: Detector, Sendable {
    let kind: TriageKind
    private let state = Mutex<(learned: [TriageVerdict], unlearned: [TriageVerdict])>(([], []))
    init(kind: TriageKind) { self.kind = kind }
    var learned: [TriageVerdict] { state.withLock { $0.learned } }
    var unlearned: [TriageVerdict] { state.withLock { $0.unlearned } }
    func learn(_ verdicts: [TriageVerdict], anomalies: AnomalyBook) { state.withLock { $0.learned += verdicts } }
    func unlearn(_ verdicts: [TriageVerdict]) { state.withLock { $0.unlearned += verdicts } }
}

/// A store whose writes fail, as a full disk or a locked database would.
final class FailingVerdictStore: VerdictStore {
    struct Refused: Error, CustomStringConvertible { var description: String { "disk I/O error" } }
    func activeVerdicts() throws -> [TriageVerdict] { [] }
    func save(_ verdicts: [TriageVerdict]) throws -> [TriageVerdict] { throw Refused() }
    func retract(_ verdicts: [TriageVerdict]) throws { throw Refused() }
}

/// One verdict path for every detector kind: a detector learns a verdict only once the store has
/// it, `u` takes it back exactly, and a restart teaches the stored ones again.
@Suite(.timeLimit(.minutes(5))) struct VerdictPathTests {
    static let key = SeriesKey(name: "queue_depth", labels: Labels(["queue": "jobs"]))

    /// Noisy samples with a spike at 300..<306 (raised) and a higher one at 520..<524, which a false
    /// verdict on the first keeps quiet (it is new by much less than the first was).
    static func batches(_ range: Range<Int>) -> [SourceMessage] {
        var rng = SplitMix64(seed: 7)
        var out: [SourceMessage] = []
        for i in 0..<range.upperBound {
            let noise = rng.unit() * 3
            guard i >= range.lowerBound else { continue }
            let t = Fixtures.t0.addingTimeInterval(Double(i) * 30)
            let v = (300..<306).contains(i) ? 500 : (520..<524).contains(i) ? 1_200 : 10 + noise
            out.append(.metrics(MetricBatch(timestamp: t, samples: [Sample(key: key, value: v, timestamp: t)])))
            out.append(.clock(t))
        }
        return out
    }

    /// A runner over a memory terminal whose model has seen samples 0..<310.
    static func runner(store: VerdictStore?, logs: RecordingDetector? = nil) -> (AppRunner, MemoryTerminal, Mailbox<SourceMessage>) {
        let term = MemoryTerminal(width: 120, height: 40)
        let mailbox = Mailbox<SourceMessage>()
        var model = Model(config: AppConfig(), engine: Engine(logs: logs))
        for m in batches(0..<310) { _ = update(&model, .source(m)) }
        let runner = AppRunner(model: model, backend: term, mailbox: mailbox, playback: nil, store: store)
        return (runner, term, mailbox)
    }

    /// Types `keys` on the Anomalies screen with the spike's anomaly selected.
    static func press(_ keys: [Key], on runner: AppRunner, _ term: MemoryTerminal) {
        term.pending = [.key(.char("3"))]
        runner.run(pollMs: 0, maxIterations: 1)
        #expect(runner.model.visibleAnomalies(now: runner.model.clock ?? Fixtures.t0).contains { $0.seriesKey == key },
                "the spike was not raised")
        term.pending = keys.map { .key($0) }
        runner.run(pollMs: 0, maxIterations: 1)
    }

    /// The series' scores on samples 310..<700, fed through the mailbox.
    static func laterScores(_ runner: AppRunner, _ mailbox: Mailbox<SourceMessage>) -> [Double] {
        var scores: [Double] = []
        for m in batches(310..<700) {
            mailbox.send(m)
            runner.run(pollMs: 0, maxIterations: 1)
            if case .metrics = m { scores.append(runner.model.state.anomalies.latest[key]?.output.rawScore ?? -1) }
        }
        return scores
    }

    static func untaughtScores() -> [Double] {
        let (runner, _, mailbox) = runner(store: MemoryVerdictStore())
        return laterScores(runner, mailbox)
    }

    @Test func aConfirmedVerdictTeachesAndChangesLaterScores() {
        let (runner, term, mailbox) = Self.runner(store: MemoryVerdictStore())
        Self.press([.char("f")], on: runner, term)
        #expect(runner.model.state.anomalies.detectors[Self.key]?.hasFeedback == true)
        // The control for the tests below: a verdict in force does change what follows.
        #expect(Self.laterScores(runner, mailbox) != Self.untaughtScores())
    }

    @Test func fThenUndoLeavesTheDetectorExactlyAsBefore() {
        let (runner, term, mailbox) = Self.runner(store: MemoryVerdictStore())
        Self.press([.char("f"), .char("u")], on: runner, term)
        #expect(runner.model.message?.hasPrefix("Undone") == true)
        #expect(runner.model.state.anomalies.detectors[Self.key]?.hasFeedback == false)
        #expect(runner.model.state.anomalies.verdicts.isEmpty)
        #expect(Self.laterScores(runner, mailbox) == Self.untaughtScores())
    }

    @Test func cThenUndoLeavesTheDetectorExactlyAsBefore() {
        let (runner, term, mailbox) = Self.runner(store: MemoryVerdictStore())
        Self.press([.char("c"), .char("u")], on: runner, term)
        #expect(Self.laterScores(runner, mailbox) == Self.untaughtScores())
    }

    @Test func aFailedStoreWriteTeachesNothing() {
        let logs = RecordingDetector(kind: .log)
        let (runner, term, mailbox) = Self.runner(store: FailingVerdictStore(), logs: logs)
        Self.press([.char("f")], on: runner, term)
        #expect(runner.model.message?.contains("Verdict NOT saved: disk I/O error") == true)
        #expect(runner.model.engine.anomalies.verdicts.isEmpty)
        #expect(runner.model.state.anomalies.detectors[Self.key]?.hasFeedback == false)
        #expect(logs.learned.isEmpty)
        #expect(Self.laterScores(runner, mailbox) == Self.untaughtScores())
    }

    @Test func aRestartTeachesStoredVerdictsToBothKinds() throws {
        let store = MemoryVerdictStore()
        let (first, term, mailbox) = Self.runner(store: store)
        Self.press([.char("f")], on: first, term)
        let taughtScores = Self.laterScores(first, mailbox)
        let logVerdict = TriageVerdict(itemID: nil, fingerprint: TriageFingerprint.log(template: "disk full on <*>"),
                                       kind: .log, subject: "disk full on <*>", status: .falsePositive, at: Fixtures.t0)
        _ = try store.save([logVerdict])
        #expect(try store.activeVerdicts().count == 2)

        // A new process: the verdicts are read back before any data arrives.
        let logs = RecordingDetector(kind: .log)
        let mailbox2 = Mailbox<SourceMessage>()
        let second = AppRunner(model: Model(config: AppConfig(), engine: Engine(logs: logs)),
                               backend: MemoryTerminal(width: 120, height: 40), mailbox: mailbox2, playback: nil, store: store)
        #expect(logs.learned.map(\.fingerprint) == [logVerdict.fingerprint])
        #expect(second.model.state.anomalies.verdicts[Self.key.description]?.count == 1)
        for m in Self.batches(0..<310) { mailbox2.send(m) }
        second.run(pollMs: 0, maxIterations: 1)
        // The series learned its verdict when it first appeared: taught from the start, so it
        // scores unlike an untaught detector, and the spike's repeat stays quiet.
        #expect(second.model.state.anomalies.detectors[Self.key]?.hasFeedback == true)
        let restartedScores = Self.laterScores(second, mailbox2)
        #expect(restartedScores != Self.untaughtScores())
        #expect(restartedScores.count == taughtScores.count)
    }
}
