import Foundation
import Testing
import VigilCore
import VigilTerminal
@testable import VigilApp
@testable import VigilEngine

/// Screen 5: the fleet ranked by how unlike its peers each cluster is; never "all clear" without
/// an answer.
@Suite(.timeLimit(.minutes(2))) struct FleetScreenTests {
    /// Eight clusters on one version for half an hour of refreshes; c3's dns operator flaps from
    /// the tenth, c6 runs an older version alone.
    static func fleetModel(width: Int = 120, height: Int = 30) throws -> Model {
        var m = try Recorded.model(width: width, height: height)
        let t0 = Recorded.peak
        for step in 0..<30 {
            var samples: [FleetBatch.Sample] = []
            var versions: [String: String] = [:]
            for c in 0..<8 {
                let cluster = "cluster-\(c)"
                versions[cluster] = c == 6 ? "4.13.9" : "4.14.2"
                samples.append(.init(cluster: cluster, dimension: "pods", kind: .count, value: 300 + Double((step + c) % 4)))
                samples.append(.init(cluster: cluster, dimension: "Watchdog", kind: .events, value: 1))
                let flapping = c == 3 && step >= 10
                samples.append(.init(cluster: cluster, dimension: "dns/Degraded", kind: .condition, value: flapping ? Double(step % 2) : 0))
            }
            _ = update(&m, .source(.fleet(FleetBatch(timestamp: t0.addingTimeInterval(Double(step * 60)), versions: versions, samples: samples))))
        }
        _ = update(&m, .key(.char("5")))
        refreshDerived(&m)
        return m
    }

    @Test func clustersAreRankedWithTheirReasonAndTrend() throws {
        let m = try Self.fleetModel()
        #expect(m.screen == .fleet)
        let lines = view(m, width: 120, height: 30).lines
        let text = lines.joined(separator: "\n")
        #expect(text.contains("Fleet"))
        // The flapping cluster first, with the condition that flaps and its peers' value.
        let first = try #require(lines.first { $0.contains("cluster-") })
        #expect(first.contains("cluster-3") && first.contains("condition:dns/Degraded"))
        #expect(text.contains("unlike their peers"))
        // The cluster alone on its version is compared with the whole fleet.
        #expect(lines.contains { $0.contains("cluster-6") && $0.contains("8 all") })
        assertSnapshot(lines, named: "fleet-120x30")
        // And it is an anomaly the triage keys take, by cluster and feature.
        let items = m.engine.anomalies.items.values.filter { $0.kind == .fleet }
        #expect(items.count == 1)
        #expect(items.first.map { if case .fleet(let c, let f) = $0.fingerprint { c == "cluster-3" && f.hasPrefix("condition:dns/Degraded") } else { false } } == true)
    }

    @Test func theFilterAndTheDetailPane() throws {
        var m = try Self.fleetModel()
        _ = update(&m, .key(.char("/")))
        for c in "4.13" { _ = update(&m, .key(.char(c))) }
        _ = update(&m, .key(.enter))
        let lines = view(m, width: 120, height: 30).lines
        #expect(lines.filter { $0.contains("cluster-") && $0.contains("4.1") }.map { $0.contains("cluster-6") } == [true, true])
        #expect(lines.joined().contains("all 8 clusters (fewer than 5 on 4.13.9)"))
    }

    /// The triage keys on the Fleet screen: a verdict on the selected cluster's fleet anomaly (by
    /// cluster and feature), shown in the ranking, undone by `u`; a cluster never raised has none.
    @Test func triageKeysOnTheFleetScreen() throws {
        var m = try Self.fleetModel()
        m.lists[.fleet, default: ListState()].selection = 0
        #expect(FleetScreen.rows(m).first?.cluster == "cluster-3")
        let effects = update(&m, .key(.char("f")))
        let saved = effects.compactMap { if case .saveVerdicts(let v) = $0 { v } else { nil } }.flatMap { $0 }
        #expect(saved.count == 1)
        let verdict = try #require(saved.first)
        #expect(verdict.kind == .fleet && verdict.value == TriageStatus.falsePositive.verdictValue)
        if case .fleet(let cluster, let feature) = verdict.fingerprint {
            #expect(cluster == "cluster-3" && feature.hasPrefix("condition:dns/Degraded"))
        } else { Issue.record("not a fleet fingerprint: \(verdict.fingerprint)") }
        #expect(m.message?.contains("marked false positive") == true)
        let row = try #require(view(m, width: 120, height: 30).lines.first { $0.contains("cluster-3") })
        #expect(row.contains("false"))
        _ = update(&m, .key(.char("u")))
        #expect(m.engine.anomalies.verdicts[verdict.fingerprint] == nil)
        // s then a length: snoozed.
        _ = update(&m, .key(.char("s")))
        let snoozed = update(&m, .key(.char("2"))).compactMap { if case .saveVerdicts(let v) = $0 { v } else { nil } }.flatMap { $0 }
        #expect(snoozed.first?.until != nil && snoozed.first?.kind == .fleet)
        // A cluster never raised: said, nothing saved.
        m.lists[.fleet, default: ListState()].selection = 1
        #expect(update(&m, .key(.char("c"))).isEmpty)
        #expect(m.message?.contains("was never raised") == true)
    }

    /// No fleet data: it says why, in the warning colour, never an empty "all clear".
    @Test func withoutFleetDataItSaysWhy() throws {
        var m = try Recorded.model(width: 120, height: 30)
        _ = update(&m, .key(.char("5")))
        let b = view(m, width: 120, height: 30)
        #expect(b.lines.joined().contains("no fleet data: needs a Prometheus/Thanos of many clusters"))
        assertSnapshot(b.lines, named: "fleet-empty-120x30")
    }

    /// The reference's two scores are kept beside Vigil's, per cluster.
    @Test func theReferenceScoresTheSameRefreshes() throws {
        let m = try Self.fleetModel()
        #expect(m.engine.fleetReference.finalResource.count == 8)
        #expect(m.engine.fleetReference.finalAlert.count == 8)
        #expect(m.engine.fleetTrend["cluster-3"]?.count == 30)
    }
}
