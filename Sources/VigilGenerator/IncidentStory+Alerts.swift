import VigilCore
import VigilSources
/// The alert episodes of the incident, derived from the same instants as the metrics so the
/// `ALERTS` series, `alerts.json` and the conditions they watch agree.
extension IncidentStory {
    static func alertEpisodes(_ c: StoryClock, changes: [ConditionChange]) -> [Episode] {
        // Pending from `pending`, firing after the rule's `for:` unless it ends first.
        func rule(_ name: String, _ severity: String, _ labels: [String: String], pending: Int,
                  for minutes: Int, end: Int) -> Episode {
            let firing = pending + c.steps(minutes: minutes)
            return Episode(name: name, severity: severity, labels: labels, pending: pending,
                           firing: firing < end ? firing : nil, end: end)
        }
        let m1 = ClusterTopology.troubled
        let m0 = ClusterTopology.masters[0]
        var out = [
            Episode(name: "Watchdog", severity: "none", labels: ["namespace": "openshift-monitoring"],
                    pending: 0, firing: 0, end: nil),
            // Every fresh OpenShift cluster has this one; the admins silenced it long ago.
            Episode(name: "AlertmanagerReceiversNotConfigured", severity: "warning",
                    labels: ["namespace": "openshift-monitoring"], pending: 0, firing: 0, end: nil, silenced: true),
            rule("etcdHighFsyncDurations", "warning",
                 ["instance": "\(m1.ip):9979", "job": "etcd", "namespace": "openshift-etcd"],
                 pending: c.at(7, 58), for: 10, end: c.at(8, 52)),
            rule("KubeAPIErrorsHigh", "critical", ["resource": "pods", "verb": "LIST"],
                 pending: c.at(8, 12), for: 10, end: c.at(8, 55)),
            rule("KubeAPIErrorsHigh", "warning", ["resource": "configmaps", "verb": "GET"],
                 pending: c.at(8, 13), for: 10, end: c.at(8, 57)),
            rule("KubeClientErrors", "warning",
                 ["instance": "\(m1.ip):10250", "job": "kubelet", "namespace": "kube-system"],
                 pending: c.at(8, 14), for: 15, end: c.at(8, 51)),
            rule("KubeClientErrors", "warning",
                 ["instance": "\(m0.ip):10257", "job": "kube-controller-manager",
                  "namespace": "openshift-kube-controller-manager"],
                 pending: c.at(8, 15), for: 15, end: c.at(8, 58)),
            rule("KubeNodeNotReady", "warning", ["condition": "Ready", "node": m1.name, "status": "true"],
                 pending: c.at(8, 15), for: 15, end: c.at(8, 53)),
            rule("etcdMembersDown", "critical", ["job": "etcd", "namespace": "openshift-etcd", "service": "etcd"],
                 pending: c.at(8, 20), for: 10, end: c.at(8, 53)),
            rule("TargetDown", "warning",
                 ["job": "node-exporter", "namespace": "openshift-monitoring", "service": "node-exporter"],
                 pending: c.at(8, 20), for: 15, end: c.at(8, 54)),
            rule("TargetDown", "warning", ["job": "kubelet", "namespace": "kube-system", "service": "kubelet"],
                 pending: c.at(8, 20), for: 15, end: c.at(8, 54)),
            rule("KubeDeploymentReplicasMismatch", "warning",
                 ["deployment": "oauth-openshift", "namespace": "openshift-authentication"],
                 pending: c.at(8, 19), for: 15, end: c.at(9, 8)),
            rule("KubeDeploymentReplicasMismatch", "warning",
                 ["deployment": "apiserver", "namespace": "openshift-apiserver"],
                 pending: c.at(8, 19), for: 15, end: c.at(9, 0)),
            rule("KubeDeploymentReplicasMismatch", "warning",
                 ["deployment": "router-default", "namespace": "openshift-ingress"],
                 pending: c.at(8, 25), for: 15, end: c.at(8, 58)),
            // The console rolls to the new version after the incident: pending, never firing.
            rule("KubeDeploymentReplicasMismatch", "warning",
                 ["deployment": "console", "namespace": "openshift-console"],
                 pending: c.at(9, 40), for: 15, end: c.at(9, 45)),
        ]
        for change in changes where change.condition == "Degraded" {
            out.append(rule("ClusterOperatorDegraded", "warning",
                            ["name": change.op, "namespace": "openshift-cluster-version", "reason": change.reason],
                            pending: change.from, for: 30, end: change.to))
        }
        for change in changes where change.condition == "Available" {
            out.append(rule("ClusterOperatorDown", "critical",
                            ["name": change.op, "namespace": "openshift-cluster-version", "reason": change.reason],
                            pending: change.from, for: 10, end: change.to))
        }
        return out
    }
}

extension IncidentStory.Episode {
    /// The alert's labels as Prometheus and Alertmanager show them (without `alertstate`).
    var alertLabels: [String: String] {
        labels.merging(["alertname": name, "severity": severity]) { a, _ in a }
    }
}
