import Foundation
import VigilCore
import VigilEngine
import VigilTerminal

/// The bottom of the Logs screen: the selected line in full (wrapped), its score and signals,
/// its template and how often and when that template was seen.
enum LogsDetailPane {
    static func render(_ line: ScoredLogLine?, model: Model, layout: LogsLayout, into buffer: inout Buffer) {
        guard !layout.detail.isEmpty else { return }
        let t = model.theme
        let g = model.glyphs
        let rule = layout.rule
        for x in rule.x..<rule.right { buffer.put(g.horizontal, x: x, y: rule.y, style: t[.border], clip: rule) }
        buffer.put(" Selected line ", x: rule.x + 1, y: rule.y, style: t[.title], clip: rule)
        guard let line else {
            buffer.put(" Nothing selected", x: layout.detail.x, y: layout.detail.y, style: t[.muted], clip: layout.detail)
            return
        }
        let facts = self.facts(line, model: model)
        let area = layout.detail
        // Facts under the text; with few rows the line's start and the score come first.
        let textRows = area.height > facts.count ? area.height - facts.count : 1
        // Only what the rows can show is read: a row of width w holds at most w characters.
        let limit = max(1, textRows) * max(1, area.width) + 1
        let record = line.record.line
        let cut = record.index(record.startIndex, offsetBy: limit, limitedBy: record.endIndex).map { $0 < record.endIndex } ?? false
        var text = wrapText(LogsScreen.oneLine(record, limit: limit), width: area.width - 1, maxRows: textRows + 1)
        if cut || text.count > textRows, area.width > 2 {
            // More than the rows show: say so at the end of the last row.
            text = Array(text.prefix(textRows))
            if let last = text.last { text[text.count - 1] = TextWidth.prefix(last, fitting: area.width - 2) + (model.glyphs.isASCII ? ">" : "…") }
        }
        var rows: [Line] = text.prefix(textRows).map { Line(" " + $0, style: LogsScreen.lineStyle(line, theme: t)) }
        rows += facts.prefix(area.height - rows.count)
        for (i, row) in rows.enumerated() {
            row.render(x: area.x, y: area.y + i, width: area.width, buffer: &buffer)
        }
    }

    /// Score and signals, template, and when the template was seen, in that order of importance.
    static func facts(_ line: ScoredLogLine, model: Model) -> [Line] {
        let t = model.theme
        let s = line.signals
        let verdict = line.flagged ? "flagged" : "normal"
        let d = LogsScreen.dot(model.glyphs)
        let score = Line([
            Span(" score ", style: t[.muted]), Span(String(format: "%.2f %@", line.score, verdict), style: LogsScreen.lineStyle(line, theme: t).bold()),
            Span(String(format: "  novelty %.2f\(d)rarity %.2f\(d)new %.2f\(d)burst %.2f\(d)severity %.2f",
                        s.novelty, s.rarity, s.firstSighting, s.burst, s.severity), style: t[.muted]),
        ])
        let template = Line([Span(" template ", style: t[.muted]), Span(LogsScreen.oneLine(line.template), style: t[.text])])
        var seen = Line([Span(" source ", style: t[.muted]), Span(line.record.source, style: t[.info]),
                         Span("\(d)\(Format.clock(line.record.timestamp))", style: t[.muted])])
        if let stats = model.logs.templates[line.template] {
            seen = Line([Span(" template seen ", style: t[.muted]), Span("\(stats.count)" + (model.glyphs.isASCII ? "x" : "×"), style: t[.text]),
                         Span("\(d)first \(Format.clock(stats.firstSeen))\(d)last \(Format.clock(stats.lastSeen))", style: t[.muted]),
                         Span("\(d)source ", style: t[.muted]), Span(line.record.source, style: t[.info])])
        }
        guard !line.record.labels.isEmpty else { return [score, template, seen] }
        // What the source knew beyond the text (a syslog header, structured data).
        let labels = Line([Span(" labels ", style: t[.muted]),
                           Span(line.record.labels.pairs.map { "\($0.name)=\(LogsScreen.oneLine($0.value))" }.joined(separator: " "),
                                style: t[.text])])
        return [score, template, seen, labels]
    }
}
