import Foundation
import Testing
import VigilCore
@testable import VigilDetect

/// A counter is scored as its rate per second, and every number a person reads about it — the
/// explanation, the band, the chart — is in that unit, never the cumulative total.
@Suite(.timeLimit(.minutes(5))) struct CounterUnitsTests {
    @Test func aCounterAnomalyIsExplainedInRatesPerSecond() throws {
        let key = SeriesKey(name: "apiserver_request_total", labels: Labels(["code": "503"]))
        var model = ClusterAnomalyModel()
        var total = 30_000.0
        var rng = SplitMix64(seed: 3)
        for i in 0..<600 {
            // About 2 requests a second, 60 a second for a minute at i = 500.
            let rate = (500..<504).contains(i) ? 60.0 : 2 + rng.unit()
            total += rate * 15
            _ = model.ingest(MetricBatch(timestamp: Date(timeIntervalSince1970: Double(i * 15)),
                                         samples: [Sample(key: key, value: total, timestamp: Date(timeIntervalSince1970: Double(i * 15)))]))
        }
        let event = try #require(model.events.map(\.1).first { $0.start >= 500 * 15 } ?? model.trackers[key]?.current)
        #expect(event.isRate)
        #expect(event.actual > 30 && event.actual < 100, "actual \(event.actual) is not a rate")
        #expect(event.expectedUpper < 10)
        #expect(event.explanation.hasPrefix("rate "), "\(event.explanation)")
        #expect(event.explanation.contains("/s above expected"), "\(event.explanation)")
        // The chart and the latest forecast are in the same unit as the band.
        let band = try #require(model.bands[key])
        #expect(band.values.suffix(50).allSatisfy { !$0.isFinite || $0 < 100 })
        #expect(model.latest[key].map { $0.value < 100 && $0.output.isRate } == true)
    }
}
