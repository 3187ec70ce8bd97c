import Foundation
import Testing
import VigilLiveHarness

/// The synthetic backfill the collection benchmark uses, at a small size.
@Suite(.timeLimit(.minutes(10)), .enabled(if: liveTestsEnabled))
struct SyntheticBackfillTests {
    @Test func syntheticSeriesAreAllQueryable() async throws {
        let end = Date(timeIntervalSince1970: 1_795_867_200)
        let report = try await ProcessRunner.blocking { try Backfill.syntheticReport(series: 1_000, minutes: 10, end: end) }
        defer { try? FileManager.default.removeItem(at: report.storage.deletingLastPathComponent()) }
        print("live: synthetic backfill (1,000 series × 21 points): generated \(report.bytes / 1000) kB in "
              + "\(ms(report.generateSeconds)), imported in \(ms(report.importSeconds))")
        #expect(report.samples == 1_000 * 21)

        let prometheus = try RealServers.prometheus(storage: report.storage)
        defer { prometheus.stop() }
        let all = try await LiveHTTP.query(prometheus, "count({__name__=~\".+\"})", at: end)
        #expect(all.first?.value == 1_000)
        let requests = try await LiveHTTP.query(prometheus, "count(apiserver_request_total)", at: end)
        #expect(requests.first?.value == 891)   // 1,000 − 10 up − 99 node_cpu
        // Counters only grow: no resets over the window.
        let resets = try await LiveHTTP.query(prometheus, "sum(resets(apiserver_request_total[15m]))", at: end)
        #expect(resets.first?.value == 0)
        let rate = try await LiveHTTP.query(prometheus, "sum(rate(apiserver_request_total[5m]))", at: end)
        #expect((rate.first?.value ?? 0) > 0)
    }
}

/// The benchmark's size (10,000 series, an hour): opt in with VIGIL_LIVE_BENCH=1, it takes a while.
@Suite(.timeLimit(.minutes(10)), .enabled(if: liveTestsEnabled && ProcessInfo.processInfo.environment["VIGIL_LIVE_BENCH"] == "1"))
struct SyntheticBackfillScaleTests {
    @Test func tenThousandSeriesForAnHour() async throws {
        let end = Date(timeIntervalSince1970: 1_795_867_200)
        let report = try await ProcessRunner.blocking { try Backfill.syntheticReport(series: 10_000, minutes: 60, end: end) }
        defer { try? FileManager.default.removeItem(at: report.storage.deletingLastPathComponent()) }
        print("live: synthetic backfill (10,000 series × 121 points): generated \(report.bytes / 1_000_000) MB in "
              + "\(ms(report.generateSeconds)), imported in \(ms(report.importSeconds)) (\(report.blocks.count) blocks)")
        #expect(report.samples == 10_000 * 121)
        let prometheus = try await ProcessRunner.blocking { try RealServers.prometheus(storage: report.storage) }
        defer { prometheus.stop() }
        print("live: Prometheus on 10,000 backfilled series ready in \(ms(prometheus.startupSeconds))")
        let started = Date()
        let all = try await LiveHTTP.query(prometheus, "count({__name__=~\".+\"})", at: end)
        print("live: count over 10,000 series answered in \(ms(Date().timeIntervalSince(started)))")
        #expect(all.first?.value == 10_000)
    }
}
