import Foundation

/// How a data source is doing, as the header and stale panels show it.
public struct SourceHealth: Hashable, Sendable {
    public enum State: Hashable, Sendable {
        case ok
        case stale(reason: String)
        /// The source answered, but warned that the answer may be incomplete (a Thanos store or a
        /// Prometheus shard did not answer: `warnings` in the response).
        case partial(warnings: String)
        case finished
    }
    /// The source: "prometheus", "alertmanager", "replay", a log source.
    public var source: String
    /// The overview panel (its key) whose query the report is about; nil for the source as a whole.
    public var panel: String?
    public var state: State
    public var lastSuccess: Date?
    public init(source: String, panel: String? = nil, state: State, lastSuccess: Date? = nil) {
        self.source = source; self.panel = panel; self.state = state; self.lastSuccess = lastSuccess
    }

    /// How a report names what it is about: `source`, or `source/panel`.
    public var name: String { panel.map { "\(source)/\($0)" } ?? source }
}

/// What collectors send to the app loop. Live sources and replay send the same cases.
public enum SourceMessage: Hashable, Sendable {
    /// All samples of one evaluation instant.
    case metrics(MetricBatch)
    /// The full set of active alerts at an instant (replaces the previous set).
    case alerts(at: Date, [Alert])
    /// New log lines, oldest first.
    case logs([LogRecord])
    /// New log lines after the log anomaly scorer, oldest first.
    case scoredLogs([ScoredLogLine])
    /// The data clock moved (virtual time in replay, wall time live).
    case clock(Date)
    /// A source's health changed. Per-panel health names the panel (`SourceHealth.panel`).
    case health(SourceHealth)
    /// The live source chose a dashboard profile (by name or by probing metric names).
    case profile(ProfileInfo)
    /// The anomalies other `vigil serve` instances have open, as a Prometheus that scrapes them
    /// holds them at an instant (the full set: replaces the previous one).
    case remoteAnomalies(at: Date, [RemoteAnomaly])
    /// One refresh of the fleet queries: each cluster's version and its samples by dimension.
    case fleet(FleetBatch)
}

/// How a fleet dimension is compared with the peers (see VigilDetect's FleetScorer).
public enum FleetKind: String, Hashable, Sendable, CaseIterable {
    /// An object count (etcd, per resource): its movement, not its level.
    case count
    /// A condition that is bad at 1 (an operator degraded or unavailable): share bad and flips.
    case condition
    /// A firing alert: samples fired.
    case events
    /// A level per cluster (an API error share, anything a profile maps): its mean over the window.
    case level
}

/// The fleet at one instant, as the profile's `fleet:` queries answered.
public struct FleetBatch: Hashable, Sendable {
    public struct Sample: Hashable, Sendable {
        public var cluster: String
        public var dimension: String
        public var kind: FleetKind
        public var value: Double
        public init(cluster: String, dimension: String, kind: FleetKind, value: Double) {
            self.cluster = cluster; self.dimension = dimension; self.kind = kind; self.value = value
        }
    }
    public var timestamp: Date
    /// Cluster → version (its peer group).
    public var versions: [String: String]
    public var samples: [Sample]
    /// Cluster → platform (aws, gcp, baremetal, …), where the profile maps one: narrows the peer group.
    public var platforms: [String: String]
    /// Cluster → node count, where the profile maps one: narrows the peer group by size class.
    public var nodes: [String: Double]
    public init(timestamp: Date, versions: [String: String], samples: [Sample], platforms: [String: String] = [:], nodes: [String: Double] = [:]) {
        self.timestamp = timestamp; self.versions = versions; self.samples = samples
        self.platforms = platforms; self.nodes = nodes
    }

    /// A node count's size class, on a roughly logarithmic scale: 1–3, 4–10, 11–30, 31–100,
    /// 101–300, 301–1000, over 1000 nodes. Clusters of one class are peers by size.
    public static func sizeClass(nodes: Double) -> String? {
        guard nodes.isFinite, nodes >= 1 else { return nil }
        let bounds: [(Double, String)] = [(3, "1–3"), (10, "4–10"), (30, "11–30"), (100, "31–100"), (300, "101–300"), (1000, "301–1000")]
        return (bounds.first { nodes.rounded() <= $0.0 }?.1 ?? "over 1000") + " nodes"
    }
}

/// An anomaly a `vigil serve` has open, read back from Prometheus (`vigil_anomaly_open_*`).
public struct RemoteAnomaly: Hashable, Sendable {
    /// The cluster it came from: the series' `cluster` label (added by the scrape config or the
    /// serve's Prometheus' external labels), else its `instance`.
    public var cluster: String
    public var kind: AnomalyKind
    /// The fingerprint the serve gave it (stored form).
    public var fingerprint: String
    public var subject: String
    public var detail: String
    public var start: Date
    public var score: Double
    public init(cluster: String, kind: AnomalyKind, fingerprint: String, subject: String, detail: String, start: Date, score: Double) {
        self.cluster = cluster; self.kind = kind; self.fingerprint = fingerprint; self.subject = subject
        self.detail = detail; self.start = start; self.score = score
    }
}

/// What the app needs to know of the dashboard profile in use.
public struct ProfileInfo: Hashable, Sendable {
    public var name: String
    /// Panel id → title, for panels the profile renames (e.g. "Unavailable deployments").
    public var panelTitles: [String: String]
    /// Panel ids the profile fills; others show "not in this profile".
    public var panels: [String]
    /// Panel id → what the panel says when its answer has no rows, and whether that is healthy.
    public var emptyTexts: [String: EmptyText]
    public struct EmptyText: Hashable, Sendable {
        public var text: String
        public var healthy: Bool
        public init(_ text: String, healthy: Bool = true) { self.text = text; self.healthy = healthy }
    }
    /// The label that names a cluster when the profile has fleet queries; nil: no fleet in this profile.
    public var fleetLabel: String?
    public init(name: String, panelTitles: [String: String], panels: [String], emptyTexts: [String: EmptyText] = [:]) {
        self.name = name; self.panelTitles = panelTitles; self.panels = panels; self.emptyTexts = emptyTexts
    }
}
