import VigilSources
import Foundation

/// What `/api/v2/status` says about an Alertmanager.
public struct AlertmanagerStatus: Sendable, Hashable {
    public var version: String
    /// `ready`, `settling` or `disabled` (no cluster).
    public var clusterStatus: String
    /// When the process started.
    public var uptime: Date?
    public init(version: String, clusterStatus: String, uptime: Date?) {
        self.version = version; self.clusterStatus = clusterStatus; self.uptime = uptime
    }
}

/// The parts of `/api/v2/status` Vigil shows. The `config` member is deliberately not decoded:
/// it is the full configuration, receivers' credentials included.
struct WireAlertmanagerStatus: Decodable {
    struct Cluster: Decodable { var status: String? }
    struct VersionInfo: Decodable { var version: String? }
    var cluster: Cluster?
    var versionInfo: VersionInfo?
    var uptime: String?

    var domain: AlertmanagerStatus {
        AlertmanagerStatus(version: versionInfo?.version ?? "", clusterStatus: cluster?.status ?? "",
                           uptime: uptime.flatMap(RFC3339.parse))
    }
}
