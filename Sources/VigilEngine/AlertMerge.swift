import Foundation
import VigilCore

extension Alert {
    /// Whether `other` is the same alert instance seen through another source: the same name and
    /// the same values on the labels both carry, one label set holding the other. Alertmanager's
    /// copy carries Prometheus' `external_labels` (cluster, replica) that the `ALERTS` series of a
    /// plain Prometheus lacks; a Thanos query may add labels of its own the other way round.
    public func isSameInstance(as other: Alert) -> Bool {
        guard name == other.name else { return false }
        let a = identity.dictionary, b = other.identity.dictionary
        let (small, large) = a.count <= b.count ? (a, b) : (b, a)
        return small.allSatisfy { large[$0.key] == $0.value }
    }
}

extension ClusterState {
    /// Every alert known, each instance once: Alertmanager's (with their silences and
    /// inhibitions), then the `ALERTS` series Prometheus reports (firing, and pending when asked)
    /// that match none of them (`Alert.isSameInstance`). The overview and the Alerts screen read this.
    public func mergedAlerts(includePending: Bool) -> [Alert] {
        var out = alertSet.filter { $0.state == .firing || (includePending && $0.state == .pending) }
        var byName: [String: [Alert]] = [:]
        for a in alertSet { byName[a.name, default: []].append(a) }
        for (key, value) in latest where key.name == "ALERTS" && value > 0 {
            var labels = key.labels.dictionary
            let state: AlertState = labels.removeValue(forKey: "alertstate") == "pending" ? .pending : .firing
            guard state == .firing || includePending else { continue }
            let alert = Alert(labels: Labels(labels), state: state, activeAt: since(key))
            if byName[alert.name]?.contains(where: { $0.isSameInstance(as: alert) }) == true { continue }
            byName[alert.name, default: []].append(alert)
            out.append(alert)
        }
        return out
    }
}
