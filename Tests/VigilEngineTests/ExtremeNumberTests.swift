import Foundation
import Testing
import VigilCore
import VigilDetect
@testable import VigilEngine

/// Issue 21's crashes from extreme numbers, each from its reproducer: the engine takes them and
/// says what it can, it never traps.
@Suite(.timeLimit(.minutes(1))) struct ExtremeNumberTests {
    static let t0 = Date(timeIntervalSince1970: 1_800_000_000)

    static func batch(_ i: Int, _ value: Double, at t: Date? = nil) -> SourceMessage {
        let time = t ?? t0.addingTimeInterval(Double(i) * 30)
        return .metrics(MetricBatch(timestamp: time, samples: [Sample(name: "flat", labels: ["job": "a"], value: value, timestamp: time)]))
    }

    /// Crash 1: a flat series that jumps to 1e300 (magnitudeBucket).
    @Test func aFlatSeriesJumpingTo1e300() {
        var engine = Engine()
        for i in 0..<120 { engine.ingest(Self.batch(i, 5)) }
        for i in 120..<130 { engine.ingest(Self.batch(i, 1e300)) }
        let events = engine.cluster.anomalies.events.map(\.1) + engine.cluster.anomalies.trackers.values.compactMap(\.current)
        #expect(events.allSatisfy { $0.magnitudeBucket <= AnomalyEvent.maxMagnitudeBucket })
    }

    /// Crash 2: values of ±1.7e308 in one series (GapNovelty.bin).
    @Test func valuesAtTheEdgeOfDouble() {
        var engine = Engine()
        for i in 0..<200 { engine.ingest(Self.batch(i, i % 2 == 0 ? 1.7e308 : -1.7e308)) }
        #expect(engine.cluster.latestTime != nil)
    }

    /// Crash 4: every timestamp 1e300 (the anomaly's id), and NaN ones.
    @Test func timestampsNoClockCanShow() {
        var engine = Engine()
        for i in 0..<60 { engine.ingest(Self.batch(i, Double(i % 3), at: Date(timeIntervalSince1970: 1e300))) }
        engine.ingest(.scoredLogs([ScoredLogLine(record: LogRecord(timestamp: Date(timeIntervalSince1970: 1e300), source: "s", line: "x"),
                                                 template: "x", score: 0.9, flagged: true)]))
        engine.ingest(.scoredLogs([ScoredLogLine(record: LogRecord(timestamp: Date(timeIntervalSince1970: .nan), source: "s", line: "y"),
                                                 template: "y", score: 0.9, flagged: true)]))
        #expect(engine.anomalies.items.count >= 2)
        #expect(AnomalyBook.wholeNumber(1e300) == "1e+300" && AnomalyBook.wholeNumber(42.9) == "42")
    }
}
