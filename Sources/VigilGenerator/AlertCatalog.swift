import VigilCore
import VigilSources
/// Annotations of the alerts in the story, worded as the OpenShift monitoring, etcd and
/// cluster-version rules word them, so the alert screens show realistic text.
enum AlertCatalog {
    static let consoleURL = "https://console-openshift-console.apps.ocp-prod.example.com"
    private static let openshiftRunbooks = "https://github.com/openshift/runbooks/blob/master/alerts/"
    private static let upstreamRunbooks = "https://runbooks.prometheus-operator.dev/runbooks/kubernetes/"

    static func annotations(name: String, labels l: [String: String]) -> [String: String] {
        let (summary, description, runbook) = text(name: name, l)
        return ["summary": summary, "description": description, "runbook_url": runbook]
    }

    private static func text(name: String, _ l: [String: String]) -> (String, String, String) {
        let v = { (key: String) in l[key] ?? "" }
        switch name {
        case "Watchdog":
            return ("An alert that should always be firing to certify that Alertmanager is working properly.",
                    "This is an alert meant to ensure that the entire alerting pipeline is functional. This alert is always firing, therefore it should always be firing in Alertmanager and always fire against a receiver. There are integrations with various notification mechanisms that send a notification when this alert is not firing.",
                    openshiftRunbooks + "cluster-monitoring-operator/Watchdog.md")
        case "AlertmanagerReceiversNotConfigured":
            return ("Receivers (notification integrations) are not configured on Alertmanager",
                    "Alerts are not configured to be sent to a notification system, meaning that you may not be able to observe important alerts. Please see the following link for instructions on how to configure receivers: https://docs.openshift.com/container-platform/4.15/monitoring/managing-alerts.html",
                    openshiftRunbooks + "cluster-monitoring-operator/AlertmanagerReceiversNotConfigured.md")
        case "etcdHighFsyncDurations":
            return ("etcd cluster 99th percentile fsync durations are too high.",
                    "etcd cluster \"etcd\": 99th percentile fsync durations are 1.38s on etcd instance \(v("instance")).",
                    openshiftRunbooks + "cluster-etcd-operator/etcdHighFsyncDurations.md")
        case "etcdMembersDown":
            return ("etcd cluster members are down.",
                    "etcd cluster \"etcd\": members are down (1).",
                    openshiftRunbooks + "cluster-etcd-operator/etcdMembersDown.md")
        case "KubeAPIErrorsHigh":
            return ("Kubernetes API server errors are high.",
                    "API server is returning errors for \(l["severity"] == "critical" ? "14.2" : "6.8")% of requests for \(v("verb")) \(v("resource")).",
                    upstreamRunbooks + "kubeapierrorshigh")
        case "KubeClientErrors":
            return ("Kubernetes API server client is experiencing errors.",
                    "Kubernetes API server client '\(v("job"))/\(v("instance"))' is experiencing 7.31% errors.",
                    upstreamRunbooks + "kubeclienterrors")
        case "KubeNodeNotReady":
            return ("Node is not ready.",
                    "\(v("node")) has been unready for more than 15 minutes.",
                    openshiftRunbooks + "cluster-monitoring-operator/KubeNodeNotReady.md")
        case "TargetDown":
            return ("Some targets were not reachable from the monitoring server for an extended period of time.",
                    "16.67% of the \(v("job"))/\(v("service")) targets in \(v("namespace")) namespace have been unreachable for more than 15 minutes. This may be a symptom of network connectivity issues, down nodes, or failures within these components. Assess the health of the infrastructure and nodes running these targets and then contact support.",
                    openshiftRunbooks + "cluster-monitoring-operator/TargetDown.md")
        case "KubeDeploymentReplicasMismatch":
            return ("Deployment has not matched the expected number of replicas",
                    "Deployment \(v("namespace"))/\(v("deployment")) has not matched the expected number of replicas for longer than 15 minutes. This indicates that cluster infrastructure is unable to start or restart the necessary components. This most often occurs when one or more nodes are down or partitioned from the cluster, or a fault occurs on the node that prevents the workload from starting.",
                    openshiftRunbooks + "cluster-monitoring-operator/KubeDeploymentReplicasMismatch.md")
        case "ClusterOperatorDegraded":
            return ("Cluster operator has been degraded for 30 minutes.",
                    "The \(v("name")) operator is degraded because \(v("reason")), and the components it manages may have reduced quality of service.  Cluster upgrades may not complete. For more information refer to 'oc get -o yaml clusteroperator \(v("name"))' or \(consoleURL)/settings/cluster/.",
                    openshiftRunbooks + "cluster-version-operator/ClusterOperatorDegraded.md")
        case "ClusterOperatorDown":
            return ("Cluster operator has not been available for 10 minutes.",
                    "The \(v("name")) operator may be down or disabled because \(v("reason")), and the components it manages may be unavailable or degraded.  Cluster upgrades may not complete. For more information refer to 'oc get -o yaml clusteroperator \(v("name"))' or \(consoleURL)/settings/cluster/.",
                    openshiftRunbooks + "cluster-version-operator/ClusterOperatorDown.md")
        default:
            return (name, name, openshiftRunbooks)
        }
    }
}
