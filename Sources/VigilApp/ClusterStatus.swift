import Foundation
import VigilCore
import VigilTerminal

/// The one word the header leads with and the exit status of a one-frame run, derived from what
/// the panels show. The numbers are the monitoring-plugins convention (Nagios, Icinga, Sensu), so
/// `vigil --once` can serve as a check command.
public struct ClusterStatus: Hashable, Sendable {
    /// The exit status of a one-frame run.
    public enum Level: Int32, Sendable {
        case ok = 0, warning = 1, critical = 2, unknown = 3
    }

    public var level: Level
    /// OK, WARNING, CRITICAL, NO DATA (no source has answered), STALE (a source failed) or PARTIAL
    /// (a source warned that its answer may be incomplete).
    public var word: String
    /// Why, most severe first: what a check command prints after the word.
    public var reasons: [String]

    /// The status of what the model holds. Critical: a firing critical alert (not silenced or
    /// inhibited), a node not Ready, an operator Unavailable or a resource at 95 % or more.
    /// Unknown: no source has answered yet (NO DATA), or a source or a panel's query is failing
    /// (STALE) — a finding above still wins, since what is known is already critical.
    /// Warning: any other firing alert of severity warning, a degraded operator (or one at 85 %),
    /// a scrape target down. Alerts of severity info or none (Watchdog) and pending ones are not counted.
    public static func of(_ model: Model) -> ClusterStatus {
        var critical: [String] = [], warning: [String] = [], unknown: [String] = []
        let o = model.overview
        for r in o.alerts {
            let live = r.alerts.filter { !$0.silenced && !$0.inhibited }.count
            guard live > 0 else { continue }
            let what = live == 1 ? r.name : "\(r.name) ×\(live)"
            switch r.severity {
            case .critical: critical.append("alert \(what)")
            case .warning: warning.append("alert \(what)")
            case .info, .none: break
            }
        }
        for r in o.down {
            switch r.kind {
            case .node: critical.append("node \(r.name) \(r.detail)")
            case .target: warning.append("target \(r.name) \(r.detail) down")
            }
        }
        for r in o.operators {
            if let ratio = r.ratio {
                if ratio >= 0.95 { critical.append("\(r.name) \(Format.percent(ratio)) used") }
                else if ratio >= 0.85 { warning.append("\(r.name) \(Format.percent(ratio)) used") }
            } else if r.condition == "Unavailable" {
                critical.append("\(r.name) Unavailable")
            } else {
                warning.append("\(r.name) \(r.condition)")
            }
        }
        let answered = model.state.latestTime != nil || model.state.alertsTime != nil
        for (_, h) in model.health.sorted(by: { $0.key < $1.key }) {
            if case .stale(let reason) = h.state { unknown.append("\(h.source): \(reason)") }
        }
        for late in model.lateSources { unknown.append("\(late.source): \(late.reason)") }
        var partial: [String] = []
        for (_, h) in model.health.sorted(by: { $0.key < $1.key }) {
            if case .partial(let warnings) = h.state { partial.append("\(h.source) partial: \(warnings)") }
        }
        for (_, h) in model.panelHealth.sorted(by: { $0.key < $1.key }) {
            if case .stale(let reason) = h.state { unknown.append("\(h.name): \(reason)") }
            if case .partial(let warnings) = h.state { partial.append("\(h.name) partial: \(warnings)") }
        }
        if !critical.isEmpty { return ClusterStatus(level: .critical, word: "CRITICAL", reasons: critical + unknown + partial + warning) }
        if !answered { return ClusterStatus(level: .unknown, word: "NO DATA", reasons: unknown.isEmpty ? ["no source has answered yet"] : unknown) }
        if !unknown.isEmpty { return ClusterStatus(level: .unknown, word: "STALE", reasons: unknown + partial + warning) }
        // The answer may miss what is wrong: not OK, and not WARNING either (that would be a finding).
        if !partial.isEmpty { return ClusterStatus(level: .unknown, word: "PARTIAL", reasons: partial + warning) }
        if !warning.isEmpty { return ClusterStatus(level: .warning, word: "WARNING", reasons: warning) }
        return ClusterStatus(level: .ok, word: "OK", reasons: [])
    }

    /// The theme slot the word is drawn in.
    var slot: ThemeSlot {
        switch level {
        case .ok: return .ok
        case .warning, .unknown: return .warning
        case .critical: return .critical
        }
    }

    /// One line for a check command: `CRITICAL: alert KubeAPIErrorsHigh, node m-2 NotReady, …`.
    public var summary: String {
        reasons.isEmpty ? word : word + ": " + reasons.prefix(5).joined(separator: ", ")
            + (reasons.count > 5 ? " and \(reasons.count - 5) more" : "")
    }
}
