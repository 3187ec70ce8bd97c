import VigilSources
import Foundation
import VigilCore

/// The part of the Prometheus API the live collector uses; a seam for tests.
public protocol MetricQuerying: Sendable {
    func query(_ promql: String, at time: Date?) async throws -> QueryResponse
    func queryRange(_ promql: String, start: Date, end: Date, step: TimeInterval) async throws -> QueryResponse
    func metricNames() async throws -> [String]
}

/// Where firing alerts with silences come from (Alertmanager); a seam for tests.
public protocol AlertListing: Sendable {
    func alerts() async throws -> [Alert]
}

extension PrometheusClient: MetricQuerying {}
extension AlertmanagerClient: AlertListing {}

/// Which profile the live collector uses: a given one, or the first that fits the server's metrics.
public enum ProfileChoice: Sendable {
    case fixed(DashboardProfile)
    case detect(among: [DashboardProfile])
}
