import Foundation
import Testing
import VigilCore
@testable import VigilDetect

@Suite(.timeLimit(.minutes(5))) struct ClusterAnomalyModelTests {
    static func batch(_ i: Int, _ series: [(String, Double)]) -> MetricBatch {
        let t = Date(timeIntervalSince1970: 1_800_000_000 + Double(i) * 30)
        return MetricBatch(timestamp: t, samples: series.map { Sample(name: $0.0, labels: Labels(), value: $0.1, timestamp: t) })
    }

    @Test func aSeriesAppearingMidStreamIsWatchedAndForecast() {
        var m = ClusterAnomalyModel()
        var rng = TestRNG(state: 11)
        for i in 0..<400 { _ = m.ingest(Self.batch(i, [("a", 50 + rng.next())])) }
        #expect(m.forecasts().map(\.key.name) == ["a"])
        for i in 400..<800 { _ = m.ingest(Self.batch(i, [("a", 50 + rng.next()), ("b", 10 + rng.next())])) }
        let f = m.forecasts()
        #expect(f.map(\.key.name) == ["a", "b"])
        // PAD's four numbers for every watched series.
        for x in f {
            #expect(x.yhatLower <= x.yhat && x.yhat <= x.yhatUpper)
            #expect(x.anomaly == 0 || x.anomaly == 1)
        }
    }

    @Test func quietClusterRestsAtZeroAndAJumpInOneSeriesLiftsItToAThird() {
        var m = ClusterAnomalyModel()
        var rng = TestRNG(state: 2)
        var scores: [Double] = []
        for i in 0..<1200 {
            let s = [("a", 100 + rng.next()), ("b", 5 + rng.next()), ("c", 20 + rng.next())]
            scores.append(m.ingest(Self.batch(i, s)))
        }
        #expect(scores[900...].filter { $0 > 0 }.count < 10)
        let jump = m.ingest(Self.batch(1200, [("a", 400), ("b", 5.5), ("c", 20.5)]))
        #expect(jump > 0.3 && jump <= 1.0 / 3 + 1e-9)
        #expect(m.topSeries(1).first?.key.name == "a")
        #expect(m.bands[SeriesKey(name: "a", labels: Labels())].map { $0.values.count <= BandHistory.capacity + BandHistory.capacity / 4 } == true)
    }

    @Test func sameInputSameScores() {
        func run() -> [Double] {
            var m = ClusterAnomalyModel()
            var rng = TestRNG(state: 9)
            return (0..<500).map { i in m.ingest(Self.batch(i, [("x", rng.next() * 10), ("y", Double(i % 48))])) }
        }
        #expect(run() == run())
    }

    @Test func feedbackAdaptsOnlyTheSeriesItIsAbout() throws {
        var m = ClusterAnomalyModel()
        var rng = TestRNG(state: 5)
        for i in 0..<1200 { _ = m.ingest(Self.batch(i, [("a", 100 + rng.next()), ("b", 5 + rng.next())])) }
        _ = m.ingest(Self.batch(1200, [("a", 400), ("b", 5.5)]))
        let a = SeriesKey(name: "a", labels: Labels()), b = SeriesKey(name: "b", labels: Labels())
        let event = try #require(m.trackers[a]?.current)
        m.applyFeedback(key: a, event: event, isAnomaly: false)
        m.applyFeedback(key: SeriesKey(name: "unknown", labels: Labels()), event: event, isAnomaly: false)
        #expect(m.detectors[a]?.hasFeedback == true)
        #expect(m.detectors[b]?.hasFeedback == false)
        #expect(m.detectors.count == 2)
        #expect(ClusterAnomalyModel.fingerprint(key: a, event: event).stored.hasPrefix("metric|a|newExtreme|up|m"))
    }
}
