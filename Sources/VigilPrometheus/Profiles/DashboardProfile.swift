import VigilSources
/// Which PromQL feeds which overview panel for one kind of Prometheus (OpenShift, plain
/// Kubernetes, node_exporter only). All PromQL lives in profile files, none in Swift.
public struct DashboardProfile: Sendable, Hashable {
    public var name: String
    /// The file it was read from (or the name given to `parse`).
    public var file: String
    public var description: String
    /// Metric names: the profile fits a Prometheus that has any of them.
    public var detect: [String]
    /// In file order.
    public var panels: [ProfilePanel]
    /// The Fleet screen's queries, for a Prometheus/Thanos that holds many clusters; nil: no fleet.
    public var fleet: ProfileFleet?

    public init(name: String, file: String, description: String = "", detect: [String] = [], panels: [ProfilePanel],
                fleet: ProfileFleet? = nil) {
        self.name = name
        self.file = file
        self.description = description
        self.detect = detect
        self.panels = panels
        self.fleet = fleet
    }

    public func panel(_ id: String) -> ProfilePanel? { panels.first { $0.id == id } }

    /// Every query of every panel, in file order, for a collector that runs them all.
    public var allQueries: [ProfileQuery] { panels.flatMap(\.queries) }
}


/// A profile's `fleet:` section: how to see many clusters in one Prometheus/Thanos. Each query
/// aggregates by cluster on the server (one request per dimension kind and refresh, never one per
/// cluster); its series carry the cluster label and the dimension's label.
public struct ProfileFleet: Sendable, Hashable {
    public struct Query: Sendable, Hashable {
        public var expr: String
        /// The label that names the dimension (`resource`, `alertname`, `name`) or, for `version`, the version.
        public var label: String
        public init(expr: String, label: String) { self.expr = expr; self.label = label }
    }
    /// The label that names a cluster: telemetry uses `_id`, many setups `cluster`.
    public var clusterLabel: String
    public var version: Query
    public var counts: Query?
    public var conditions: Query?
    public var alerts: Query?
    /// Each cluster's platform (the label names it): peers share it where enough do.
    public var platform: Query?
    /// Each cluster's node count (the value): peers share a size class where enough do.
    public var nodes: String?
    /// One number per cluster each (an API error share, …), compared by its mean over the window.
    public struct Level: Sendable, Hashable {
        public var name: String
        public var expr: String
        public init(name: String, expr: String) { self.name = name; self.expr = expr }
    }
    public var levels: [Level]
    /// Requests one refresh makes: one per query, whatever the number of clusters.
    public var queryCount: Int {
        1 + [platform, counts, conditions, alerts].compactMap { $0 }.count + (nodes == nil ? 0 : 1) + levels.count
    }
    public init(clusterLabel: String, version: Query, counts: Query? = nil, conditions: Query? = nil, alerts: Query? = nil,
                platform: Query? = nil, nodes: String? = nil, levels: [Level] = []) {
        self.clusterLabel = clusterLabel; self.version = version; self.counts = counts
        self.conditions = conditions; self.alerts = alerts
        self.platform = platform; self.nodes = nodes; self.levels = levels
    }
}
