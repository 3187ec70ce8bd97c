import Foundation
import VigilCore
import VigilSources

/// The cluster's nouns for log lines: namespaces, workloads and their pods, clients, addresses,
/// ids and durations, drawn so that the same workload keeps the same replica-set hash.
extension SplitMix64 {
    static let workloads: [(namespace: String, name: String, statefulSet: Bool)] = [
        ("openshift-monitoring", "prometheus-k8s", true), ("openshift-monitoring", "alertmanager-main", true),
        ("openshift-monitoring", "thanos-querier", false), ("openshift-monitoring", "prometheus-operator", false),
        ("openshift-ingress", "router-default", false), ("openshift-console", "console", false),
        ("openshift-authentication", "oauth-openshift", false), ("openshift-apiserver", "apiserver", false),
        ("openshift-image-registry", "image-registry", false), ("openshift-marketplace", "redhat-operators", false),
        ("openshift-operator-lifecycle-manager", "olm-operator", false), ("openshift-dns", "dns-default", false),
        ("openshift-network-diagnostics", "network-check-source", false),
        ("payments", "payments-api", false), ("payments", "ledger-worker", false),
        ("checkout", "checkout-web", false), ("checkout", "cart-redis", true),
        ("inventory", "inventory-api", false), ("inventory", "stock-sync", false),
    ]

    static let clients = [
        "kube-controller-manager/v1.28.9+416ecaf (linux/amd64) kubernetes/416ecaf/system:serviceaccount:kube-system:replicaset-controller",
        "kubelet/v1.28.9+416ecaf (linux/amd64) kubernetes/416ecaf",
        "Prometheus/2.48.0",
        "cluster-version-operator/v0.0.0 (linux/amd64) kubernetes/$Format",
        "oc/4.15.0 (linux/amd64) kubernetes/0a4d1e1",
        "console/v0.0.0 (linux/amd64) kubernetes/$Format",
        "kube-scheduler/v1.28.9+416ecaf (linux/amd64) kubernetes/416ecaf/scheduler",
        "openshift-controller-manager/v0.0.0 (linux/amd64) kubernetes/$Format",
    ]

    static let resources = ["pods", "configmaps", "secrets", "endpoints", "services", "events", "leases",
                            "replicasets", "deployments", "serviceaccounts"]

    mutating func workload() -> (namespace: String, name: String, statefulSet: Bool) { pick(Self.workloads) }

    /// A workload run by a Deployment (so it has replica sets).
    mutating func deployment() -> (namespace: String, name: String, statefulSet: Bool) {
        pick(Self.workloads.filter { !$0.statefulSet })
    }

    /// A pod of a random workload: `name-<rs hash>-<suffix>` or `name-N` for stateful sets.
    mutating func pod() -> (namespace: String, name: String) {
        let w = workload()
        if w.statefulSet { return (w.namespace, "\(w.name)-\(int(0...1))") }
        return (w.namespace, "\(w.name)-\(Self.replicaSetHash(w.name))-\(podSuffix())")
    }

    /// Same workload, same hash: a deployment keeps its replica set for the whole window.
    static func replicaSetHash(_ name: String) -> String {
        var g = SplitMix64(seed: 7, stream: name)
        return String(g.podSuffix(9 + Int(g.next() % 2)))
    }

    mutating func uuid() -> String {
        [hex(8), hex(4), "4" + hex(3), pick(["8", "9", "a", "b"]) + hex(3), hex(12)].joined(separator: "-")
    }

    mutating func podIP() -> String { "10.\(int(128...131)).\(int(0...3)).\(int(2...250))" }
    mutating func hostIP() -> String { pick(ClusterTopology.nodes).ip }
    mutating func port() -> Int { int(32_768...60_999) }

    /// A latency in Go duration style, log-normal around `median` milliseconds.
    mutating func millis(median: Double, spread: Double = 0.6) -> String {
        let v = median * exp(spread * gaussian())
        return v >= 1000 ? "\(Double(Int(v)) / 1000)s" : "\(Double(Int(v * 1000)) / 1000)ms"
    }
}
