import Foundation
import VigilCore
import VigilEngine

/// What the overview header shows.
public struct HeaderInfo: Hashable, Sendable {
    public var clusterName: String?
    public var version: String?
    public var updatingTo: String?
    public var installedAt: Date?
    public var nodes: Int = 0
    public var masters: Int = 0
    public var cores: Double?
    public var cpuPercent: Double?
    public var etcdObjects: Double?
    public var dataTime: Date?
}

/// A cluster operator in a bad condition.
public struct OperatorRow: Hashable, Sendable {
    public var name: String
    public var condition: String   // "Degraded" or "Unavailable" ("87% used" for usage rows)
    public var reason: String
    public var since: Date?
    /// Usage rows (node profile): the ratio used, 0–1.
    public var ratio: Double? = nil
}

/// Firing alerts of one name, grouped.
public struct AlertRow: Hashable, Sendable {
    public var name: String
    public var severity: Severity
    public var since: Date?
    public var count: Int
    /// Instances silenced, and inhibited (by another alert) without a silence.
    public var silenced: Int
    public var inhibited: Int = 0
    public var alerts: [Alert]
}

/// Error responses of the API server with one status code.
public struct APIErrorRow: Hashable, Sendable {
    public var code: String
    public var perSecond: Double
    /// Share of all API requests in the same window.
    public var share: Double
}

/// A node that is not Ready, or a scrape target that is down.
public struct DownRow: Hashable, Sendable {
    public enum Kind: String, Hashable, Sendable { case node, target }
    public var kind: Kind
    public var name: String
    public var detail: String
    public var since: Date?
    public var labels: Labels
}

/// Everything the overview screen draws, derived from the cluster state at one instant.
public struct OverviewData: Hashable, Sendable {
    public var header = HeaderInfo()
    public var operators: [OperatorRow] = []
    public var alerts: [AlertRow] = []
    public var apiErrors: [APIErrorRow] = []
    public var apiTotalPerSecond: Double?
    public var down: [DownRow] = []
    public var cpuHistory: [Double] = []
    public var anomalyHistory: [Double] = []
    public var anomalyTop: String?
    public init() {}
}
