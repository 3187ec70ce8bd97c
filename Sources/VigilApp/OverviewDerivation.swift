import Foundation
import VigilCore
import VigilEngine

/// Turns the cluster state into the rows each overview panel shows.
public enum OverviewDerivation {
    /// Object-count metric names across Kubernetes versions, newest first.
    static let objectCountNames = ["apiserver_resource_objects", "apiserver_storage_objects", "etcd_object_counts"]

    public static func derive(_ state: ClusterState) -> OverviewData {
        var d = OverviewData()
        let latest = state.latest
        let now = state.latestTime
        d.header = header(latest, time: now)
        d.operators = operators(state)
        d.alerts = alerts(state)
        (d.apiErrors, d.apiTotalPerSecond) = apiErrors(state)
        d.down = down(state)
        d.cpuHistory = state.cpuHistory
        d.anomalyHistory = state.anomalyHistory
        if let top = state.anomalies.topSeries(1).first, top.output.isAnomaly { d.anomalyTop = top.key.description }
        return d
    }

    static func header(_ latest: [SeriesKey: Double], time: Date?) -> HeaderInfo {
        var h = HeaderInfo()
        h.dataTime = time
        var desired: String?, current: String?, completed: String?
        for (key, value) in latest where key.name == "cluster_version" {
            switch key.labels["type"] {
            // During an upgrade the CVO reports the version being applied as "current";
            // "completed" is the one actually running.
            case "current": current = key.labels["version"]
            case "completed": completed = key.labels["version"]
            case "desired": desired = key.labels["version"]
            case "updating": if value > 0 { h.updatingTo = key.labels["version"] }
            case "initial", "cluster": if value > 0 { h.installedAt = Date(timeIntervalSince1970: value) }
            default: break
            }
            if h.clusterName == nil { h.clusterName = key.labels["cluster"] ?? key.labels["cluster_id"] }
        }
        h.version = completed ?? current
        if h.updatingTo == nil, let target = desired ?? current, target != h.version { h.updatingTo = target }
        if h.updatingTo == h.version { h.updatingTo = nil }
        var roles: [String: Set<String>] = [:]
        var nodes = Set<String>()
        for (key, value) in latest where key.name == "kube_node_role" && value > 0 {
            guard let node = key.labels["node"] else { continue }
            nodes.insert(node)
            roles[node, default: []].insert(key.labels["role"] ?? "")
        }
        for (key, _) in latest where key.name == "kube_node_status_condition" {
            if let node = key.labels["node"] { nodes.insert(node) }
        }
        h.nodes = nodes.count
        h.masters = roles.values.filter { $0.contains("master") || $0.contains("control-plane") }.count
        (h.cores, h.cpuPercent) = ClusterState.cpu(latest)
        for name in objectCountNames {
            let values = latest.filter { $0.key.name == name }.map(\.value)
            if !values.isEmpty { h.etcdObjects = values.reduce(0, +); break }
        }
        return h
    }

    static func operators(_ state: ClusterState) -> [OperatorRow] {
        var rows: [OperatorRow] = []
        for (key, value) in state.latest where key.name == "cluster_operator_conditions" {
            let cond = key.labels["condition"]
            let bad = (cond == "Degraded" && value == 1) || (cond == "Available" && value == 0)
            guard bad, let name = key.labels["name"] else { continue }
            rows.append(OperatorRow(name: name, condition: cond == "Available" ? "Unavailable" : "Degraded",
                                    reason: key.labels["reason"] ?? "", since: state.since(key)))
        }
        // The node profile's stand-in: memory and filesystem usage, fullest first, shown when
        // above 85 % (the usual "filesystem almost full" alert threshold) or when nothing else is.
        var usage: [OperatorRow] = []
        for (key, value) in state.latest where key.name == "vigil_usage_ratio" && value.isFinite {
            let name = [key.labels["name"], key.labels["instance"]].compactMap { $0 }.joined(separator: " ")
            usage.append(OperatorRow(name: name, condition: String(format: "%.0f%% used", value * 100),
                                     reason: value >= 0.85 ? "above 85%" : "", since: nil, ratio: value))
        }
        rows += usage.sorted { ($0.ratio ?? 0, $1.name) > ($1.ratio ?? 0, $0.name) }
        // Longest-standing first: the root cause usually degraded earliest.
        if !usage.isEmpty { return rows }
        return rows.sorted { ($0.since ?? .distantPast, $0.name, $0.condition) < ($1.since ?? .distantPast, $1.name, $1.condition) }
    }

    static func alerts(_ state: ClusterState) -> [AlertRow] {
        // Each firing instance once, whichever source reported it (Alertmanager's copy preferred:
        // it knows annotations, silences and inhibitions).
        let byName = Dictionary(grouping: state.mergedAlerts(includePending: false), by: \.name)
        let rows = byName.map { name, list in
            AlertRow(name: name, severity: list.map(\.severity).min() ?? .none,
                     since: list.compactMap(\.activeAt).min(), count: list.count,
                     silenced: list.filter(\.silenced).count, inhibited: list.filter { $0.inhibited && !$0.silenced }.count,
                     alerts: list.sorted { $0.labels < $1.labels })
        }
        return rows.sorted { ($0.severity, $0.name) < ($1.severity, $1.name) }
    }

    static func apiErrors(_ state: ClusterState) -> ([APIErrorRow], Double?) {
        guard let now = state.latestTime?.timeIntervalSince1970 else { return ([], nil) }
        var byCode: [String: Double] = [:]
        var total = 0.0, any = false
        for (key, h) in state.history where key.name == "apiserver_request_total" && state.latest[key] != nil {
            guard let r = h.rate(at: now, window: ClusterState.rateWindow) else { continue }
            any = true
            total += r
            if let code = key.labels["code"], let c = Int(code), c >= 400 { byCode[code, default: 0] += r }
        }
        guard any else { return ([], nil) }
        let rows = byCode.filter { $0.value > 0.0005 }.map {
            APIErrorRow(code: $0.key, perSecond: $0.value, share: total > 0 ? $0.value / total : 0)
        }
        return (rows.sorted { ($1.perSecond, $0.code) < ($0.perSecond, $1.code) }, total)
    }

    static func down(_ state: ClusterState) -> [DownRow] {
        var rows: [DownRow] = []
        // A node is down when its Ready condition is not true.
        var readyTrue: [String: (Double, SeriesKey)] = [:]
        var notReadyStatus: [String: String] = [:]
        for (key, value) in state.latest where key.name == "kube_node_status_condition" && key.labels["condition"] == "Ready" {
            guard let node = key.labels["node"] else { continue }
            if key.labels["status"] == "true" { readyTrue[node] = (value, key) }
            else if value > 0 { notReadyStatus[node] = key.labels["status"] == "false" ? "NotReady" : "Unknown" }
        }
        for (node, entry) in readyTrue where entry.0 == 0 {
            rows.append(DownRow(kind: .node, name: node, detail: notReadyStatus[node] ?? "NotReady",
                                since: state.since(entry.1), labels: entry.1.labels))
        }
        for (key, value) in state.latest where key.name == "up" && value == 0 {
            let instance = key.labels["instance"] ?? "?"
            rows.append(DownRow(kind: .target, name: key.labels["job"] ?? "?", detail: instance,
                                since: state.since(key), labels: key.labels))
        }
        return rows.sorted { ($0.kind == .node ? 0 : 1, $0.name, $0.detail) < ($1.kind == .node ? 0 : 1, $1.name, $1.detail) }
    }
}
