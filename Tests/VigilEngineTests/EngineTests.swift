import Foundation
import Synchronization
import Testing
import VigilCore
import VigilDetect
@testable import VigilEngine

enum EngineFixtures {
    static let t0 = Date(timeIntervalSince1970: 1_795_838_400)
    static let key = SeriesKey(name: "queue_depth", labels: Labels(["queue": "jobs"]))

    /// Noisy samples of one series with a spike at 300..<306.
    static func batches(_ range: Range<Int>, key: SeriesKey = key) -> [MetricBatch] {
        var rng = SplitMix64(seed: 11)
        var out: [MetricBatch] = []
        for i in 0..<range.upperBound {
            let noise = rng.unit() * 3
            guard i >= range.lowerBound else { continue }
            let t = t0.addingTimeInterval(Double(i) * 30)
            let v = (300..<306).contains(i) ? 500 : (520..<524).contains(i) ? 1_200 : 10 + noise
            out.append(MetricBatch(timestamp: t, samples: [Sample(key: key, value: v, timestamp: t)]))
        }
        return out
    }

    static func verdict(_ item: TriageItem, _ status: TriageStatus, id: Int64?) -> Verdict {
        Verdict(id: id, anomalyID: item.id, fingerprint: item.fingerprint, kind: item.kind, subject: item.subject,
                      value: status.verdictValue, at: t0, score: item.score, detail: item.detail, startedAt: item.time)
    }

    static func scores(_ engine: inout Engine, _ range: Range<Int>) -> [Double] {
        batches(range).map { b in
            engine.ingest(.metrics(b))
            return engine.cluster.anomalies.latest[key]?.output.rawScore ?? -1
        }
    }
}

@Suite(.timeLimit(.minutes(5))) struct EngineTests {
    @Test func anomaliesAreRaisedAsDataArrives() throws {
        var engine = Engine()
        for b in EngineFixtures.batches(0..<310) { engine.ingest(.metrics(b)) }
        let item = try #require(engine.anomalies.items.values.first { $0.seriesKey == EngineFixtures.key })
        #expect(item.kind == .metric && item.fingerprint.stored.hasPrefix("metric|queue_depth{"))
    }

    @Test func learnThenUnlearnIsExact() throws {
        var plain = Engine(), taught = Engine()
        for b in EngineFixtures.batches(0..<310) {
            plain.ingest(.metrics(b)); taught.ingest(.metrics(b))
        }
        let item = try #require(taught.anomalies.items.values.first { $0.seriesKey == EngineFixtures.key })
        let v = EngineFixtures.verdict(item, .falsePositive, id: 4)
        taught.learn([v])
        #expect(taught.cluster.anomalies.detectors[EngineFixtures.key]?.hasFeedback == true)
        taught.unlearn([v], restored: [])
        #expect(taught.cluster.anomalies.detectors[EngineFixtures.key]?.hasFeedback == false)
        #expect(EngineFixtures.scores(&taught, 310..<700) == EngineFixtures.scores(&plain, 310..<700))
    }

    @Test func aVerdictWithoutAStoreIdIsNeverUnlearned() throws {
        var engine = Engine()
        for b in EngineFixtures.batches(0..<310) { engine.ingest(.metrics(b)) }
        let item = try #require(engine.anomalies.items.values.first { $0.seriesKey == EngineFixtures.key })
        engine.learn([EngineFixtures.verdict(item, .falsePositive, id: 4)])
        // An undo of a later verdict the store never took (no id) leaves the stored one in force.
        engine.unlearn([EngineFixtures.verdict(item, .correct, id: nil)], restored: [])
        #expect(engine.cluster.anomalies.verdicts[EngineFixtures.key.description]?.map(\.id) == [4])
    }

    @Test func aNoteOnAVerdictTeachesNothingNew() throws {
        var once = Engine(), twice = Engine()
        for b in EngineFixtures.batches(0..<310) {
            once.ingest(.metrics(b)); twice.ingest(.metrics(b))
        }
        let item = try #require(once.anomalies.items.values.first { $0.seriesKey == EngineFixtures.key })
        once.learn([EngineFixtures.verdict(item, .falsePositive, id: 1)])
        twice.learn([EngineFixtures.verdict(item, .falsePositive, id: 1)])
        var noted = EngineFixtures.verdict(item, .falsePositive, id: 2)
        noted.note = "batch job"
        twice.learn([noted])
        #expect(twice.cluster.anomalies.verdicts[EngineFixtures.key.description]?.map(\.id) == [2])
        #expect(EngineFixtures.scores(&once, 310..<700) == EngineFixtures.scores(&twice, 310..<700))
    }

    @Test func aStoredVerdictReachesASeriesWhenItFirstAppears() throws {
        var first = Engine()
        for b in EngineFixtures.batches(0..<310) { first.ingest(.metrics(b)) }
        let item = try #require(first.anomalies.items.values.first { $0.seriesKey == EngineFixtures.key })
        // As the store gives it back: no item, no event, only what was stored.
        var stored = EngineFixtures.verdict(item, .falsePositive, id: 9)
        stored.anomalyID = nil
        var restarted = Engine()
        restarted.load([stored])
        #expect(restarted.anomalies.verdicts[item.fingerprint]?.status == .falsePositive)
        #expect(restarted.cluster.anomalies.detectors.isEmpty)
        // A series gets its detector when it is seen a second time (once, it is only a point).
        for b in EngineFixtures.batches(0..<2) { restarted.ingest(.metrics(b)) }
        #expect(restarted.cluster.anomalies.detectors[EngineFixtures.key]?.hasFeedback == true)
    }

    @Test func verdictsOutliveATimelineThatStartsOver() throws {
        var engine = Engine()
        for b in EngineFixtures.batches(0..<310) { engine.ingest(.metrics(b)) }
        let item = try #require(engine.anomalies.items.values.first { $0.seriesKey == EngineFixtures.key })
        engine.learn([EngineFixtures.verdict(item, .falsePositive, id: 3)])
        let back = EngineFixtures.batches(0..<2)
        let restarted = engine.ingest(.metrics(back[0])).restarted
        #expect(restarted)
        #expect(engine.anomalies.items.isEmpty)
        engine.ingest(.metrics(back[1]))
        #expect(engine.cluster.anomalies.detectors[EngineFixtures.key]?.hasFeedback == true)
    }

    @Test func snoozesTeachNothing() throws {
        var engine = Engine()
        for b in EngineFixtures.batches(0..<310) { engine.ingest(.metrics(b)) }
        let item = try #require(engine.anomalies.items.values.first { $0.seriesKey == EngineFixtures.key })
        engine.learn([EngineFixtures.verdict(item, .snoozed, id: 3)])
        #expect(engine.cluster.anomalies.detectors[EngineFixtures.key]?.hasFeedback == false)
    }
}

@Suite(.timeLimit(.minutes(5))) struct SeriesVerdictTests {
    @Test(arguments: AnomalyCause.allCases)
    func aStoredFingerprintGivesBackItsCauseAndDirection(cause: AnomalyCause) throws {
        for direction in AnomalyDirection.allCases {
            let fp = "metric|up{job=\"a|b\",instance=\"x\"}|\(cause)|\(direction)|m3"
            let v = try #require(SeriesVerdict(fingerprint: Fingerprint(stored: fp), isAnomaly: false, peakScore: 0.97))
            #expect(v.cause == cause && v.direction == direction && v.profile == nil && v.peakScore == 0.97)
        }
    }

    @Test(arguments: ["", "metric|x", "metric|x|bogus|up|m1", "metric|x|shift|sideways|m1"])
    func anUnreadableFingerprintIsRefused(fp: String) {
        #expect(SeriesVerdict(fingerprint: Fingerprint(stored: fp), isAnomaly: true, peakScore: 1) == nil)
    }

    @Test func aNonFiniteScoreIsClamped() throws {
        let v = try #require(SeriesVerdict(fingerprint: .metric(series: "a", shape: "shift|up|m1"), isAnomaly: true, peakScore: .nan))
        #expect(v.peakScore == 0)
    }
}

/// Flags every line holding "panic"; counts the ends of input it was told of.
final class KeywordLogDetector: LogDetector {
    let kind = AnomalyKind.log
    private let ends = Mutex(0)
    var endsOfInput: Int { ends.withLock { $0 } }
    func learn(_ verdicts: [Verdict], anomalies: AnomalyBook) {}
    func unlearn(_ verdicts: [Verdict]) {}
    func score(_ records: [LogRecord]) -> [ScoredLogLine] {
        records.map { r in
            let hit = r.line.contains("panic")
            return ScoredLogLine(record: r, template: hit ? "panic in <*>" : r.line, score: hit ? 0.99 : 0.1, flagged: hit)
        }
    }
    func endOfInput() { ends.withLock { $0 += 1 } }
}

/// Log lines are detected where metrics are: in the engine, as they arrive, in the model and on
/// the host alike.
@Suite(.timeLimit(.minutes(5))) struct EngineLogTests {
    static let lines = [
        LogRecord(timestamp: EngineFixtures.t0, source: "node", line: "lease renewed"),
        LogRecord(timestamp: EngineFixtures.t0.addingTimeInterval(1), source: "node", line: "panic in scheduler"),
    ]

    @Test func theEngineScoresLogLinesAndRaisesWhatItsDetectorFlags() {
        let detector = KeywordLogDetector()
        var engine = Engine(logs: detector)
        let done = engine.ingest(.logs(Self.lines))
        #expect(done.scored.map(\.flagged) == [false, true])
        #expect(engine.anomalies.items.values.map(\.fingerprint) == [.log(template: "panic in <*>")])
        engine.ingest(.health(SourceHealth(source: "replay", state: .finished)))
        #expect(detector.endsOfInput == 1)
    }

    @Test func withoutALogDetectorLinesPassUnscoredAndRaiseNothing() {
        var engine = Engine()
        let done = engine.ingest(.logs(Self.lines))
        #expect(done.scored.count == 2 && done.scored.allSatisfy { !$0.flagged && $0.score == 0 })
        #expect(engine.anomalies.items.isEmpty)
    }

    @Test func onTheHostSourcesFeedTheEngineAndTheScreenGetsScoredLines() {
        let seen = Mutex<[SourceMessage]>([]), scored = Mutex<[ScoredLogLine]>([])
        let host = EngineHost(engine: Engine(logs: KeywordLogDetector()), scored: { l in scored.withLock { $0 += l } })
        let sink = host.intake(alsoTo: { m in seen.withLock { $0.append(m) } })
        sink(.clock(EngineFixtures.t0))
        sink(.logs(Self.lines))
        host.drain()
        // The raw lines go to the engine only; the screen gets them scored, and the rest at once.
        #expect(seen.withLock { $0 } == [.clock(EngineFixtures.t0)])
        #expect(scored.withLock { $0 }.map(\.flagged) == [false, true])
        #expect(host.current().anomalies.items.values.map(\.kind) == [.log])
    }

    /// With a backlog, a source faster than the engine waits instead of queueing without end;
    /// nothing is lost and the order is kept.
    @Test func aBoundedBacklogLosesNothingAndKeepsTheOrder() async {
        let host = EngineHost(engine: Engine(), backlog: 2)
        let key = SeriesKey(name: "up", labels: ["instance": "a"])
        let sender = Task.detached {
            for i in 0..<300 {
                let t = EngineFixtures.t0.addingTimeInterval(Double(i) * 30)
                host.send(.metrics(MetricBatch(timestamp: t, samples: [Sample(key: key, value: Double(i % 7), timestamp: t)])))
            }
        }
        await sender.value
        host.drain()
        let engine = host.current()
        #expect(engine.cluster.latestTime == EngineFixtures.t0.addingTimeInterval(299 * 30))
        #expect(engine.cluster.latest[key] == Double(299 % 7))
        #expect(engine.cluster.anomalyHistory.count == 300)
    }
}

/// Series that go away are forgotten, so state does not grow with churn; those that stay are kept.
@Suite(.timeLimit(.minutes(5))) struct SeriesRetentionTests {
    static func batch(_ i: Int, pods: Range<Int>) -> SourceMessage {
        let t = EngineFixtures.t0.addingTimeInterval(Double(i * 15))
        return .metrics(MetricBatch(timestamp: t, samples:
            [Sample(name: "up", labels: Labels(["job": "apiserver"]), value: 1, timestamp: t)]
            + pods.map { Sample(name: "container_memory_working_set_bytes", labels: Labels(["pod": "p\($0)"]), value: 1e6, timestamp: t) }))
    }

    @Test func churnedSeriesAreForgottenAfterTheRetention() {
        var engine = Engine(retention: ClusterState.Retention(seconds: 900, refreshes: 30))
        // Every batch a new set of 100 pods; 200 batches.
        for i in 0..<200 { engine.ingest(Self.batch(i, pods: (i * 100)..<(i * 100 + 100))) }
        let c = engine.cluster
        // At most the last 30 batches' pods (and `up`), never all 20,000.
        #expect(c.seriesTracked <= 31 * 100 + 1 + 8 * 100, "\(c.seriesTracked) series kept")
        #expect(c.history.count + c.seriesSeenOnce == c.seriesTracked && c.anomalies.detectors.count <= c.history.count)
        // Pods seen once hold one point each: no history, no detector.
        #expect(c.history.count == 1 && c.anomalies.detectors.count == 1, "\(c.history.count) histories")
        #expect(c.forgotten >= 16_000)
        // The series that never went away keeps its whole history.
        #expect(c.history[SeriesKey(name: "up", labels: Labels(["job": "apiserver"]))]?.values.count == 200)
    }

    /// A series seen twice is established with both points, as if it had never been young.
    @Test func aSeriesSeenAgainKeepsItsFirstPoint() {
        var engine = Engine()
        for i in 0..<3 { engine.ingest(Self.batch(i, pods: 0..<2)) }
        let key = SeriesKey(name: "container_memory_working_set_bytes", labels: Labels(["pod": "p0"]))
        #expect(engine.cluster.history[key]?.values.count == 3)
        #expect(engine.cluster.since(key) == EngineFixtures.t0)
        #expect(engine.cluster.seriesSeenOnce == 0)
        engine.ingest(Self.batch(3, pods: 5..<6))
        let young = SeriesKey(name: "container_memory_working_set_bytes", labels: Labels(["pod": "p5"]))
        #expect(engine.cluster.seriesSeenOnce == 1 && engine.cluster.history[young] == nil)
        #expect(engine.cluster.since(young) == EngineFixtures.t0.addingTimeInterval(45))
        #expect(engine.cluster.latest[young] == 1e6)
    }

    @Test func aShortGapForgetsNothing() {
        var engine = Engine()
        for i in 0..<40 { engine.ingest(Self.batch(i, pods: i % 10 == 0 ? 0..<0 : 0..<5)) }
        #expect(engine.cluster.seriesTracked == 6 && engine.cluster.forgotten == 0)
    }
}
