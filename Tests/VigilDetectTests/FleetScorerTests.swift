import Foundation
import Testing
import VigilCore
import VigilGenerator
@testable import VigilDetect

/// Vigil's fleet scorer: peers, windows, explanations, and the ranking of a generated fleet with
/// known faults.
@Suite(.timeLimit(.minutes(2))) struct FleetScorerTests {
    /// Eight clusters on one version for an hour: steady counts, one firing alert each.
    static func fleet(_ n: Int = 8, version: (Int) -> String = { _ in "4.14.1" }) -> FleetScorer {
        var scorer = FleetScorer()
        for c in 0..<n {
            let name = "c\(c)"
            scorer.setVersion(version(c), of: name)
            for step in 0..<60 {
                let t = Double(step * 60)
                scorer.add(cluster: name, dimension: "pods", kind: .count, time: t, value: 100 + Double((step + c) % 3))
                scorer.add(cluster: name, dimension: "dns/Degraded", kind: .condition, time: t, value: 0)
                scorer.add(cluster: name, dimension: "Watchdog", kind: .events, time: t, value: 1)
            }
        }
        return scorer
    }

    @Test func aFlappingOperatorIsFlaggedWithItsReasonAndThePeersValue() throws {
        var scorer = Self.fleet()
        for step in 60..<90 {
            scorer.add(cluster: "c3", dimension: "dns/Degraded", kind: .condition, time: Double(step * 60), value: Double(step % 2))
            for c in 0..<8 {
                scorer.add(cluster: "c\(c)", dimension: "pods", kind: .count, time: Double(step * 60), value: 100 + Double((step + c) % 3))
            }
        }
        let scores = scorer.scores(at: 89 * 60)
        let top = try #require(scores.first)
        #expect(top.cluster == "c3" && top.score > 0.99)
        #expect(top.peers == 8 && top.sameVersion && top.version == "4.14.1")
        #expect(top.reasons.first?.feature.hasPrefix("condition:dns/Degraded:") == true)
        #expect(top.reasons.first?.peerMedian == 0)
        #expect(scores.dropFirst().allSatisfy { $0.score < 0.5 })
    }

    /// Every cluster of a version changes together: each is like its peers.
    @Test func aVersionWideChangeIsNotFlaggedPerCluster() {
        var scorer = Self.fleet(16) { $0 < 8 ? "4.14.1" : "4.14.2" }
        for c in 8..<16 {
            for step in 0..<60 { scorer.add(cluster: "c\(c)", dimension: "Regression", kind: .events, time: Double(step * 60), value: 1) }
        }
        #expect(scorer.scores(at: 59 * 60).allSatisfy { $0.score < 0.5 })
    }

    /// State is a window: a burst older than the window no longer counts.
    @Test func aBurstLeavesTheScoreWithTheWindow() {
        var config = FleetScorer.Config()
        config.window = 1800
        var scorer = FleetScorer(config: config)
        for c in 0..<8 {
            scorer.setVersion("v", of: "c\(c)")
            for step in 0..<120 {
                scorer.add(cluster: "c\(c)", dimension: "Watchdog", kind: .events, time: Double(step * 60), value: 1)
                if c == 5, step < 20 {
                    for a in ["A", "B", "C", "D", "E", "F", "G", "H"] { scorer.add(cluster: "c5", dimension: a, kind: .events, time: Double(step * 60), value: 1) }
                }
            }
        }
        #expect(scorer.scores(at: 19 * 60).first?.cluster == "c5")
        #expect(scorer.scores(at: 19 * 60).first.map { $0.score > 0.99 } == true)
        #expect(scorer.scores(at: 119 * 60).allSatisfy { $0.score < 0.5 })
    }

    /// A version with fewer than five clusters is compared with the whole fleet.
    @Test func aSmallVersionIsComparedWithTheWholeFleet() {
        let scorer = Self.fleet(10) { $0 < 8 ? "4.14.1" : "4.15.0" }
        let scores = Dictionary(uniqueKeysWithValues: scorer.scores(at: 59 * 60).map { ($0.cluster, $0) })
        #expect(scores["c9"]?.sameVersion == false && scores["c9"]?.peers == 10)
        #expect(scores["c0"]?.sameVersion == true && scores["c0"]?.peers == 8)
    }

    /// Fifteen clusters on one version and of one size class, five on bare metal, where API errors
    /// run ten times higher as a matter of course. Compared with every cluster of the version, each
    /// bare-metal one looks odd; with the platform mapped, each feature is first adjusted by its
    /// platform's median over the fleet, and only a real rise shows (c2's, on aws, to what bare
    /// metal sees every day).
    @Test func thePlatformAdjustsTheComparison() throws {
        func run(platforms: Bool) -> [String: FleetScorer.ClusterScore] {
            var scorer = FleetScorer()
            for c in 0..<15 {
                let name = "c\(c)", metal = c >= 10
                scorer.setVersion("4.14.1", of: name)
                if platforms { scorer.setPlatform(metal ? "baremetal" : "aws", of: name) }
                scorer.setNodes(40, of: name)
                for step in 0..<60 {
                    let wobble = 1 + 0.1 * Double((step + c) % 3)
                    var share = (metal ? 0.02 : 0.002) * wobble
                    if c == 2 { share *= 10 }
                    scorer.add(cluster: name, dimension: "api-5xx-share", kind: .level, time: Double(step * 60), value: share)
                }
            }
            return Dictionary(uniqueKeysWithValues: scorer.scores(at: 59 * 60).map { ($0.cluster, $0) })
        }
        let adjusted = run(platforms: true)
        #expect(adjusted["c2"].map { $0.score > 0.99 } == true)
        let reason = try #require(adjusted["c2"]?.reasons.first)
        #expect(reason.feature == "level:api-5xx-share:mean")
        // In the cluster's own terms: its share, and what its platform's clusters show.
        #expect(abs(reason.value - 0.022) < 0.001 && abs(reason.peerMedian - 0.0022) < 0.0005)
        #expect((10..<15).allSatisfy { adjusted["c\($0)"].map { $0.score <= 0.5 } == true })
        let c12 = try #require(adjusted["c12"])
        #expect(c12.peers == 15 && c12.narrowedBy == ["baremetal"])
        #expect(c12.peerGroup == "the 15 clusters on 4.14.1, adjusted for baremetal")
        // One size class for all: nothing to adjust for size.
        #expect(adjusted["c0"]?.narrowedBy == ["aws"])
        // Without the platform, bare metal stands out.
        let plain = run(platforms: false)
        #expect(plain["c12"]?.narrowedBy == [] && plain["c12"]?.peers == 15)
        #expect((10..<15).allSatisfy { plain["c\($0)"].map { $0.score > 0.99 } == true })
    }

    /// A level not reported is unknown, not zero: a cluster without the query's answer is not
    /// "below" its peers, and the others' baseline is not dragged down by it.
    @Test func aMissingLevelIsUnknown() {
        var scorer = FleetScorer()
        for c in 0..<8 {
            scorer.setVersion("v", of: "c\(c)")
            guard c != 4 else { continue }
            for step in 0..<30 { scorer.add(cluster: "c\(c)", dimension: "x", kind: .level, time: Double(step * 60), value: 0.5) }
        }
        let scores = scorer.scores(at: 29 * 60)
        #expect(scores.allSatisfy { $0.score <= 0.5 })
        #expect(scores.first { $0.cluster == "c4" }?.reasons.isEmpty == true)
    }

    @Test func sizeClasses() {
        #expect(FleetBatch.sizeClass(nodes: 3) == "1–3 nodes")
        #expect(FleetBatch.sizeClass(nodes: 3.4) == "1–3 nodes")
        #expect(FleetBatch.sizeClass(nodes: 4) == "4–10 nodes")
        #expect(FleetBatch.sizeClass(nodes: 5000) == "over 1000 nodes")
        #expect(FleetBatch.sizeClass(nodes: 0) == nil && FleetBatch.sizeClass(nodes: .nan) == nil && FleetBatch.sizeClass(nodes: .infinity) == nil)
    }

    /// A generated fleet (4 h, 100 clusters, faults of four kinds in a known fifth, and a version
    /// that regresses as a whole): the faulty clusters rank above the healthy ones, and none of the
    /// regressed version's is among the top.
    @Test func aGeneratedFleetsFaultsRankAboveTheHealthyClusters() {
        var generator = FleetGenerator()
        // 100: enough for five clusters of a version to share a platform, so bare metal's higher
        // API errors are compared with bare metal's (with 60, the groups are too small to narrow).
        generator.clusters = 100
        generator.duration = 4 * 3600
        generator.seed = 11
        let fleet = generator.generate()
        var scorer = FleetScorer()
        for p in fleet.points {
            switch p.metric {
            case "cluster_version": scorer.setVersion(p.label, of: p.cluster)
            case "etcd_object_counts": scorer.add(cluster: p.cluster, dimension: p.label, kind: .count, time: p.time, value: p.value)
            case "cluster_operator_conditions": scorer.add(cluster: p.cluster, dimension: p.label, kind: .condition, time: p.time, value: p.value)
            case "cluster_platform": scorer.setPlatform(p.label, of: p.cluster)
            case "cluster_nodes": scorer.setNodes(p.value, of: p.cluster)
            case "api_error_share": scorer.add(cluster: p.cluster, dimension: p.label, kind: .level, time: p.time, value: p.value)
            default: scorer.add(cluster: p.cluster, dimension: p.label, kind: .events, time: p.time, value: p.value)
            }
        }
        let scores = scorer.scores(at: fleet.duration)
        let faulty = Set(fleet.truth.map(\.cluster))
        #expect(faulty.count == 20)
        let pos = scores.filter { faulty.contains($0.cluster) }.map(\.score)
        let neg = scores.filter { !faulty.contains($0.cluster) }.map(\.score)
        var wins = 0.0
        for p in pos { for n in neg { wins += p > n ? 1 : (p == n ? 0.5 : 0) } }
        let auc = wins / Double(pos.count * neg.count)
        #expect(auc >= 0.95, "ROC-AUC \(auc)")
        let top = scores.prefix(faulty.count).map(\.cluster)
        #expect(!top.contains { fleet.versions[$0] == fleet.regressedVersion })
        // The generator's truth is consistent: onsets inside the run, no faulty cluster on the regressed version.
        #expect(fleet.truth.allSatisfy { $0.onset > 0 && $0.onset < fleet.duration && fleet.versions[$0.cluster] != fleet.regressedVersion })
        let again = generator.generate()
        #expect(again.truth == fleet.truth && again.points.count == fleet.points.count)
    }
}

@Suite(.timeLimit(.minutes(1))) struct StudentTailTests {
    /// Against published t-table values.
    @Test func matchesTheTables() {
        #expect(abs(FleetScorer.studentTail(2.262, degrees: 9) - 0.025) < 2e-4)
        #expect(abs(FleetScorer.studentTail(3.250, degrees: 9) - 0.005) < 1e-4)
        #expect(abs(FleetScorer.studentTail(1.96, degrees: 1e6) - 0.025) < 1e-4)
        #expect(abs(FleetScorer.studentTail(6.314, degrees: 1) - 0.05) < 1e-4)
        #expect(FleetScorer.studentTail(0, degrees: 5) == 0.5)
    }
}
