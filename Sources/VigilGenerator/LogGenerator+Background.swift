import Foundation
import VigilCore
import VigilSources

/// The steady background of `cluster.log`: what a healthy control plane and its nodes say all day,
/// at a rate that follows the daily load.
extension LogGenerator {
    func background() -> [Line] {
        let season = { (d: Date) in StoryClock.season(d) }
        return process("apiserver", component: "kube-apiserver", peak: 0.16, rate: { 0.12 * season($0) }, make: apiserver)
            + process("etcd", component: "etcd", peak: 0.04, rate: { 0.03 * season($0) }, make: etcd)
            + process("kubelet", component: "kubelet", peak: 0.14, rate: { 0.1 * season($0) }, make: kubelet)
            + process("kcm", component: "kube-controller-manager", peak: 0.06, rate: { 0.04 * season($0) },
                      make: controllerManager)
            + process("scheduler", component: "kube-scheduler", peak: 0.03, rate: { 0.02 * season($0) }) { rng, ms in
                let pod = rng.pod(), node = rng.pick(ClusterTopology.workers).name
                return Self.klog("I", ms, &rng, pid: 1, "schedule_one.go:286",
                                 "\"Successfully bound pod to node\" pod=\"\(pod.namespace)/\(pod.name)\" node=\"\(node)\" evaluatedNodes=6 feasibleNodes=3")
            }
            + process("router", component: "router", peak: 0.02, rate: { 0.012 * season($0) }) { rng, ms in
                Self.klog("I", ms, &rng, pid: 1, "router.go:669",
                          "template \"msg\"=\"router reloaded\" \"output\"=\" - Checking http://localhost:80 using PROXY protocol ...\\n - Health check ok : 0 retry attempt(s).\\n\"")
            }
    }

    private func apiserver(_ rng: inout SplitMix64, _ ms: Int64) -> String {
        let pod = rng.pod()
        switch rng.int(0...19) {
        case 0...8:
            let (verb, uri): (String, String) = rng.chance(0.6)
                ? ("GET", "/api/v1/namespaces/\(pod.namespace)/pods/\(pod.name)")
                : ("LIST", "/api/v1/namespaces/\(pod.namespace)/\(rng.pick(SplitMix64.resources))?limit=500")
            let code = rng.chance(0.04) ? 404 : 200
            return Self.klog("I", ms, &rng, pid: 18, "httplog.go:132",
                             "\"HTTP\" verb=\"\(verb)\" URI=\"\(uri)\" latency=\"\(rng.millis(median: 9))\" userAgent=\"\(rng.pick(SplitMix64.clients))\" audit-ID=\"\(rng.uuid())\" srcIP=\"\(rng.hostIP()):\(rng.port())\" resp=\(code)")
        case 9...11:
            return Self.klog("I", ms, &rng, pid: 18, "trace.go:236",
                             "Trace[\(rng.int(100_000_000...999_999_999))]: \"List\" accept:application/json, */*,audit-id:\(rng.uuid()),client:\(rng.podIP()),api-group:,api-version:v1,name:,subresource:,namespace:\(pod.namespace),protocol:HTTP/2.0,resource:pods,scope:namespace,url:/api/v1/namespaces/\(pod.namespace)/pods,verb:LIST (total time: \(rng.int(500...1900))ms)")
        case 12:
            return Self.klog("I", ms, &rng, pid: 18, "controller.go:624",
                             "quota admission added evaluator for: \(rng.pick(["endpoints", "leases.coordination.k8s.io", "replicasets.apps", "events.events.k8s.io"]))")
        case 13:
            return Self.klog("I", ms, &rng, pid: 18, "alloc.go:330",
                             "\"allocated clusterIPs\" service=\"\(pod.namespace)/\(rng.workload().name)\" clusterIPs={\"IPv4\":\"172.30.\(rng.int(0...255)).\(rng.int(1...254))\"}")
        case 14:
            return Self.klog("W", ms, &rng, pid: 18, "watcher.go:338",
                             "watch chan error: etcdserver: mvcc: required revision has been compacted")
        case 15:
            return Self.klog("I", ms, &rng, pid: 18, "cacher.go:826",
                             "cacher (\(rng.pick(SplitMix64.resources))): 1 objects queued in incoming channel.")
        case 16:
            return Self.klog("E", ms, &rng, pid: 18, "wrap.go:54",
                             "timeout or abort while handling: method=GET URI=\"/api/v1/namespaces/\(pod.namespace)/configmaps?allowWatchBookmarks=true&watch=true\" audit-ID=\"\(rng.uuid())\"")
        case 17:
            return Self.klog("I", ms, &rng, pid: 18, "handler.go:232",
                             "Adding GroupVersion \(rng.pick(["monitoring.coreos.com", "route.openshift.io", "operators.coreos.com"])) v1 to ResourceManager")
        default:
            return Self.klog("I", ms, &rng, pid: 18, "controller.go:132",
                             "OpenAPI AggregationController: action for item v1.\(rng.pick(["packages.operators.coreos.com", "metrics.k8s.io", "route.openshift.io", "apps.openshift.io"])): Rate Limited Requeue.")
        }
    }

    private func etcd(_ rng: inout SplitMix64, _ ms: Int64) -> String {
        let revision = 48_200_000 + Int((ms - startMs) / 40)
        switch rng.int(0...9) {
        case 0...2:
            return Self.etcd("info", ms, &rng, "mvcc/index.go:214", "compact tree index", ["\"revision\":\(revision)"])
        case 3...5:
            return Self.etcd("info", ms, &rng, "mvcc/kvstore_compaction.go:66", "finished scheduled compaction",
                             ["\"compact-revision\":\(revision)", "\"took\":\"\(rng.millis(median: 180))\"",
                              "\"hash\":\(rng.int(100_000_000...4_000_000_000))"])
        case 6:
            return Self.etcd("info", ms, &rng, "etcdserver/server.go:1441", "triggering snapshot",
                             ["\"local-member-id\":\"\(rng.pick(Self.memberIDs))\"",
                              "\"local-member-applied-index\":\(revision * 3)", "\"local-member-snapshot-count\":100000"])
        case 7:
            return Self.etcd("info", ms, &rng, "etcdserver/server.go:2421", "saved snapshot",
                             ["\"snapshot-index\":\(revision * 3)"])
        default:
            let pod = rng.pod()
            return Self.etcd("warn", ms, &rng, "etcdserver/util.go:170", "apply request took too long",
                             ["\"took\":\"\(rng.millis(median: 230, spread: 0.2))\"", "\"expected-duration\":\"200ms\"",
                              "\"prefix\":\"read-only range \"",
                              "\"request\":\"key:\\\"/kubernetes.io/pods/\(pod.namespace)/\(pod.name)\\\" \"",
                              "\"response\":\"range_response_count:1 size:\(rng.int(2000...9000))\""])
        }
    }

    /// Raft ids of the three members, master-0, master-1, master-2.
    static let memberIDs = ["8e9e05c52164694d", "91bc3c398fb3c146", "fd422379fda50e48"]

    private func kubelet(_ rng: inout SplitMix64, _ ms: Int64) -> String {
        let pod = rng.pod()
        let ref = "pod=\"\(pod.namespace)/\(pod.name)\""
        switch rng.int(0...11) {
        case 0...3:
            return Self.klog("I", ms, &rng, pid: 2412, "kubelet.go:2453",
                             "\"SyncLoop (PLEG): event for pod\" \(ref) event={\"ID\":\"\(rng.uuid())\",\"Type\":\"\(rng.pick(["ContainerStarted", "ContainerDied"]))\",\"Data\":\"\(rng.hex(64))\"}")
        case 4...5:
            return Self.klog("I", ms, &rng, pid: 2412, "kubelet.go:2429", "\"SyncLoop UPDATE\" source=\"api\" pods=[\"\(pod.namespace)/\(pod.name)\"]")
        case 6:
            return Self.klog("I", ms, &rng, pid: 2412, "prober.go:107",
                             "\"Probe failed\" probeType=\"Readiness\" \(ref) podUID=\"\(rng.uuid())\" containerName=\"\(pod.name.split(separator: "-").first ?? "app")\" probeResult=\"failure\" output=\"Get \\\"http://\(rng.podIP()):8080/healthz\\\": context deadline exceeded (Client.Timeout exceeded while awaiting headers)\"")
        case 7:
            return Self.klog("I", ms, &rng, pid: 2412, "scope.go:117", "\"RemoveContainer\" containerID=\"\(rng.hex(64))\"")
        case 8:
            let vol = "kube-api-access-\(rng.podSuffix())"
            let uid = rng.uuid()
            return Self.klog("I", ms, &rng, pid: 2412, "reconciler_common.go:258",
                             "\"operationExecutor.VerifyControllerAttachedVolume started for volume \\\"\(vol)\\\" (UniqueName: \\\"kubernetes.io/projected/\(uid)-\(vol)\\\") pod \\\"\(pod.name)\\\" (UID: \\\"\(uid)\\\") \" \(ref)")
        case 9:
            return Self.klog("I", ms, &rng, pid: 2412, "container_gc.go:88", "\"Attempting to delete unused containers\"")
        case 10:
            return Self.klog("I", ms, &rng, pid: 2412, "kubelet_getters.go:187", "\"Pod status updated\" \(ref) status=\"Running\"")
        default:
            return Self.klog("W", ms, &rng, pid: 2412, "manager.go:1174",
                             "Failed to process watch event {EventType:0 Name:/kubepods.slice/kubepods-burstable.slice/crio-\(rng.hex(64)).scope WatchSource:0}: task \(rng.hex(64)) not found")
        }
    }

    private func controllerManager(_ rng: inout SplitMix64, _ ms: Int64) -> String {
        let w = rng.deployment()
        switch rng.int(0...7) {
        case 0...3:
            return Self.klog("I", ms, &rng, pid: 1, "replica_set.go:676",
                             "\"Finished syncing\" kind=\"ReplicaSet\" key=\"\(w.namespace)/\(w.name)-\(SplitMix64.replicaSetHash(w.name))\" duration=\"\(rng.millis(median: 0.4))\"")
        case 4:
            return Self.klog("I", ms, &rng, pid: 1, "event.go:307",
                             "\"Event occurred\" object=\"\(w.namespace)/\(w.name)\" fieldPath=\"\" kind=\"Deployment\" apiVersion=\"apps/v1\" type=\"Normal\" reason=\"ScalingReplicaSet\" message=\"Scaled up replica set \(w.name)-\(SplitMix64.replicaSetHash(w.name)) to \(rng.int(2...4))\"")
        case 5:
            return Self.klog("I", ms, &rng, pid: 1, "job_controller.go:562",
                             "\"enqueueing job\" key=\"openshift-operator-lifecycle-manager/collect-profiles-\(29_000_000 + Int(ms / 900_000) % 100_000)\"")
        case 6:
            return Self.klog("I", ms, &rng, pid: 1, "garbagecollector.go:549",
                             "\"Processing item\" item=\"[v1/Pod, namespace: \(w.namespace), name: \(w.name)-\(rng.podSuffix()), uid: \(rng.uuid())]\" virtual=false")
        default:
            return Self.klog("I", ms, &rng, pid: 1, "endpointslice_controller.go:311",
                             "\"Error syncing endpoint slices for service, retrying\" key=\"\(w.namespace)/\(w.name)\" err=\"EndpointSlice informer cache is out of date\"")
        }
    }
}
