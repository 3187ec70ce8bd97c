import Foundation
import VigilCore
import VigilSources

/// Writes `alerts.json`: every episode of the story that reached Alertmanager (it only ever sees
/// firing alerts), from the sample it started firing to the first sample it no longer did.
enum AlertsFileWriter {
    static func render(_ story: IncidentStory, seed: UInt64) -> String {
        let clock = story.clock
        var rng = SplitMix64(seed: seed, stream: "silences")
        let silence = [rng.hex(8), rng.hex(4), "4" + rng.hex(3), "a" + rng.hex(3), rng.hex(12)].joined(separator: "-")
        // Alertmanager keeps an alert Prometheus still sends alive for four more minutes.
        let openEnd = clock.time(clock.count - 1).addingTimeInterval(240)
        let alerts = story.episodes.compactMap { e -> AlertmanagerAlert? in
            guard let firing = e.firing else { return nil }
            let labels = e.alertLabels
            let ends = e.end.map { clock.time($0) } ?? openEnd
            let lastSeen = clock.time(max(firing, (e.end ?? clock.count) - 1))
            let receiver = e.name == "Watchdog" ? "Watchdog" : e.severity == "critical" ? "Critical" : "Default"
            let expr = "ALERTS%7Balertname%3D%22\(e.name)%22%7D"
            return AlertmanagerAlert(
                labels: labels, annotations: AlertCatalog.annotations(name: e.name, labels: labels),
                startsAt: RFC3339.format(clock.time(firing)), endsAt: RFC3339.format(ends),
                updatedAt: RFC3339.format(lastSeen),
                generatorURL: "https://prometheus-k8s-openshift-monitoring.apps.ocp-prod.example.com/graph?g0.expr=\(expr)&g0.tab=1",
                receivers: [AlertmanagerAlert.Receiver(name: receiver)],
                status: e.silenced ? AlertmanagerAlert.Status(state: "suppressed", silencedBy: [silence])
                    : AlertmanagerAlert.Status(state: "active"))
        }
        return JSONText.render(.array(alerts.map(\.json)))
    }
}
