import Foundation
import VigilCore
import VigilEngine
import VigilTerminal

/// One selectable row of a table panel: its cells, a stable key and the text `/` filters on.
public struct PanelRow: Sendable {
    public var key: String
    public var searchText: String
    public var cells: [Span]
}

/// The columns and rows of each table panel, already filtered: shared by `view` and `update`
/// so the selection always indexes what is drawn.
public enum PanelRows {
    public static func columns(_ panel: PanelID) -> [Table.Column] {
        switch panel {
        case .operators:
            return [.init("NAME", width: .fill(3)), .init("CONDITION", width: .fixed(11)),
                    .init("REASON", width: .fill(4)), .init("SINCE", width: .fixed(6), alignment: .right)]
        case .alerts:
            return [.init("SEV", width: .fixed(4)), .init("ALERT", width: .fill(1)),
                    .init("FOR", width: .fixed(6), alignment: .right), .init("N", width: .fixed(3), alignment: .right)]
        case .apiErrors:
            return [.init("CODE", width: .fixed(5)), .init("RATE", width: .fixed(8), alignment: .right),
                    .init("SHARE", width: .fixed(6), alignment: .right), .init("", width: .fill(1))]
        case .down:
            return [.init("KIND", width: .fixed(6)), .init("NAME", width: .fill(2)),
                    .init("DETAIL", width: .fill(3)), .init("FOR", width: .fixed(6), alignment: .right)]
        case .cpu, .anomaly:
            return []
        }
    }

    /// Column indices to drop, in order, when a panel is too narrow for all of them.
    public static func dropOrder(_ panel: PanelID) -> [Int] {
        switch panel {
        case .operators: return [2, 3]
        case .alerts: return [3, 2]
        case .apiErrors: return [3, 2]
        case .down: return [2, 3]
        case .cpu, .anomaly: return []
        }
    }

    public static func rows(_ panel: PanelID, model: Model) -> [PanelRow] {
        let all = unfiltered(panel, model: model)
        guard let f = model.panelLists[panel]?.filter?.lowercased(), !f.isEmpty else { return all }
        return all.filter { $0.searchText.lowercased().contains(f) }
    }

    static func since(_ d: Date?, now: Date?) -> String {
        guard let d, let now else { return "" }
        return Format.duration(now.timeIntervalSince(d))
    }

    static func unfiltered(_ panel: PanelID, model: Model) -> [PanelRow] {
        let o = model.overview, t = model.theme, now = model.clock ?? o.header.dataTime
        switch panel {
        case .operators:
            return o.operators.map { r in
                let style: Style
                if let ratio = r.ratio { style = ratio >= 0.95 ? t[.critical] : ratio >= 0.85 ? t[.warning] : t[.ok] }
                else { style = r.condition == "Unavailable" ? t[.critical] : t[.warning] }
                return PanelRow(key: "\(r.name)/\(r.condition)", searchText: "\(r.name) \(r.condition) \(r.reason)",
                                cells: [Span(r.name, style: t[.text]), Span(r.condition, style: style),
                                        Span(r.reason, style: t[.muted]), Span(since(r.since, now: now), style: t[.muted])])
            }
        case .alerts:
            return o.alerts.map { r in
                let sev = severityStyle(r.severity, theme: t)
                // Silenced and inhibited alerts stay listed (the operator should know) but read as
                // muted when every instance is, and say so.
                let muted = r.silenced + r.inhibited == r.count
                var notes: [String] = []
                if r.silenced > 0 { notes.append(r.silenced == r.count ? "silenced" : "\(r.silenced) silenced") }
                if r.inhibited > 0 { notes.append(r.inhibited == r.count ? "inhibited" : "\(r.inhibited) inhibited") }
                let name = notes.isEmpty ? r.name : r.name + " (" + notes.joined(separator: ", ") + ")"
                return PanelRow(key: r.name, searchText: "\(name) \(r.severity.name)",
                                cells: [Span(severityTag(r.severity), style: muted ? t[.muted] : sev),
                                        Span(name, style: muted ? t[.muted] : t[.text]),
                                        Span(since(r.since, now: now), style: t[.muted]), Span("\(r.count)", style: t[.text])])
            }
        case .apiErrors:
            return o.apiErrors.map { r in
                let style = r.code.hasPrefix("5") ? t[.critical] : t[.warning]
                return PanelRow(key: r.code, searchText: r.code,
                                cells: [Span(r.code, style: style), Span(Format.rate(r.perSecond), style: t[.text]),
                                        Span(Format.percent(r.share), style: t[.text]), Span("", style: t[.muted])])
            }
        case .down:
            return o.down.map { r in
                PanelRow(key: "\(r.kind.rawValue)/\(r.name)/\(r.detail)", searchText: "\(r.kind.rawValue) \(r.name) \(r.detail)",
                         cells: [Span(r.kind.rawValue, style: r.kind == .node ? t[.critical] : t[.warning]),
                                 Span(r.name, style: t[.text]), Span(r.detail, style: t[.muted]),
                                 Span(since(r.since, now: now), style: t[.muted])])
            }
        case .cpu, .anomaly:
            return []
        }
    }

    public static func severityTag(_ s: Severity) -> String {
        switch s { case .critical: return "CRIT"; case .warning: return "WARN"; case .info: return "INFO"; case .none: return "NONE" }
    }

    public static func severityStyle(_ s: Severity, theme t: Theme) -> Style {
        switch s { case .critical: return t[.critical]; case .warning: return t[.warning]; case .info: return t[.info]; case .none: return t[.muted] }
    }
}
