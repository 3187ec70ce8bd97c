import Foundation

/// State of an alert as Prometheus and Alertmanager report it.
public enum AlertState: String, Hashable, Sendable, Codable {
    case firing, pending, resolved
}

/// Alert severities, ordered from most to least urgent.
public enum Severity: Int, Hashable, Sendable, Comparable, CaseIterable {
    case critical = 0, warning, info, none

    public init(label: String?) {
        switch label?.lowercased() {
        case "critical", "error", "page": self = .critical
        case "warning", "warn": self = .warning
        case "info": self = .info
        default: self = .none
        }
    }

    public static func < (a: Severity, b: Severity) -> Bool { a.rawValue < b.rawValue }
    public var name: String { ["critical", "warning", "info", "none"][rawValue] }
}

/// One alert with its labels and annotations.
public struct Alert: Hashable, Sendable {
    public var labels: Labels
    public var annotations: [String: String]
    public var state: AlertState
    public var activeAt: Date?
    public var endsAt: Date?
    public var silenced: Bool
    public var inhibited: Bool
    /// Alertmanager's ids of the silences that hide the alert.
    public var silencedBy: [String]
    /// Alertmanager's fingerprints of the alerts that inhibit it.
    public var inhibitedBy: [String]

    public init(labels: Labels, annotations: [String: String] = [:], state: AlertState = .firing,
                activeAt: Date? = nil, endsAt: Date? = nil, silenced: Bool = false, inhibited: Bool = false,
                silencedBy: [String] = [], inhibitedBy: [String] = []) {
        self.labels = labels; self.annotations = annotations; self.state = state
        self.activeAt = activeAt; self.endsAt = endsAt; self.silenced = silenced || !silencedBy.isEmpty
        self.inhibited = inhibited || !inhibitedBy.isEmpty
        self.silencedBy = silencedBy; self.inhibitedBy = inhibitedBy
    }

    public var name: String { labels["alertname"] ?? "?" }
    public var severity: Severity { Severity(label: labels["severity"]) }
    /// Labels that tell instances of one alert apart (all but alertname, alertstate, severity).
    public var identity: Labels {
        Labels(labels.dictionary.filter { !["alertname", "alertstate", "severity"].contains($0.key) })
    }
}
