import Foundation
import Testing
import VigilCore
@testable import VigilSources
@testable import VigilGenerator

/// The bundled recording in `sample-data/` is what the dashboard's replay mode and its tests rely
/// on: these tests pin its shape.
@Suite(.timeLimit(.minutes(5))) struct SampleDataTests {
    private func recording() throws -> ReplayRecording { try SampleDataFixture.recording.get() }

    @Test func parsesWithEveryRequiredSeries() throws {
        let names = Set(try recording().batches.flatMap { $0.samples.map(\.name) })
        let required = [
            "cluster_version", "cluster_operator_up", "cluster_operator_conditions", "ALERTS",
            "apiserver_request_total", "up", "kube_node_status_condition", "kube_node_role",
            "cluster:cpu_usage_cores:sum", "cluster:capacity_cpu_cores:sum", "apiserver_storage_objects",
            "kube_deployment_status_replicas_unavailable",
        ]
        for name in required { #expect(names.contains(name), "missing \(name)") }
    }

    @Test func stepsAreThirtySecondsAndCoverSixHours() throws {
        let times = try recording().batches.map(\.timestamp)
        let gaps = Set(zip(times.dropFirst(), times).map { $0.timeIntervalSince($1) })
        #expect(gaps == [30])
        let span = try #require(times.last).timeIntervalSince(try #require(times.first))
        #expect(span >= 6 * 3600)
        #expect(try recording().end == SampleDataGenerator.defaultEnd)
    }

    @Test func countersNeverDecrease() throws {
        var last: [SeriesKey: Double] = [:]
        var checked = 0
        for batch in try recording().batches {
            for s in batch.samples where s.name.hasSuffix("_total") {
                if let previous = last[s.key] { #expect(s.value >= previous, "\(s.key) fell at \(batch.timestamp)") }
                last[s.key] = s.value
                checked += 1
            }
        }
        #expect(checked > 10_000)
    }

    @Test func everyNodeHasExactlyOneReadyStatus() throws {
        for batch in try recording().batches {
            var ones: [String: Double] = [:]
            for s in batch.samples where s.name == "kube_node_status_condition" && s.labels["condition"] == "Ready" {
                ones[s.labels["node"] ?? "", default: 0] += s.value
            }
            #expect(ones.count == 6 && ones.values.allSatisfy { $0 == 1 }, "at \(batch.timestamp)")
        }
    }

    @Test func alertsSeriesAndAlertsFileAgree() throws {
        let rec = try recording()
        var firingNames: Set<String> = []
        var firstFiring: [Labels: Date] = [:]
        for batch in rec.batches {
            for s in batch.samples where s.name == "ALERTS" && s.labels["alertstate"] == "firing" {
                firingNames.insert(s.labels["alertname"] ?? "")
                var labels = s.labels.dictionary
                labels["alertstate"] = nil
                if firstFiring[Labels(labels)] == nil { firstFiring[Labels(labels)] = batch.timestamp }
            }
        }
        #expect(Set(rec.alertEpisodes.map(\.name)) == firingNames)
        for episode in rec.alertEpisodes {
            let first = try #require(firstFiring[episode.labels], "no ALERTS series for \(episode.labels)")
            let start = try #require(episode.activeAt)
            #expect(abs(first.timeIntervalSince(start)) <= 30, "\(episode.name) starts at \(start), series at \(first)")
        }
        #expect(rec.alertEpisodes.contains { $0.silenced })
        #expect(rec.alertEpisodes.contains { $0.name == "Watchdog" && $0.severity == .none })
    }

    @Test func logsAreOrderedAndHoldTheBurst() throws {
        let logs = try recording().logs
        #expect(logs.count > 5_000 && logs.count < 25_000)
        #expect(zip(logs, logs.dropFirst()).allSatisfy { $0.timestamp <= $1.timestamp })
        // The lines of the quietest and the stormiest ten minutes.
        let start = try recording().start
        func lines(from minute: Int) -> Int {
            let a = start.addingTimeInterval(Double(minute * 60)), b = a.addingTimeInterval(600)
            return logs.filter { $0.timestamp >= a && $0.timestamp < b }.count
        }
        let quiet = lines(from: 60), storm = lines(from: 4 * 60 + 25)   // 05:00 and 08:25 UTC
        #expect(storm > 8 * quiet, "burst \(storm) vs background \(quiet)")
        #expect(logs.contains { $0.source == "etcd" && $0.line.contains("apply request took too long") })
        #expect(logs.contains { $0.line.contains("changed leader from") })
        #expect(logs.contains { $0.source == "kubelet" && $0.line.contains("PLEG is not healthy") })
    }

    @Test func theStoryHappens() throws {
        let rec = try recording()
        func value(_ name: String, _ match: [String: String], at clock: String) throws -> Double? {
            let t = try #require(RFC3339.parse("2026-11-28T\(clock)Z"))
            let batch = try #require(rec.batches.first { $0.timestamp == t })
            return batch.samples.first { s in s.name == name && match.allSatisfy { s.labels[$0.key] == $0.value } }?.value
        }
        let node = ["node": "ocp-m7qtd-master-1", "condition": "Ready"]
        #expect(try value("kube_node_status_condition", node.merging(["status": "true"]) { a, _ in a }, at: "07:00:00") == 1)
        #expect(try value("kube_node_status_condition", node.merging(["status": "unknown"]) { a, _ in a }, at: "08:30:00") == 1)
        #expect(try value("kube_node_status_condition", node.merging(["status": "true"]) { a, _ in a }, at: "09:30:00") == 1)
        let degraded = ["name": "kube-apiserver", "condition": "Degraded", "reason": "NodeController_MasterNodesReady"]
        #expect(try value("cluster_operator_conditions", degraded, at: "08:40:00") == 1)
        #expect(try value("cluster_operator_conditions", degraded, at: "09:30:00") == nil)
        #expect(try value("cluster_version", ["type": "updating"], at: "08:00:00") != nil)
        #expect(try value("cluster_version", ["type": "completed", "version": "4.15.14"], at: "11:00:00") != nil)
        #expect(rec.alerts(at: try #require(RFC3339.parse("2026-11-28T08:40:00Z"))).contains { $0.name == "KubeNodeNotReady" })
    }
}
