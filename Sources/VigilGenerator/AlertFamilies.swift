import VigilCore
import VigilSources
/// Families that follow the alert episodes: Prometheus' own `ALERTS` series and the deployment
/// gauge the `KubeDeploymentReplicasMismatch` rule watches.
struct AlertFamilies {
    let story: IncidentStory
    private var clock: StoryClock { story.clock }

    func build() -> [MetricFamily] { [alerts(), unavailableReplicas()] }

    /// Value 1 while pending or firing, one series per state; absent otherwise, as Prometheus
    /// writes it.
    func alerts() -> MetricFamily {
        var f = MetricFamily("ALERTS", .gauge, help: "Alerts pending or firing, as Prometheus records them.")
        for e in story.episodes {
            let end = e.end ?? clock.count
            let firing = e.firing ?? end
            f.add(e.alertLabels.merging(["alertstate": "pending"]) { a, _ in a }, count: clock.count) {
                $0 >= e.pending && $0 < firing
            }
            f.add(e.alertLabels.merging(["alertstate": "firing"]) { a, _ in a }, count: clock.count) {
                $0 >= firing && $0 < end
            }
        }
        return f
    }

    /// One unavailable replica while a deployment's mismatch episode lasts, 0 otherwise.
    func unavailableReplicas() -> MetricFamily {
        var f = MetricFamily("kube_deployment_status_replicas_unavailable", .gauge, help: "The number of unavailable replicas per deployment.")
        let deployments = [
            ("openshift-apiserver", "apiserver"), ("openshift-authentication", "oauth-openshift"),
            ("openshift-console", "console"), ("openshift-ingress", "router-default"),
            ("openshift-monitoring", "prometheus-operator"),
        ]
        let mismatches = story.episodes.filter { $0.name == "KubeDeploymentReplicasMismatch" }
        for (namespace, deployment) in deployments {
            let mine = mismatches.filter { $0.labels["namespace"] == namespace && $0.labels["deployment"] == deployment }
            f.add(["namespace": namespace, "deployment": deployment], (0..<clock.count).map { i in
                mine.contains { i >= $0.pending && i < ($0.end ?? clock.count) } ? 1 : 0
            })
        }
        return f
    }
}
