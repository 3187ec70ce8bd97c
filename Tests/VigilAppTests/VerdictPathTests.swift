import Foundation
import Synchronization
import Testing
import VigilCore
import VigilDetect
@testable import VigilEngine
import VigilTerminal
@testable import VigilApp

/// A detector that records what it is taught (the log kind, for tests of the verdict path).
final class RecordingDetector: LogDetector {
    let kind: AnomalyKind
    private let state = Mutex<(learned: [Verdict], unlearned: [Verdict])>(([], []))
    init(kind: AnomalyKind) { self.kind = kind }
    var learned: [Verdict] { state.withLock { $0.learned } }
    var unlearned: [Verdict] { state.withLock { $0.unlearned } }
    func learn(_ verdicts: [Verdict], anomalies: AnomalyBook) { state.withLock { $0.learned += verdicts } }
    func unlearn(_ verdicts: [Verdict]) { state.withLock { $0.unlearned += verdicts } }
    func score(_ records: [LogRecord]) -> [ScoredLogLine] {
        records.map { ScoredLogLine(record: $0, template: $0.line, score: 0, flagged: false) }
    }
    func endOfInput() {}
}

/// A store whose writes fail, as a full disk or a locked database would.
final class FailingVerdictStore: VerdictStore {
    struct Refused: Error, CustomStringConvertible { var description: String { "disk I/O error" } }
    func activeVerdicts() throws -> [Verdict] { [] }
    func save(_ verdicts: [Verdict]) throws -> [Verdict] { throw Refused() }
    func retract(_ verdicts: [Verdict]) throws { throw Refused() }
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

    /// A runner over a memory terminal that has seen samples 0..<310: the engine in the model, or
    /// on an `EngineHost` off the UI thread as in the product.
    struct Rig {
        let runner: AppRunner
        let term: MemoryTerminal
        let mailbox: Mailbox<SourceMessage>
        let host: EngineHost?

        /// The engine the detectors live in (the host's own, when hosted).
        var engine: Engine { host?.current() ?? runner.model.engine }

        /// Feeds `messages` as the sources would and lets the loop take them in.
        func feed(_ messages: [SourceMessage]) {
            for m in messages { host?.send(m); mailbox.send(m) }
            host?.drain()
            runner.run(pollMs: 0, maxIterations: 1)
            host?.drain()
            runner.run(pollMs: 0, maxIterations: 1)
        }
    }

    static func rig(store: VerdictStore?, logs: RecordingDetector? = nil, hosted: Bool) -> Rig {
        let term = MemoryTerminal(width: 120, height: 40)
        let mailbox = Mailbox<SourceMessage>()
        let history = batches(0..<310)
        if hosted {
            let host = EngineHost(engine: Engine(logs: logs))
            for m in history { host.send(m) }
            var model = Model(config: AppConfig(), engine: host.current())
            for m in history { if case .clock = m { _ = update(&model, .source(m)) } }
            let runner = AppRunner(model: model, backend: term, mailbox: mailbox, playback: nil, store: store, host: host)
            return Rig(runner: runner, term: term, mailbox: mailbox, host: host)
        }
        var model = Model(config: AppConfig(), engine: Engine(logs: logs))
        for m in history { _ = update(&model, .source(m)) }
        let runner = AppRunner(model: model, backend: term, mailbox: mailbox, playback: nil, store: store)
        return Rig(runner: runner, term: term, mailbox: mailbox, host: nil)
    }

    /// Types `keys` on the Anomalies screen with the spike's anomaly selected.
    static func press(_ keys: [Key], on rig: Rig) {
        rig.term.pending = [.key(.char("3"))]
        rig.runner.run(pollMs: 0, maxIterations: 1)
        #expect(rig.runner.model.visibleAnomalies(now: rig.runner.model.clock ?? Fixtures.t0).contains { $0.seriesKey == key },
                "the spike was not raised")
        rig.term.pending = keys.map { .key($0) }
        rig.runner.run(pollMs: 0, maxIterations: 1)
        rig.host?.drain()
    }

    /// The series' scores on samples 310..<700, fed as the sources would.
    static func laterScores(_ rig: Rig) -> [Double] {
        var scores: [Double] = []
        for m in batches(310..<700) {
            guard case .metrics = m else { continue }
            if let host = rig.host {
                host.send(m)
                host.drain()
            } else {
                rig.mailbox.send(m)
                rig.runner.run(pollMs: 0, maxIterations: 1)
            }
            scores.append(rig.engine.cluster.anomalies.latest[key]?.output.rawScore ?? -1)
        }
        return scores
    }

    static func untaughtScores() -> [Double] {
        laterScores(rig(store: MemoryVerdictStore(), hosted: false))
    }

    @Test(arguments: [false, true])
    func aConfirmedVerdictTeachesAndChangesLaterScores(hosted: Bool) {
        let rig = Self.rig(store: MemoryVerdictStore(), hosted: hosted)
        Self.press([.char("f")], on: rig)
        #expect(rig.engine.cluster.anomalies.detectors[Self.key]?.hasFeedback == true)
        // The control for the tests below: a verdict in force does change what follows.
        #expect(Self.laterScores(rig) != Self.untaughtScores())
    }

    @Test(arguments: [false, true])
    func fThenUndoLeavesTheDetectorExactlyAsBefore(hosted: Bool) {
        let rig = Self.rig(store: MemoryVerdictStore(), hosted: hosted)
        Self.press([.char("f"), .char("u")], on: rig)
        #expect(rig.runner.model.message?.hasPrefix("Undone") == true)
        #expect(rig.engine.cluster.anomalies.detectors[Self.key]?.hasFeedback == false)
        #expect(rig.engine.cluster.anomalies.verdicts.isEmpty)
        #expect(rig.engine.anomalies.verdicts.isEmpty)
        #expect(Self.laterScores(rig) == Self.untaughtScores())
    }

    @Test(arguments: [false, true])
    func cThenUndoLeavesTheDetectorExactlyAsBefore(hosted: Bool) {
        let rig = Self.rig(store: MemoryVerdictStore(), hosted: hosted)
        Self.press([.char("c"), .char("u")], on: rig)
        #expect(Self.laterScores(rig) == Self.untaughtScores())
    }

    @Test(arguments: [false, true])
    func aFailedStoreWriteTeachesNothing(hosted: Bool) {
        let logs = RecordingDetector(kind: .log)
        let rig = Self.rig(store: FailingVerdictStore(), logs: logs, hosted: hosted)
        Self.press([.char("f")], on: rig)
        #expect(rig.runner.model.message?.contains("Verdict NOT saved: disk I/O error") == true)
        #expect(rig.runner.model.engine.anomalies.verdicts.isEmpty)
        #expect(rig.engine.anomalies.verdicts.isEmpty)
        #expect(rig.engine.cluster.anomalies.detectors[Self.key]?.hasFeedback == false)
        #expect(logs.learned.isEmpty)
        #expect(Self.laterScores(rig) == Self.untaughtScores())
    }

    /// With the engine off the UI thread, the screen draws its snapshots, and a verdict stays in
    /// force on screen while the host catches up (no snapshot from before it brings it back).
    @Test func theScreenDrawsTheHostsSnapshots() throws {
        let rig = Self.rig(store: MemoryVerdictStore(), hosted: true)
        let later = Self.batches(310..<320)
        rig.feed(later)
        guard case .metrics(let last)? = later.last(where: { if case .metrics = $0 { return true } else { return false } }) else { return }
        #expect(rig.runner.model.state.latestTime == last.timestamp)
        Self.press([.char("f")], on: rig)
        let fp = try #require(rig.engine.anomalies.verdicts.keys.first)
        #expect(rig.runner.model.engine.anomalies.verdicts[fp]?.status == .falsePositive)
        rig.feed(Self.batches(320..<330))
        #expect(rig.runner.model.engine.anomalies.verdicts[fp]?.status == .falsePositive)
    }

    @Test func aRestartTeachesStoredVerdictsToBothKinds() throws {
        let store = MemoryVerdictStore()
        let first = Self.rig(store: store, hosted: false)
        Self.press([.char("f")], on: first)
        let taughtScores = Self.laterScores(first)
        let logVerdict = Verdict(anomalyID: nil, fingerprint: Fingerprint.log(template: "disk full on <*>"),
                                       kind: .log, subject: "disk full on <*>", value: .falsePositive, at: Fixtures.t0)
        _ = try store.save([logVerdict])
        #expect(try store.activeVerdicts().count == 2)

        // A new process: the verdicts are read back before any data arrives.
        let logs = RecordingDetector(kind: .log)
        let mailbox2 = Mailbox<SourceMessage>()
        // Every message in one turn (the dashboard takes 32 per turn, so keys are read between).
        let second = AppRunner(model: Model(config: AppConfig(), engine: Engine(logs: logs)),
                               backend: MemoryTerminal(width: 120, height: 40), mailbox: mailbox2, playback: nil, store: store,
                               messagesPerTurn: .max)
        #expect(logs.learned.map(\.fingerprint) == [logVerdict.fingerprint])
        #expect(second.model.state.anomalies.verdicts[Self.key.description]?.count == 1)
        for m in Self.batches(0..<310) { mailbox2.send(m) }
        second.run(pollMs: 0, maxIterations: 1)
        // The series learned its verdict when it first appeared: taught from the start, so it
        // scores unlike an untaught detector, and the spike's repeat stays quiet.
        #expect(second.model.state.anomalies.detectors[Self.key]?.hasFeedback == true)
        let restartedScores = Self.laterScores(Rig(runner: second, term: MemoryTerminal(width: 120, height: 40),
                                                   mailbox: mailbox2, host: nil))
        #expect(restartedScores != Self.untaughtScores())
        #expect(restartedScores.count == taughtScores.count)

        // The same with the engine off the UI thread, as the dashboard runs it.
        let hostLogs = RecordingDetector(kind: .log)
        let host = EngineHost(engine: Engine(logs: hostLogs))
        let mailbox3 = Mailbox<SourceMessage>()
        let third = AppRunner(model: Model(config: AppConfig(), engine: host.current()),
                              backend: MemoryTerminal(width: 120, height: 40), mailbox: mailbox3, playback: nil,
                              store: store, host: host)
        let rig = Rig(runner: third, term: MemoryTerminal(width: 120, height: 40), mailbox: mailbox3, host: host)
        rig.feed(Self.batches(0..<310))
        #expect(hostLogs.learned.map(\.fingerprint) == [logVerdict.fingerprint])
        #expect(host.current().cluster.anomalies.detectors[Self.key]?.hasFeedback == true)
        #expect(third.model.engine.anomalies.verdicts.count == 2)
        #expect(Self.laterScores(rig) == restartedScores)
    }
}
