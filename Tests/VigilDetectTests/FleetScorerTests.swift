import Foundation
import Testing
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

    /// A generated fleet (4 h, 60 clusters, faults of three kinds in a known fifth, and a version
    /// that regresses as a whole): the faulty clusters rank above the healthy ones, and none of the
    /// regressed version's is among the top.
    @Test func aGeneratedFleetsFaultsRankAboveTheHealthyClusters() {
        var generator = FleetGenerator()
        generator.clusters = 60
        generator.duration = 4 * 3600
        generator.seed = 11
        let fleet = generator.generate()
        var scorer = FleetScorer()
        for p in fleet.points {
            switch p.metric {
            case "cluster_version": scorer.setVersion(p.label, of: p.cluster)
            case "etcd_object_counts": scorer.add(cluster: p.cluster, dimension: p.label, kind: .count, time: p.time, value: p.value)
            case "cluster_operator_conditions": scorer.add(cluster: p.cluster, dimension: p.label, kind: .condition, time: p.time, value: p.value)
            default: scorer.add(cluster: p.cluster, dimension: p.label, kind: .events, time: p.time, value: p.value)
            }
        }
        let scores = scorer.scores(at: fleet.duration)
        let faulty = Set(fleet.truth.map(\.cluster))
        #expect(faulty.count == 12)
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
