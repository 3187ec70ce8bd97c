import Foundation
import VigilCore
import VigilSources

/// Node and capacity families: `kube_node_status_condition` and `kube_node_role` as
/// kube-state-metrics writes them, `up` per scrape target, and the CPU recording rules.
struct NodeFamilies {
    let story: IncidentStory
    let targets: ScrapeTargets
    let seed: UInt64
    private var clock: StoryClock { story.clock }

    func build() -> [MetricFamily] { [nodeCondition(), nodeRole(), up()] + cpu() }

    /// One series per node and status (true/false/unknown) of the Ready condition; exactly one of
    /// the three is 1 at any time. Master-1's kubelet first reports NotReady (PLEG), then stops
    /// reporting and the node controller marks it Unknown. (The pressure conditions are left out:
    /// they never change in this story and would add a quarter to the file.)
    func nodeCondition() -> MetricFamily {
        var f = MetricFamily("kube_node_status_condition", .gauge, help: "The condition of a cluster node.")
        for node in ClusterTopology.nodes {
            let troubled = node.name == ClusterTopology.troubled.name
            let states: [String] = (0..<clock.count).map { i in
                if !troubled || i < story.nodeNotReady || i >= story.nodeReady { return "true" }
                return i < story.nodeUnknown ? "false" : "unknown"
            }
            for status in ["true", "false", "unknown"] {
                f.add(["node": node.name, "condition": "Ready", "status": status], states.map { $0 == status ? 1 : 0 })
            }
        }
        return f
    }

    func nodeRole() -> MetricFamily {
        var f = MetricFamily("kube_node_role", .gauge, help: "The role of a cluster node.")
        for node in ClusterTopology.nodes {
            for role in node.roles {
                f.add(["node": node.name, "role": role], count: clock.count) { _ in true }
            }
        }
        return f
    }

    func up() -> MetricFamily {
        var f = MetricFamily("up", .gauge, help: "1 if the instance is healthy, i.e. reachable, or 0 if the scrape failed.")
        for t in targets.all {
            f.add(["job": t.job, "instance": t.instance], (0..<clock.count).map { targets.isUp(t, at: $0) ? 1 : 0 })
        }
        return f
    }

    /// Usage follows the day, rises while pods roll during the upgrade and jumps with the retry
    /// storm; capacity is constant because the sick node never leaves the cluster.
    func cpu() -> [MetricFamily] {
        var rng = SplitMix64(seed: seed, stream: "cpu")
        let rolling = { (i: Int) -> Bool in
            (i >= story.upgradeStart && i < story.clock.at(7, 50)) || (i >= story.clock.at(9, 18) && i < story.upgradeDone)
        }
        let usage: [Double?] = (0..<clock.count).map { i in
            let base = 19 * StoryClock.season(clock.time(i)) + (rolling(i) ? 1.8 : 0) + 11 * story.cpuLoad(at: i)
            return ((base + 0.45 * rng.gaussian()) * 1000).rounded() / 1000
        }
        var used = MetricFamily("cluster:cpu_usage_cores:sum", .gauge, help: "Recording rule: sum of CPU cores used by all containers in the cluster.")
        used.add([:], usage)
        var capacity = MetricFamily("cluster:capacity_cpu_cores:sum", .gauge, help: "Recording rule: sum of CPU core capacity of all nodes in the cluster.")
        capacity.add([:], count: clock.count, value: Double(ClusterTopology.capacityCores)) { _ in true }
        return [used, capacity]
    }
}
