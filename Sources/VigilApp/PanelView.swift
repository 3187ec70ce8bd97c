import Foundation
import VigilCore
import VigilEngine
import VigilTerminal

/// Draws one overview panel: a titled block around a table or a sparkline.
enum PanelView {
    static func render(_ panel: PanelID, model: Model, area: Rect, layout: OverviewLayout, into buffer: inout Buffer) {
        let t = model.theme, g = model.glyphs
        let focused = model.focus == panel && model.overlay == nil
        let title = (focused ? g.marker + " " : "") + model.title(panel)
        let stale = model.staleReason(panel), partial = model.partialReason(panel)
        // Rows are built once per frame and used for both the count and the table.
        let rows = panel.isTable ? PanelRows.rows(panel, model: model) : []
        var right = ""
        if stale != nil { right = "STALE" }
        else if partial != nil { right = "PARTIAL" }
        else if let f = model.panelLists[panel]?.filter { right = "/" + f }
        else if panel.isTable {
            if !rows.isEmpty { right = "\(rows.count)" }
            // A box with no room inside (50×12) still says what its body would: a count or why not.
            else if area.height <= 2 {
                right = noDataText(panel, model: model) != nil ? "no data" : !model.panelInProfile(panel) ? "n/a" : "none"
            }
        } else if panel == .cpu, let p = model.overview.header.cpuPercent, let c = model.overview.header.cores {
            right = String(format: "%.0f%% of %@ cores", p, Format.value(c))
        } else if panel == .anomaly, let last = model.overview.anomalyHistory.last {
            // Both numbers named: the score is spiky, so the latest step alone can read 0.00 beside
            // a sparkline at its highest. "max" is the highest value the sparkline shows.
            let shown = model.overview.anomalyHistory.suffix(Sparkline.capacity(width: max(0, area.width - 2), mode: g.sparkline))
            right = String(format: "now %.2f %@ max %.2f", last, g.isASCII ? "/" : "·", shown.max() ?? last)
                + (model.overview.anomalyTop.map { " " + $0 } ?? "")
        }
        let block = Block(title: title, titleRight: right,
                          borderStyle: focused ? t[.borderFocused] : t[.border],
                          titleStyle: focused ? t[.accent].bold() : t[.title], glyphs: g)
        block.render(in: area, buffer: &buffer)
        var inner = block.inner(area)
        guard !inner.isEmpty else { return }
        if !model.panelInProfile(panel) {
            Line(" not in the \(model.profile?.name ?? "") profile", style: t[.muted])
                .render(x: inner.x, y: inner.y, width: inner.width, buffer: &buffer)
            return
        }
        // A stale panel keeps its last good data and says why on its last row.
        if let note = stale.map({ " stale: " + $0 }) ?? partial.map({ " partial: " + $0 }), inner.height >= 2 {
            Line(note, style: t[.warning])
                .render(x: inner.x, y: inner.bottom - 1, width: inner.width, buffer: &buffer)
            inner = Rect(x: inner.x, y: inner.y, width: inner.width, height: inner.height - 1)
        }
        switch panel {
        case .cpu:
            sparkline(model.overview.cpuHistory, min: 0, max: 100, style: t[.sparkline], empty: "no CPU data",
                      model: model, area: inner, into: &buffer)
        case .anomaly:
            var chart = inner
            // The newest anomalies nobody called false, under the sparkline, when there is room.
            let now = model.clock ?? Date(timeIntervalSince1970: 0)
            let recent = inner.height >= 5 ? Array(model.visibleAnomalies(now: now).prefix(min(3, inner.height / 2 - 1))) : []
            if !recent.isEmpty {
                chart = Rect(x: inner.x, y: inner.y, width: inner.width, height: inner.height - recent.count)
                for (i, item) in recent.enumerated() {
                    let status = model.engine.anomalies.status(of: item, now: now)
                    Line([Span(" " + Format.timeOfDay(item.time) + " ", style: t[.muted]),
                          Span(String(format: "%.2f ", item.score), style: status == .new ? t[.warning] : t[.muted]),
                          Span(item.kind.rawValue + " ", style: t[.text]), Span(item.subject, style: t[.text])])
                        .render(x: inner.x, y: chart.bottom + i, width: inner.width, buffer: &buffer)
                }
            }
            sparkline(model.overview.anomalyHistory, min: 0, max: 1, style: t[.anomaly], empty: "no scores yet",
                      model: model, area: chart, into: &buffer)
        default:
            if rows.isEmpty {
                // "All clear" only once a source has answered; before that the panel says it does not know.
                let (text, slot): (String, ThemeSlot) = noDataText(panel, model: model).map { ($0, .warning) }
                    ?? emptyText(panel, filtered: model.panelLists[panel]?.filter != nil, profile: model.profile)
                Line(" " + text, style: t[slot]).render(x: inner.x, y: inner.y, width: inner.width, buffer: &buffer)
                return
            }
            let (columns, keep) = fittedColumns(panel, width: inner.width)
            var table = Table(columns: columns, rows: rows.map { r in keep.map { r.cells[$0] } },
                              selected: focused || model.overlay != nil ? model.panelLists[panel]?.selection : nil,
                              offset: model.panelLists[panel]?.offset ?? 0,
                              headerStyle: t[.header].bold(), selectionStyle: t[.selection], glyphs: g)
            table.markerColumn = area.right - 1
            table.render(in: inner, buffer: &buffer)
        }
    }

    /// The panel's columns that fit in `width`, dropping the least useful first, and their indices.
    static func fittedColumns(_ panel: PanelID, width: Int) -> ([Table.Column], [Int]) {
        let all = PanelRows.columns(panel)
        var keep = Array(all.indices)
        var dropOrder = PanelRows.dropOrder(panel)
        func needed() -> Int {
            keep.reduce(0) { total, i in
                switch all[i].width {
                case .fixed(let n): return total + n
                case .fill: return total + 10 // a name column below 10 cells says little
                }
            } + max(0, keep.count - 1)
        }
        while needed() > width, !dropOrder.isEmpty {
            let d = dropOrder.removeFirst()
            keep.removeAll { $0 == d }
        }
        return (keep.map { all[$0] }, keep)
    }

    /// What an empty panel says while no source has answered for it (nil once one has): never the
    /// green "all clear" of a panel that does not know.
    static func noDataText(_ panel: PanelID, model: Model) -> String? {
        let answered = model.state.latestTime != nil || (panel == .alerts && model.state.alertsTime != nil)
        guard !answered else { return nil }
        let why = model.health.sorted { $0.key < $1.key }.compactMap { source, h -> String? in
            if case .stale(let reason) = h.state { return "\(source): \(reason)" }
            return nil
        }.first
        return "no data yet" + (why.map { " (\($0))" } ?? "")
    }

    /// What a panel whose answer had no rows says, and in which colour. The profile in use names
    /// its own texts (the node profile has no operators, plain Kubernetes has workloads); without
    /// a profile (a replay of an OpenShift recording) the OpenShift texts apply.
    static func emptyText(_ panel: PanelID, filtered: Bool, profile: ProfileInfo?) -> (String, ThemeSlot) {
        if filtered { return ("nothing matches the filter (Esc clears it)", .muted) }
        if let profile, let e = profile.emptyTexts[panel.key] { return (e.text, e.healthy ? .ok : .warning) }
        switch panel {
        case .operators:
            return (profile == nil || profile?.name == "openshift" ? "all operators available, none degraded" : "nothing degraded or unavailable", .ok)
        case .alerts: return ("no alerts firing", .ok)
        case .apiErrors: return ("no API errors", .ok)
        case .down: return ("all nodes Ready, all targets up", .ok)
        default: return ("", .muted)
        }
    }

    static func sparkline(_ values: [Double], min lo: Double, max hi: Double, style: Style, empty: String,
                          model: Model, area: Rect, into buffer: inout Buffer) {
        guard !values.isEmpty else {
            Line(" " + empty, style: model.theme[.muted]).render(x: area.x, y: area.y, width: area.width, buffer: &buffer)
            return
        }
        Sparkline(values: values, mode: model.glyphs.sparkline, style: style, minValue: lo, maxValue: hi)
            .render(in: area, buffer: &buffer)
    }
}
