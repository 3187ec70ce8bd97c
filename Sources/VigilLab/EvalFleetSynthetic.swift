import Foundation
import VigilDetect
import VigilGenerator

/// `vigil-lab eval fleet --synthetic`: both fleet scorers on the same generated fleet with known
/// faults: ROC-AUC and precision at k of ranking the faulty clusters, recall by fault kind, whether
/// the clusters of the version that regressed as a whole stay out of the top, and the delay to
/// detection (the first check, every `check` seconds, at which the cluster ranks in the top k).
enum EvalFleetSynthetic {
    struct Ranking {
        var name: String
        /// Check time → cluster → score.
        var timeline: [(t: Double, scores: [String: Double])] = []
    }

    static func run(generator: FleetGenerator, check: Double) {
        let began = Date()
        let fleet = generator.generate()
        let generated = Date().timeIntervalSince(began)
        let faulty = Set(fleet.truth.map(\.cluster))
        let regressed = Set(fleet.clusters.filter { fleet.versions[$0] == fleet.regressedVersion })
        print("synthetic fleet: \(fleet.clusters.count) clusters on \(Set(fleet.versions.values).count) versions, "
              + "\(Int(fleet.duration / 3600)) h at \(Int(fleet.step)) s, \(fleet.points.count) samples (\(String(format: "%.1f", generated)) s); "
              + "\(faulty.count) faulty (" + FleetGenerator.Fault.allCases.map { f in "\(fleet.truth.filter { $0.fault == f }.count) \(f.rawValue)" }.joined(separator: ", ")
              + "); version \(fleet.regressedVersion) (\(regressed.count) clusters) regresses as a whole at \(Int(fleet.regressionOnset / 3600)) h")

        // Vigil's scorer, sample by sample; scored at every check. Again with the version as the only
        // peer label (platform and size left out), to show what narrowing the peer group is worth.
        let (vigil, vigilSeconds, lastReasons) = runVigil(fleet, check: check, usePeerLabels: true,
                                                         name: "Vigil (windowed, robust z per peer group)")
        let (versionOnly, _, _) = runVigil(fleet, check: check, usePeerLabels: false, name: "Vigil, peers by version only")

        // The reference, fed as it reads files: chunk by chunk (one per check), metrics in name order,
        // one series per cluster and label; its published score is whichever branch spoke last, so
        // it is scored three ways: resource, alert, and the larger of the two.
        var resource = Ranking(name: "reference, resource score"), alert = Ranking(name: "reference, alert score")
        var larger = Ranking(name: "reference, larger of the two")
        var reference = FlatlinerScorer()
        var referenceSeconds = 0.0
        var start = 0
        while start < fleet.points.count {
            let chunkEnd = fleet.points[start].time - fleet.points[start].time.truncatingRemainder(dividingBy: check) + check
            var end = start
            while end < fleet.points.count, fleet.points[end].time < chunkEnd { end += 1 }
            var series: [String: FlatlinerScorer.Series] = [:]
            var order: [String] = []
            for p in fleet.points[start..<end] where ["cluster_version", "etcd_object_counts", "alerts"].contains(p.metric) {
                let key = "\(p.metric)\u{0}\(p.cluster)\u{0}\(p.label)"
                if series[key] == nil {
                    series[key] = FlatlinerScorer.Series(metric: p.metric, cluster: p.cluster, label: p.label, values: [])
                    order.append(key)
                }
                series[key]?.values.append((p.time, p.value))
            }
            let started = Date()
            for key in order.sorted() { if let s = series[key] { reference.ingest(s) } }
            referenceSeconds += Date().timeIntervalSince(started)
            let at = min(chunkEnd, fleet.duration)
            var r: [String: Double] = [:], a: [String: Double] = [:], m: [String: Double] = [:]
            for c in fleet.clusters {
                r[c] = reference.finalResource[c]?.score ?? 0
                a[c] = reference.finalAlert[c]?.score ?? 0
                m[c] = max(r[c] ?? 0, a[c] ?? 0)
            }
            resource.timeline.append((at, r)); alert.timeline.append((at, a)); larger.timeline.append((at, m))
            start = end
        }

        let k = faulty.count
        print("ranking at the end (\(Int(fleet.duration / 3600)) h), k = \(k) faulty clusters:")
        print("scorer                                        ROC-AUC  prec@k  " + FleetGenerator.Fault.allCases.map { "\($0.rawValue)@k" }.joined(separator: "  ")
              + "  regressed in top k  median delay  undetected")
        for ranking in [vigil, versionOnly, larger, resource, alert] {
            guard let final = ranking.timeline.last?.scores else { continue }
            let auc = rocAUC(final, positives: faulty)
            let top = Set(topK(final, k))
            let byKind = FleetGenerator.Fault.allCases.map { f -> String in
                let members = fleet.truth.filter { $0.fault == f }.map(\.cluster)
                return String(format: "%d/%d", members.filter { top.contains($0) }.count, members.count).padding(toLength: f.rawValue.count + 2, withPad: " ", startingAt: 0)
            }
            var delays: [Double] = []
            var undetected = 0
            for truth in fleet.truth {
                if let hit = ranking.timeline.first(where: { $0.t >= truth.onset && Set(topK($0.scores, k)).contains(truth.cluster) }) {
                    delays.append(hit.t - truth.onset)
                } else {
                    undetected += 1
                }
            }
            delays.sort()
            let median = delays.isEmpty ? Double.nan : delays[delays.count / 2]
            print(ranking.name.padding(toLength: 44, withPad: " ", startingAt: 0)
                  + String(format: "  %6.3f  %6.2f  ", auc, Double(top.intersection(faulty).count) / Double(max(1, k)))
                  + byKind.joined(separator: "  ")
                  + String(format: "  %18d  %9.0f min  %10d", top.intersection(regressed).count, median / 60, undetected))
        }
        if let final = vigil.timeline.last?.scores {
            let flagged = Set(final.filter { $0.value >= 0.99 }.map(\.key))
            print("Vigil at score ≥ 0.99: \(flagged.count) flagged, \(flagged.intersection(faulty).count) of them faulty, "
                  + "\(flagged.intersection(regressed).count) of the regressed version")
        }
        // The faulty clusters outside the top k, and how they scored.
        let topVigil = Set(topK(vigil.timeline.last?.scores ?? [:], k))
        for truth in fleet.truth where !topVigil.contains(truth.cluster) {
            guard let score = lastReasons[truth.cluster] else { continue }
            let why = score.reasons.prefix(2).map { String(format: "%@ %.3g vs peers %.3g (z %.1f)", $0.feature, $0.value, $0.peerMedian, $0.z) }
            print(String(format: "  missed: %@ (%@) score %.4f, peers %@: %@", score.cluster, truth.fault.rawValue, score.score, score.peerGroup,
                         why.joined(separator: "; ")))
        }
        // The healthy clusters flagged, and why: where the scorer is wrong.
        for score in lastReasons.values.filter({ $0.score >= 0.99 && !faulty.contains($0.cluster) }).sorted(by: { $0.cluster < $1.cluster }) {
            let why = score.reasons.prefix(2).map { String(format: "%@ %.3g vs peers %.3g (z %.1f)", $0.feature, $0.value, $0.peerMedian, $0.z) }
            print(String(format: "  flagged but healthy: %@%@ score %.4f, peers %@: %@", score.cluster,
                         regressed.contains(score.cluster) ? " (regressed version)" : "", score.score, score.peerGroup, why.joined(separator: "; ")))
        }
        print(String(format: "time: Vigil %.2f s (%d checks), reference %.2f s", vigilSeconds, vigil.timeline.count, referenceSeconds))
        // What an operator reads: the top three with their reasons.
        for score in lastReasons.values.sorted(by: { ($0.score, $1.cluster) > ($1.score, $0.cluster) }).prefix(3) {
            let truth = fleet.truth.first { $0.cluster == score.cluster }.map { "(\($0.fault.rawValue))" } ?? "(healthy)"
            let why = score.reasons.map { String(format: "%@ %.3g vs peers %.3g (z %.1f)", $0.feature, $0.value, $0.peerMedian, $0.z) }.joined(separator: "; ")
            print(String(format: "  %@ %@ score %.4f, peers %@: %@", score.cluster, truth, score.score, score.peerGroup, why))
        }
    }

    /// Vigil's scorer over the fleet, scored every `check` seconds: the rankings, the seconds spent
    /// scoring, and the last scores with their reasons.
    static func runVigil(_ fleet: FleetGenerator.Fleet, check: Double, usePeerLabels: Bool, name: String)
        -> (Ranking, Double, [String: FleetScorer.ClusterScore]) {
        var vigil = Ranking(name: name)
        var scorer = FleetScorer()
        var vigilSeconds = 0.0
        var next = check
        var lastReasons: [String: FleetScorer.ClusterScore] = [:]
        var i = 0
        while i <= fleet.points.count {
            let t = i < fleet.points.count ? fleet.points[i].time : .infinity
            if t >= next || i == fleet.points.count {
                let at = min(next, fleet.duration)
                let started = Date()
                let scores = scorer.scores(at: at)
                vigilSeconds += Date().timeIntervalSince(started)
                vigil.timeline.append((at, Dictionary(uniqueKeysWithValues: scores.map { ($0.cluster, $0.score) })))
                lastReasons = Dictionary(uniqueKeysWithValues: scores.map { ($0.cluster, $0) })
                if i == fleet.points.count { break }
                next += check
                continue
            }
            let p = fleet.points[i]
            let started = Date()
            switch p.metric {
            case "cluster_version": scorer.setVersion(p.label, of: p.cluster)
            case "etcd_object_counts": scorer.add(cluster: p.cluster, dimension: p.label, kind: .count, time: p.time, value: p.value)
            case "cluster_operator_conditions": scorer.add(cluster: p.cluster, dimension: p.label, kind: .condition, time: p.time, value: p.value)
            case "alerts": scorer.add(cluster: p.cluster, dimension: p.label, kind: .events, time: p.time, value: p.value)
            case "cluster_platform": if usePeerLabels { scorer.setPlatform(p.label, of: p.cluster) }
            case "cluster_nodes": if usePeerLabels { scorer.setNodes(p.value, of: p.cluster) }
            case "api_error_share": scorer.add(cluster: p.cluster, dimension: p.label, kind: .level, time: p.time, value: p.value)
            default: break
            }
            vigilSeconds += Date().timeIntervalSince(started)
            i += 1
        }
        return (vigil, vigilSeconds, lastReasons)
    }

    static func topK(_ scores: [String: Double], _ k: Int) -> [String] {
        scores.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.prefix(k).map(\.key)
    }

    /// The probability that a faulty cluster outscores a healthy one (ties count half).
    static func rocAUC(_ scores: [String: Double], positives: Set<String>) -> Double {
        let pos = scores.filter { positives.contains($0.key) }.map(\.value)
        let neg = scores.filter { !positives.contains($0.key) }.map(\.value)
        guard !pos.isEmpty, !neg.isEmpty else { return .nan }
        var wins = 0.0
        for p in pos { for n in neg { wins += p > n ? 1 : (p == n ? 0.5 : 0) } }
        return wins / Double(pos.count * neg.count)
    }
}
