import Foundation
import VigilCore
import VigilSources

/// One-off lines at the story's turning points: etcd elections, the node's state changes, and the
/// cluster-version operator's account of the upgrade.
extension LogGenerator {
    func milestones() -> [Line] {
        var rng = SplitMix64(seed: seed, stream: "log/milestones")
        var out: [Line] = []
        let ids = Self.memberIDs
        let node = ClusterTopology.troubled.name
        // master-1 led before its disk slowed; the others take turns while it keeps timing out.
        let leaders = [2, 0, 2, 0]
        var previous = 1
        for (k, i) in story.leaderChanges.enumerated() {
            let term = 15 + k, leader = ids[leaders[k % leaders.count]]
            var t = ms(i) - 1800
            let raft = { (rng: inout SplitMix64, t: Int64, msg: String) in
                Line(ms: t, component: "etcd",
                     text: Self.etcd("info", t, &rng, "etcdserver/zap_raft.go:77", msg, ["\"logger\":\"raft\""]))
            }
            out.append(raft(&rng, t, "\(leader) is starting a new election at term \(term - 1)"))
            t += Int64(rng.int(2...9))
            out.append(raft(&rng, t, "\(leader) became pre-candidate at term \(term - 1)"))
            t += Int64(rng.int(40...300))
            out.append(raft(&rng, t, "\(leader) became candidate at term \(term)"))
            t += Int64(rng.int(5...60))
            out.append(raft(&rng, t, "\(leader) received MsgVoteResp from \(ids[leaders[k % leaders.count] == 0 ? 2 : 0]) at term \(term)"))
            out.append(raft(&rng, t + 1, "\(leader) became leader at term \(term)"))
            out.append(raft(&rng, t + 2, "raft.node: \(leader) elected leader \(leader) at term \(term)"))
            for follower in ids where follower != leader {
                t += Int64(rng.int(1...40))
                out.append(raft(&rng, t, "raft.node: \(follower) changed leader from \(ids[previous]) to \(leader) at term \(term)"))
            }
            previous = leaders[k % leaders.count]
        }
        func klog(_ at: Int64, _ component: String, _ sev: Character, pid: Int, _ location: String, _ msg: String) {
            out.append(Line(ms: at, component: component, text: Self.klog(sev, at, &rng, pid: pid, location, msg)))
        }
        let notReady = ms(story.nodeNotReady), unknown = ms(story.nodeUnknown), ready = ms(story.nodeReady)
        klog(notReady - 400, "kubelet", "I", pid: 2412, "setters.go:568",
             "\"Node became not ready\" node=\"\(node)\" condition={\"type\":\"Ready\",\"status\":\"False\",\"lastHeartbeatTime\":\"\(RFC3339.format(ms: notReady - 400).prefix(19))Z\",\"lastTransitionTime\":\"\(RFC3339.format(ms: notReady - 400).prefix(19))Z\",\"reason\":\"KubeletNotReady\",\"message\":\"PLEG is not healthy: pleg was last seen active 3m0.482s ago; threshold is 3m0s\"}")
        klog(unknown - 900, "kube-controller-manager", "I", pid: 1, "node_lifecycle_controller.go:1050",
             "\"Node hasn't been updated\" node=\"\(node)\" duration=\"50.063s\" nodeConditionType=\"Ready\"")
        klog(unknown - 880, "kube-controller-manager", "I", pid: 1, "controller_utils.go:124",
             "\"Update ready status of pods on node\" node=\"\(node)\"")
        klog(unknown - 860, "kube-controller-manager", "I", pid: 1, "node_lifecycle_controller.go:787",
             "\"Node is unresponsive. Adding it to the Taint queue\" node=\"\(node)\"")
        klog(ready - 1200, "kubelet", "I", pid: 2412, "kubelet_node_status.go:679",
             "\"Recording event message for node\" node=\"\(node)\" event=\"NodeReady\"")
        klog(ready - 300, "kube-controller-manager", "I", pid: 1, "node_lifecycle_controller.go:874",
             "\"Node is healthy again, removing all taints\" node=\"\(node)\"")
        return out
    }

    /// The cluster-version operator reports what it waits on about every 45 seconds while the
    /// upgrade runs, which shows the stall behind kube-apiserver during the incident.
    func upgradeProgress() -> [Line] {
        var rng = SplitMix64(seed: seed, stream: "log/cvo")
        var out: [Line] = []
        let to = ClusterTopology.toVersion
        let digest = rng.hex(64)
        func add(_ t: Int64, _ sev: Character, _ location: String, _ msg: String) {
            out.append(Line(ms: t, component: "cluster-version-operator",
                            text: Self.klog(sev, t, &rng, pid: 1, location, msg)))
        }
        let start = ms(story.upgradeStart), done = ms(story.upgradeDone)
        add(start + 310, "I", "cvo.go:712", "Desired version from spec is \(to) image=\"quay.io/openshift-release-dev/ocp-release@sha256:\(digest)\"")
        var t = start + 2000, attempt = 0
        while t < done {
            let i = min(clock.count - 1, Int((t - ms(0)) / Int64(clock.step * 1000)))
            let waiting = ClusterTopology.operators.first { (story.upgrades[$0]?.to ?? 0) > i } ?? "machine-config"
            let degraded = story.changes.contains { $0.op == waiting && $0.condition == "Degraded" && i >= $0.from && i < $0.to }
            if rng.chance(0.2) {
                add(t, "I", "sync_worker.go:859", "Running sync \(to) (force=false) on generation 42 in state Updating at attempt \(attempt)")
                attempt += 1
            }
            add(t + 40, degraded ? "E" : "I", "task_graph.go:546",
                "Result of work: [Cluster operator \(waiting) is \(degraded ? "degraded" : "updating versions")]")
            t += 45_000 + Int64(rng.int(0...4000))
        }
        add(done + 150, "I", "sync_worker.go:1025", "Payload loaded version=\"\(to)\" image=\"quay.io/openshift-release-dev/ocp-release@sha256:\(digest)\" architecture=\"amd64\"")
        add(done + 420, "I", "cvo.go:642", "Cluster version changed, waiting for newer event")
        return out
    }
}
