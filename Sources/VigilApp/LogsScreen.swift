import Foundation
import VigilCore
import VigilEngine
import VigilTerminal

/// Screen 4: the live log tail, newest at the bottom, anomalous lines marked, and the selected
/// line in full below.
enum LogsScreen {
    /// Lines at or above this score are drawn in the critical style (flagged ones below it in
    /// the warning style).
    static let criticalScore = 0.9

    static func render(_ model: Model, area: Rect, into buffer: inout Buffer) {
        let t = model.theme
        let logs = model.logs
        let layout = LogsLayout(area)
        let placement = LogsPlacement(logs, visibleRows: layout.visibleRows)
        let block = Block(title: title(logs, glyphs: model.glyphs), titleRight: status(logs, shown: placement.rows, glyphs: model.glyphs),
                          borderStyle: t[.borderFocused], titleStyle: t[.accent].bold(), glyphs: model.glyphs)
        block.render(in: area, buffer: &buffer)
        guard !layout.table.isEmpty else { return }

        if placement.rows.isEmpty {
            let why = logs.lines.isEmpty ? "No log lines yet (--logs PATH, --journald, or a replay's cluster.log)"
                                         : "No line matches; Esc clears the filter"
            var y = layout.table.y + min(1, layout.table.height - 1)
            for line in wrapText(why, width: layout.table.width - 2) where y < layout.table.bottom {
                buffer.put(line, x: layout.table.x + 1, y: y, style: t[.muted], clip: layout.table)
                y += 1
            }
        } else {
            table(model, layout: layout, placement: placement).render(in: layout.table, buffer: &buffer)
        }
        let selected = placement.selected.map { logs.lines[placement.rows[$0]] }
        LogsDetailPane.render(selected, model: model, layout: layout, into: &buffer)
    }

    static func table(_ model: Model, layout: LogsLayout, placement: LogsPlacement) -> Table {
        let t = model.theme
        let w = layout.table.width
        let sourceWidth = w >= 110 ? 18 : w >= 70 ? 12 : 8
        let columns: [Table.Column] = [
            .init(" ", width: .fixed(1)), .init("TIME", width: .fixed(8)), .init("SOURCE", width: .fixed(sourceWidth)),
            .init("SCORE", width: .fixed(5), alignment: .right), .init("LINE", width: .fill(1)),
        ]
        // Only the rows on screen are built: the tail may hold thousands.
        let first = placement.offset
        let last = min(placement.rows.count, first + layout.visibleRows)
        let rows: [[Span]] = placement.rows[first..<last].map { i in
            let l = model.logs.lines[i]
            let style = lineStyle(l, theme: t)
            return [Span(l.flagged ? "!" : " ", style: style.bold()), Span(Format.timeOfDay(l.record.timestamp), style: t[.muted]),
                    Span(l.record.source, style: t[.info]), Span(String(format: "%.2f", l.score), style: style),
                    Span(oneLine(l.record.line), style: style)]
        }
        var table = Table(columns: columns, rows: rows, selected: placement.selected.map { $0 - first }, offset: 0,
                          headerStyle: t[.header].bold(), selectionStyle: t[.selection], glyphs: model.glyphs)
        table.markerColumn = layout.frame.right - 1
        return table
    }

    static func lineStyle(_ line: ScoredLogLine, theme t: Theme) -> Style {
        guard line.flagged else { return t[.text] }
        return line.score >= criticalScore ? t[.critical] : t[.warning]
    }

    /// Tabs and line breaks inside a record would break the row grid.
    /// The text as one row: tabs and line breaks as spaces, cut to `limit` characters first (no
    /// terminal row shows more), so that a 50 MB line costs a frame no more than a short one.
    static func oneLine(_ text: String, limit: Int = 10_000) -> String {
        let cut = text.utf8.count > limit ? String(text.prefix(limit)) : text
        return cut.replacingOccurrences(of: "\t", with: " ").replacingOccurrences(of: "\r", with: " ")
            .replacingOccurrences(of: "\n", with: " ")
    }

    /// The separator between facts: "·" is not ASCII.
    static func dot(_ g: Glyphs) -> String { g.isASCII ? " | " : " · " }

    static func title(_ logs: LogsState, glyphs: Glyphs) -> String {
        var parts = ["Logs"]
        if logs.ui.anomalousOnly { parts.append("anomalous only") }
        if logs.ui.template != nil { parts.append("one template") }
        if let f = logs.ui.filterDraft ?? logs.ui.filterText, !f.isEmpty { parts.append("/" + f) }
        return parts.joined(separator: dot(glyphs))
    }

    /// "shown/kept lines · flagged among them": both counts are of the same lines (the ring of
    /// the newest `LogsState.capacity`), so the flagged count never exceeds the line count.
    static func status(_ logs: LogsState, shown: [Int], glyphs: Glyphs) -> String {
        let mode = logs.ui.follow ? "following" : "held, G follows"
        let d = dot(glyphs)
        if logs.ui.isFiltered || logs.ui.filterDraft != nil {
            let flaggedShown = shown.reduce(0) { $0 + (logs.lines[$1].flagged ? 1 : 0) }
            return "\(shown.count)/\(logs.lines.count) lines\(d)\(flaggedShown)/\(logs.flaggedInLines) flagged\(d)\(mode)"
        }
        return "\(logs.lines.count) lines\(d)\(logs.flaggedInLines) flagged\(d)\(mode)"
    }
}
