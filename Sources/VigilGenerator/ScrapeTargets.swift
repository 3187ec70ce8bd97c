import VigilCore
import VigilSources
/// The scrape targets behind `up`, and whether each answered at each sample, shared by every
/// family whose samples vanish while their target is down.
struct ScrapeTargets {
    struct Target {
        let job: String
        let instance: String
        let node: ClusterTopology.Node?
    }

    let story: IncidentStory
    let seed: UInt64

    var all: [Target] {
        let n = ClusterTopology.nodes, m = ClusterTopology.masters
        return m.map { Target(job: "apiserver", instance: "\($0.ip):6443", node: $0) }
            + m.map { Target(job: "etcd", instance: "\($0.ip):9979", node: $0) }
            + n.map { Target(job: "kubelet", instance: "\($0.ip):10250", node: $0) }
            + n.map { Target(job: "node-exporter", instance: "\($0.ip):9100", node: $0) }
            + [Target(job: "kube-state-metrics", instance: "10.129.2.9:8443", node: nil)]
    }

    /// Targets on master-1 vanish while it is unreachable; before that its apiserver and etcd
    /// time out now and then as etcd slows; elsewhere a scrape fails very rarely, as in any cluster.
    func isUp(_ t: Target, at i: Int) -> Bool {
        let clock = story.clock
        if t.node?.name == ClusterTopology.troubled.name {
            if !story.troubledNodeReachable(i) { return false }
            if (t.job == "apiserver" || t.job == "etcd"), i >= clock.at(8, 10), i < story.nodeUnknown {
                return draw(t, i) >= 0.35
            }
        }
        return draw(t, i) >= 0.0002
    }

    /// A draw that depends only on the target and the instant, so any family can ask again.
    private func draw(_ t: Target, _ i: Int) -> Double {
        var g = SplitMix64(seed: seed &+ UInt64(i), stream: "up/" + t.job + "/" + t.instance)
        return g.unit()
    }
}
