import Foundation
import Testing
import VigilSources
import VigilGenerator
import VigilLiveHarness

/// The sample-data incident, backfilled with promtool into a real Prometheus: what Prometheus
/// answers at instants of the story must match sample-data/README.md and alerts.json.
@Suite(.timeLimit(.minutes(10)), .enabled(if: liveTestsEnabled))
struct IncidentBackfillTests {
    static let peak = SampleDataGenerator.defaultEnd.addingTimeInterval(-3.5 * 3600)   // 08:30Z
    static let mostAlerts = SampleDataGenerator.defaultEnd.addingTimeInterval(-3 * 3600 - 600)  // 08:50Z

    @Test func backfilledIncidentAnswersLikeTheRecording() async throws {
        let report = try await ProcessRunner.blocking { try Backfill.incidentReport(end: SampleDataGenerator.defaultEnd, hours: 8) }
        defer { try? FileManager.default.removeItem(at: report.storage.deletingLastPathComponent()) }
        print("live: incident backfill: generated \(report.bytes / 1_000_000) MB in \(ms(report.generateSeconds)), "
              + "promtool imported \(report.samples) samples in \(report.blocks.count) blocks in \(ms(report.importSeconds))")

        // promtool took every sample of metrics.om, over the whole 8 hours.
        let sampleLines = try Self.sampleLines(in: report.recording.appendingPathComponent(SampleDataGenerator.metricsFile))
        #expect(report.samples == sampleLines, "promtool imported \(report.samples) of \(sampleLines) samples")
        let start = Int64(SampleDataGenerator.defaultEnd.timeIntervalSince1970 * 1000) - 8 * 3_600_000
        #expect(report.blocks.map(\.minTime).min() == start)
        #expect(report.blocks.map(\.maxTime).max() == Int64(SampleDataGenerator.defaultEnd.timeIntervalSince1970 * 1000) + 1)

        let prometheus = try await ProcessRunner.blocking { try RealServers.prometheus(storage: report.storage) }
        defer { prometheus.stop() }
        print("live: Prometheus on the backfill ready in \(ms(prometheus.startupSeconds))")

        // 08:30: etcd Degraded (EtcdMembers_UnhealthyMembers), master-1 Unknown.
        let etcd = try await LiveHTTP.query(prometheus, "cluster_operator_conditions{name=\"etcd\"}", at: Self.peak)
        let degraded = etcd.first { $0.labels["condition"] == "Degraded" }
        #expect(degraded?.value == 1, "\(etcd)")
        #expect(degraded?.labels["reason"] == "EtcdMembers_UnhealthyMembers")
        let unknown = try await LiveHTTP.query(prometheus, "kube_node_status_condition{node=\"ocp-m7qtd-master-1\",status=\"unknown\"}", at: Self.peak)
        #expect(unknown.first?.value == 1, "\(unknown)")

        // ALERTS firing at the instant itself (series that ended within the 5-minute lookback
        // are left out: backfilled data has no staleness markers) match alerts.json's episodes.
        let alerts = try JSONDecoder().decode([AlertmanagerAlert].self,
                                              from: Data(contentsOf: report.recording.appendingPathComponent(SampleDataGenerator.alertsFile)))
        for (instant, count) in [(Self.peak, 9), (Self.mostAlerts, 18)] {
            let firing = try await LiveHTTP.query(prometheus, """
                ALERTS{alertstate="firing"} and (time() - timestamp(ALERTS{alertstate="firing"}) < 1)
                """, at: instant)
            let fromPrometheus = Set(firing.map { sample in sample.labels.filter { $0.key != "__name__" && $0.key != "alertstate" } })
            let fromFile = Set(alerts.filter { a in
                let alert = a.alert
                return alert.activeAt.map { $0 <= instant } == true && alert.endsAt.map { instant < $0 } ?? true
            }.map(\.labels))
            #expect(fromPrometheus.count == count, "at \(instant): \(fromPrometheus.map { $0["alertname"] ?? "?" }.sorted())")
            #expect(fromPrometheus == fromFile,
                    "at \(instant): only in Prometheus \(fromPrometheus.subtracting(fromFile)); only in alerts.json \(fromFile.subtracting(fromPrometheus))")
        }
        let peakFiring = try await LiveHTTP.query(prometheus, "ALERTS{alertname=\"KubeAPIErrorsHigh\",alertstate=\"firing\",severity=\"critical\"}", at: Self.peak)
        #expect(!peakFiring.isEmpty, "KubeAPIErrorsHigh (critical) is not firing at 08:30")
        // 07:00 is calm: only Watchdog and the silenced AlertmanagerReceiversNotConfigured.
        let calm = try await LiveHTTP.query(prometheus, "ALERTS{alertstate=\"firing\"}", at: Self.peak.addingTimeInterval(-5400))
        #expect(Set(calm.compactMap { $0.labels["alertname"] }) == ["Watchdog", "AlertmanagerReceiversNotConfigured"], "\(calm)")
    }

    /// Lines of an OpenMetrics file that are samples (not `#` lines).
    static func sampleLines(in file: URL) throws -> Int {
        let data = try Data(contentsOf: file)
        return data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) -> Int in
            guard let base = raw.baseAddress else { return 0 }
            var count = 0
            var offset = 0
            while offset < raw.count {
                let lineStart = base + offset
                if lineStart.load(as: UInt8.self) != UInt8(ascii: "#") { count += 1 }
                guard let newline = memchr(lineStart, 0x0A, raw.count - offset) else { break }
                offset = base.distance(to: UnsafeRawPointer(newline)) + 1
            }
            return count
        }
    }
}
