import Foundation
import VigilCore
import VigilSources

/// The incident's lines: etcd's slow disk and elections, the apiserver's 503s and timeouts,
/// master-1's kubelet going NotReady, operators complaining, and the upgrade's progress.
extension LogGenerator {
    func incident() -> [Line] {
        let m1 = ClusterTopology.troubled
        let slow = { (d: Date) in story.etcdSlowness(at: d) }
        let storm = { (d: Date) in story.storm(at: d) }
        let unknownFrom = ms(story.nodeUnknown), readyAt = ms(story.nodeReady)
        var lines = process("etcd-slow", component: "etcd", peak: 1.1, rate: { 1.1 * slow($0) }) { rng, ms in
            etcdSlow(&rng, ms)
        }
        lines += process("apiserver-storm", component: "kube-apiserver", peak: 1.9, rate: { 1.9 * storm($0) }) { rng, ms in
            apiserverStorm(&rng, ms, etcdDown: ms >= unknownFrom && ms < readyAt)
        }
        // PLEG stalls start a little before the kubelet declares the node NotReady.
        lines += process("kubelet-m1", component: "kubelet", peak: 0.45, from: ms(story.nodeNotReady) - 150_000,
                         to: readyAt, rate: { _ in 0.45 }) { rng, ms in
            kubeletSick(&rng, ms, node: m1.name, unreachable: ms >= unknownFrom)
        }
        lines += process("kcm-leader", component: "kube-controller-manager", peak: 0.3, rate: { 0.3 * storm($0) }) { rng, ms in
            Self.klog("E", ms, &rng, pid: 1, rng.chance(0.5) ? "leaderelection.go:369" : "leaderelection.go:332",
                      rng.chance(0.5)
                        ? "Failed to update lock: Put \"https://api-int.ocp-prod.example.com:6443/apis/coordination.k8s.io/v1/namespaces/kube-system/leases/kube-controller-manager?timeout=6s\": context deadline exceeded"
                        : "error retrieving resource lock kube-system/kube-controller-manager: the server was unable to return a response in the time allotted, but may still be processing the request (get leases.coordination.k8s.io kube-controller-manager)")
        }
        lines += process("router-watch", component: "router", peak: 0.08, rate: { 0.08 * storm($0) }) { rng, ms in
            Self.klog("E", ms, &rng, pid: 1, "reflector.go:147",
                      "github.com/openshift/router/pkg/router/controller/factory/factory.go:124: Failed to watch *v1.Route: the server is currently unable to handle the request (get routes.route.openshift.io)")
        }
        lines += periodic("canary", component: "ingress-operator", every: 60, change: "ingress") { rng, ms in
            "ERROR\toperator.canary_controller\twait/backoff.go:226\terror performing canary route check\t{\"error\": \"error sending canary HTTP Request: Timeout: Get \\\"https://canary-openshift-ingress-canary.apps.ocp-prod.example.com\\\": context deadline exceeded (Client.Timeout exceeded while awaiting headers)\"}"
        }
        lines += periodic("auth", component: "authentication-operator", every: 30, change: "authentication") { rng, ms in
            Self.klog("E", ms, &rng, pid: 1, "base_controller.go:268",
                      "APIServerDeploymentController reconciliation failed: 1 of 3 requested instances are unavailable for apiserver.openshift-oauth-apiserver ()")
        }
        lines += periodic("etcd-operator", component: "etcd-operator", every: 60, change: "etcd") { rng, ms in
            Self.klog("E", ms, &rng, pid: 1, "base_controller.go:268",
                      "EtcdMembersController reconciliation failed: unhealthy members: \(m1.name)")
        }
        lines += upgradeProgress()
        lines += milestones()
        return lines
    }

    private func etcdSlow(_ rng: inout SplitMix64, _ ms: Int64) -> String {
        let ids = Self.memberIDs
        let pod = rng.pod()
        switch rng.int(0...19) {
        case 0...11:
            return Self.etcd("warn", ms, &rng, "etcdserver/util.go:170", "apply request took too long",
                             ["\"took\":\"\(rng.millis(median: 900, spread: 0.7))\"", "\"expected-duration\":\"200ms\"",
                              "\"prefix\":\"read-only range \"",
                              "\"request\":\"key:\\\"/kubernetes.io/\(rng.pick(SplitMix64.resources))/\(pod.namespace)/\(pod.name)\\\" \"",
                              "\"response\":\"range_response_count:1 size:\(rng.int(1500...9000))\""])
        case 12...14:
            return Self.etcd("warn", ms, &rng, "wal/wal.go:805", "slow fdatasync",
                             ["\"took\":\"\(rng.millis(median: 1600, spread: 0.5))\"", "\"expected-duration\":\"1s\""])
        case 15...16:
            return Self.etcd("warn", ms, &rng, "etcdserver/raft.go:415",
                             "leader failed to send out heartbeat on time; took too long, leader is overloaded likely from slow disk",
                             ["\"to\":\"\(rng.pick([ids[0], ids[2]]))\"", "\"heartbeat-interval\":\"100ms\"",
                              "\"expected-duration\":\"200ms\"", "\"exceeded-duration\":\"\(rng.millis(median: 600))\""])
        case 17...18:
            return Self.etcd("warn", ms, &rng, "etcdserver/v3_server.go:840",
                             "waiting for ReadIndex response took too long, retrying",
                             ["\"sent-request-id\":\(rng.int(7_000_000_000_000_000...7_999_999_999_999_999))",
                              "\"retry-timeout\":\"500ms\""])
        default:
            return Self.etcd("warn", ms, &rng, "rafthttp/probing_status.go:68", "prober detected unhealthy status",
                             ["\"round-tripper-name\":\"ROUND_TRIPPER_RAFT_MESSAGE\"", "\"remote-peer-id\":\"\(ids[1])\"",
                              "\"rtt\":\"\(rng.millis(median: 800))\"", "\"error\":\"context deadline exceeded\""])
        }
    }

    private func apiserverStorm(_ rng: inout SplitMix64, _ ms: Int64, etcdDown: Bool) -> String {
        let pod = rng.pod()
        let m1 = ClusterTopology.troubled.ip
        switch rng.int(0...19) {
        case 0...4:
            return Self.klog("E", ms, &rng, pid: 18, "status.go:71",
                             "apiserver received an error that is not an metav1.Status: &errors.errorString{s:\"etcdserver: leader changed\"}: etcdserver: leader changed")
        case 5...8:
            return Self.klog("E", ms, &rng, pid: 18, "status.go:71",
                             "apiserver received an error that is not an metav1.Status: context.deadlineExceededError{}: context deadline exceeded")
        case 9...13:
            return Self.klog("I", ms, &rng, pid: 18, "httplog.go:132",
                             "\"HTTP\" verb=\"\(rng.pick(["GET", "LIST", "PUT"]))\" URI=\"/api/v1/namespaces/\(pod.namespace)/\(rng.pick(["pods", "configmaps", "leases"]))\" latency=\"\(rng.millis(median: 4200, spread: 0.4))\" userAgent=\"\(rng.pick(SplitMix64.clients))\" audit-ID=\"\(rng.uuid())\" srcIP=\"\(rng.hostIP()):\(rng.port())\" resp=503")
        case 14...15:
            return Self.klog("E", ms, &rng, pid: 18, "timeout.go:142",
                             "post-timeout activity - time-elapsed: \(rng.millis(median: 1500)), GET \"/api/v1/namespaces/\(pod.namespace)/pods\" result: <nil>")
        case 16:
            return Self.klog("E", ms, &rng, pid: 18, "writers.go:122", "apiserver was unable to write a JSON response: http: Handler timeout")
        case 17:
            return Self.klog("W", ms, &rng, pid: 18, "healthz.go:261", "[-]etcd failed: error getting data from etcd: context deadline exceeded")
        default:
            let target = etcdDown ? m1 : rng.pick(ClusterTopology.masters).ip
            return Self.klog("W", ms, &rng, pid: 18, "logging.go:59",
                             "[core] [Channel #\(rng.int(1...9)) SubChannel #\(rng.int(10...99))] grpc: addrConn.createTransport failed to connect to {Addr: \"\(target):2379\", ServerName: \"\(target)\", }. Err: connection error: desc = \"transport: Error while dialing: dial tcp \(target):2379: \(etcdDown ? "i/o timeout" : "connect: connection refused")\"")
        }
    }

    private func kubeletSick(_ rng: inout SplitMix64, _ ms: Int64, node: String, unreachable: Bool) -> String {
        let api = "https://api-int.ocp-prod.example.com:6443"
        switch rng.int(0...9) {
        case 0...4:
            let seconds = 180 + Int((ms - self.ms(story.nodeNotReady)) / 1000) % 90
            return Self.klog("E", ms, &rng, pid: 2412, "kubelet.go:2382",
                             "\"Skipping pod synchronization\" err=\"PLEG is not healthy: pleg was last seen active \(seconds / 60)m\(seconds % 60).\(rng.int(100...999))s ago; threshold is 3m0s\"")
        case 5...6 where unreachable:
            return Self.klog("E", ms, &rng, pid: 2412, "kubelet_node_status.go:540",
                             "\"Error updating node status, will retry\" err=\"error getting node \\\"\(node)\\\": Get \\\"\(api)/api/v1/nodes/\(node)?timeout=10s\\\": net/http: request canceled (Client.Timeout exceeded while awaiting headers)\"")
        case 7...8:
            return Self.klog("E", ms, &rng, pid: 2412, "controller.go:145",
                             "\"Failed to ensure lease exists, will retry\" err=\"Get \\\"\(api)/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases/\(node)?timeout=10s\\\": context deadline exceeded\" interval=\"7s\"")
        default:
            return Self.klog("E", ms, &rng, pid: 2412, "remote_runtime.go:294",
                             "\"ListPodSandbox with filter from runtime service failed\" err=\"rpc error: code = DeadlineExceeded desc = context deadline exceeded\" filter=\"&PodSandboxFilter{Id:,State:&PodSandboxStateValue{State:SANDBOX_READY,},LabelSelector:map[string]string{},}\"")
        }
    }

    /// A line every `every` seconds (with jitter) while `change`'s operator is degraded.
    private func periodic(_ name: String, component: String, every: Double, change op: String,
                          make: (inout SplitMix64, Int64) -> String) -> [Line] {
        guard let first = story.changes.first(where: { $0.op == op }) else { return [] }
        let until = story.changes.filter { $0.op == op }.map(\.to).max() ?? first.to
        var rng = SplitMix64(seed: seed, stream: "log/" + name)
        var out: [Line] = []
        var t = ms(first.from) + Int64(rng.int(0...5000))
        while t < ms(until) {
            out.append(Line(ms: t, component: component, text: make(&rng, t)))
            t += Int64(every * 1000) + Int64(rng.int(0...3000))
        }
        return out
    }
}
