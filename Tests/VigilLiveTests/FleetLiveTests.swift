import Foundation
import Testing
@testable import VigilEngine
import VigilCore
import VigilGenerator
import VigilLiveHarness
@testable import VigilPrometheus

/// Fleet mode against a real Prometheus: a generated fleet of 40 clusters (faults in a known eighth,
/// one version regressing as a whole) backfilled with promtool; the profile's fleet queries, one
/// per dimension kind aggregated by cluster on the server, refreshed over the last hour into the
/// engine, rank the faulty clusters first.
@Suite(.timeLimit(.minutes(10)), .enabled(if: liveTestsEnabled))
struct FleetLiveTests {
    @Test func aBackfilledFleetIsRankedFromItsPrometheus() async throws {
        var generator = FleetGenerator()
        generator.clusters = 40
        generator.duration = 3 * 3600
        generator.faultyShare = 0.125
        generator.seed = 5
        let end = Date(timeIntervalSince1970: 1_795_867_200)
        generator.start = end.timeIntervalSince1970 - generator.duration
        let fleet = generator.generate()
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-fleet-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("fleet.om")
        try fleet.writeOpenMetrics(to: file)
        _ = try await ProcessRunner.blocking { try Backfill.importOpenMetrics(file, into: dir.appendingPathComponent("storage")) }
        let prometheus = try await ProcessRunner.blocking { try RealServers.prometheus(storage: dir.appendingPathComponent("storage")) }
        defer { prometheus.stop() }

        let parsed = try ProfileLoader.parse(FleetGenerator.profileYAML, file: "fleettest.yaml")
        let client = try PrometheusClient(options: EndpointOptions(baseURL: prometheus.url))
        let source = LiveSource(prometheus: client, alertmanager: nil, profile: .fixed(parsed), refresh: 60, sourceName: "fleet", sink: { _ in })
        var engine = Engine()
        // The last hour, a refresh a minute (the data's step).
        var requests = 0
        for minute in stride(from: 60, through: 0, by: -1) {
            let t = end.addingTimeInterval(Double(-minute * 60) - 1)
            for m in await source.collectFleet(try #require(parsed.fleet), at: t) {
                if case .health(let h) = m { #expect(h.state == .ok, "\(h)") }
                engine.ingest(m)
            }
            requests += try #require(parsed.fleet).queryCount
        }
        await client.shutdown()
        let scores = engine.fleetScores
        #expect(scores.count == 40)
        let faulty = Set(fleet.truth.map(\.cluster))
        #expect(faulty.count == 5)
        let top = scores.prefix(faulty.count).map(\.cluster)
        #expect(Set(top) == faulty, "top \(top), faulty \(faulty.sorted()), scores \(scores.prefix(8).map { ($0.cluster, $0.score) })")
        #expect(!top.contains { fleet.versions[$0] == fleet.regressedVersion })
        // Fleet anomalies on the Anomalies list, by cluster and feature.
        let raised = Set(engine.anomalies.items.values.filter { $0.kind == .fleet }.compactMap { item -> String? in
            if case .fleet(let c, _) = item.fingerprint { c } else { nil }
        })
        #expect(raised.isSubset(of: faulty) && !raised.isEmpty,
                "raised \(engine.anomalies.items.values.filter { $0.kind == .fleet }.map { "\($0.subject) at \($0.time): \($0.detail)" })")
        #expect(requests == 61 * 7)
        print("live: fleet of 40 clusters, 61 refreshes of 7 queries each (\(requests) requests, never one per cluster); "
              + "top \(faulty.count) = the faulty clusters; \(raised.count) raised as fleet anomalies")
    }
}
