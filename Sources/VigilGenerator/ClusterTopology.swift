import VigilCore
import VigilSources
/// The one OpenShift cluster the sample data describes: nodes, operators, versions.
enum ClusterTopology {
    struct Node {
        let name: String
        let ip: String
        let roles: [String]
        let cores: Int
        var isMaster: Bool { roles.contains("master") }
    }

    static let fromVersion = "4.15.12"
    static let toVersion = "4.15.14"
    /// The version the cluster was installed with and the one before `fromVersion`, for the
    /// `initial`, `cluster` and `completed` series of `cluster_version`.
    static let installVersion = "4.14.8"
    static let previousVersion = "4.15.9"

    // Installer-style names: <cluster>-<infra id>-master-N and machine-set workers.
    static let nodes: [Node] = [
        Node(name: "ocp-m7qtd-master-0", ip: "10.0.0.5", roles: ["control-plane", "master"], cores: 8),
        Node(name: "ocp-m7qtd-master-1", ip: "10.0.0.6", roles: ["control-plane", "master"], cores: 8),
        Node(name: "ocp-m7qtd-master-2", ip: "10.0.0.7", roles: ["control-plane", "master"], cores: 8),
        Node(name: "ocp-m7qtd-worker-0-x9p2l", ip: "10.0.1.20", roles: ["worker"], cores: 16),
        Node(name: "ocp-m7qtd-worker-0-bz4kd", ip: "10.0.1.21", roles: ["worker"], cores: 16),
        Node(name: "ocp-m7qtd-worker-0-qh7tn", ip: "10.0.1.22", roles: ["worker"], cores: 16),
    ]

    /// The master whose etcd disk slows down and which goes NotReady.
    static var troubled: Node { nodes[1] }
    static var masters: [Node] { nodes.filter(\.isMaster) }
    static var workers: [Node] { nodes.filter { !$0.isMaster } }
    static var capacityCores: Int { nodes.reduce(0) { $0 + $1.cores } }

    /// Cluster operators of a 4.15 cluster in the order the cluster-version operator updates them
    /// (by run level), which is the order they change version during the upgrade.
    static let operators = [
        "config-operator", "etcd", "kube-apiserver", "kube-controller-manager", "kube-scheduler",
        "openshift-apiserver", "machine-api", "cloud-credential", "kube-storage-version-migrator",
        "openshift-controller-manager", "authentication", "control-plane-machine-set",
        "csi-snapshot-controller", "image-registry", "ingress", "insights", "machine-approver",
        "marketplace", "node-tuning", "openshift-samples", "operator-lifecycle-manager",
        "operator-lifecycle-manager-catalog", "operator-lifecycle-manager-packageserver",
        "service-ca", "storage", "console", "network", "dns", "machine-config", "monitoring",
    ]
}
