import Foundation
import VigilCore
import VigilEngine
import VigilTerminal

/// Screen 3: anomalies from every detector with their verdicts, and a pane explaining the selected one.
enum AnomaliesScreen {
    /// Rows of the list block (border included) in a body of `body` rows; the detail pane gets the rest.
    static func tableRows(body: Int) -> Int {
        max(4, min(body - 6, body * 11 / 20))
    }

    /// Rows of the list block for the terminal height the model knows (header 2 rows, footer 1).
    static func tableRows(height: Int) -> Int { tableRows(body: max(0, height - 3)) }

    /// List rows a list screen shows at the model's size (the block's borders and column header
    /// off): the page for PgUp/PgDn and how far the list scrolls. Shared by the Alerts screen.
    static func listRows(_ model: Model) -> Int { max(1, tableRows(height: model.size.height) - 3) }

    static let spec = ScreenSpec(screen: .anomalies, keys: TriageKeys.keys,
                                 render: { model, layout, buffer in render(model, area: layout.body, into: &buffer) },
                                 prompt: TriageKeys.prompt, edit: TriageKeys.edit)

    static func render(_ model: Model, area: Rect, into buffer: inout Buffer) {
        let t = model.theme, g = model.glyphs
        let now = model.clock ?? Date(timeIntervalSince1970: 0)
        let triage = model.triage, book = model.engine.anomalies
        let list = model.visibleAnomalies(now: now)
        let split = Layout.split(area, .vertical, [.length(min(area.height, tableRows(body: area.height))), .fill(1)])
        let suppressed = book.suppressedCount(now: now)
        var right = "\(list.count) shown"
        if suppressed > 0 { right += " · \(suppressed) \(triage.showSuppressed ? "incl." : "hidden:") false/snoozed (h)" }
        if let f = triage.list.filter { right += " · /" + f }
        let title = "\(g.marker) Anomalies · by \(triage.sortByScore ? "score" : "time") (o)" + (model.config.readOnly ? " · read-only" : "")
        let block = Block(title: title, titleRight: right, borderStyle: t[.borderFocused],
                          titleStyle: t[.accent].bold(), glyphs: g)
        block.render(in: split[0], buffer: &buffer)
        let inner = block.inner(split[0])
        if list.isEmpty {
            let text = book.items.isEmpty ? " no anomalies yet" : " none to show (h shows those marked false or snoozed)"
            Line(text, style: t[.ok]).render(x: inner.x, y: inner.y, width: inner.width, buffer: &buffer)
        } else {
            let columns: [Table.Column] = [
                .init("", width: .fixed(1)), .init("Time", width: .fixed(8)), .init("Source", width: .fixed(6)),
                .init("Status", width: .fixed(14)), .init("Score", width: .fixed(5), alignment: .right),
                .init("Subject", width: .fill(1)),
            ]
            let rows: [[Span]] = list.map { item in
                let status = book.status(of: item, now: now)
                let style: Style = switch status {
                case .new: item.score >= 0.8 ? t[.critical] : t[.warning]
                case .correct: t[.critical].bold()
                case .falsePositive, .snoozed: t[.muted]
                }
                var label = status.rawValue
                if status == .snoozed, let until = book.verdicts[item.fingerprint]?.until {
                    label = "snoozed " + Format.timeOfDay(until).prefix(5)
                }
                if item.open { label += " " + g.marker }
                let subject = item.count > 1 ? "\(item.subject) (×\(item.count))" : item.subject
                return [Span(triage.marked.contains(item.id) ? "*" : " ", style: t[.accent].bold()),
                        Span(Format.timeOfDay(item.time), style: t[.muted]), Span(item.kind.rawValue, style: t[.text]),
                        Span(label, style: style), Span(String(format: "%.2f", item.score), style: style),
                        Span(subject, style: t[.text])]
            }
            ListView.renderTable(columns: columns, rows: rows, selection: triage.list.selection, offset: triage.list.offset,
                                 block: split[0], inner: inner, model: model, into: &buffer)
        }
        guard split.count > 1, !split[1].isEmpty else { return }
        let selected = triage.list.selection.flatMap { $0 < list.count ? list[$0] : nil }
        TriageDetail.render(selected, model: model, area: split[1], into: &buffer)
    }
}

/// The pane under the list: what the selected anomaly is and why it was raised.
enum TriageDetail {
    static func render(_ item: TriageItem?, model: Model, area: Rect, into buffer: inout Buffer) {
        let t = model.theme, g = model.glyphs
        let block = Block(title: "Detail", titleRight: model.config.readOnly ? "read-only" : "c correct · f false · s snooze · u undo · v mark",
                          borderStyle: t[.border], titleStyle: t[.title], glyphs: g)
        block.render(in: area, buffer: &buffer)
        let inner = block.inner(area)
        guard !inner.isEmpty else { return }
        guard let item else {
            Line(" Select an anomaly to see why it was raised.", style: t[.muted]).render(x: inner.x, y: inner.y, width: inner.width, buffer: &buffer)
            return
        }
        let now = model.clock ?? Date(timeIntervalSince1970: 0)
        var lines: [Line] = []
        let status = model.engine.anomalies.status(of: item, now: now)
        lines.append(DetailView.kv(item.kind == .log ? "template" : "series", item.subject, t))
        lines.append(DetailView.kv("raised", Format.clock(item.time) + String(format: " · score %.2f · %@", item.score, status.rawValue), t))
        if status != .new, let note = model.engine.anomalies.verdicts[item.fingerprint]?.note, !note.isEmpty {
            lines.append(DetailView.kv("note", note, t))
        }
        if case .clustered(let cluster, _) = item.fingerprint {
            // Raised by the vigil serve of another cluster, read through Prometheus: its lines and
            // series are there, not here.
            lines.append(DetailView.kv("cluster", cluster + " (raised by its vigil serve; verdicts here hold for this cluster)", t))
            lines.append(DetailView.kv(item.kind == .log ? "line" : "why", item.detail, t, valueStyle: .accent))
        } else {
        if item.id.hasPrefix("remote|") {
            lines.append(DetailView.kv("from", "the vigil serve this dashboard is attached to (--attach)", t))
        }
        switch item.kind {
        case .log:
            lines.append(DetailView.kv("line", item.detail, t, valueStyle: .accent))
            let seen = item.template.flatMap { model.logs.templateCounts[$0] } ?? 0
            lines.append(DetailView.kv("seen", "\(seen) line\(seen == 1 ? "" : "s") of this template; \(item.count) in this anomaly", t))
            let near = nearestNormal(item.template ?? "", model: model)
            if !near.isEmpty { lines.append(DetailView.kv("nearest normal", near.joined(separator: "  |  "), t, valueStyle: .muted)) }
        case .metric, .fleet:
            lines.append(DetailView.kv("why", item.detail, t, valueStyle: .accent))
        }
        }
        let alerts = relatedAlerts(item, model: model)
        lines.append(DetailView.kv("alerts", alerts.isEmpty ? "none firing around then" : alerts.joined(separator: ", "), t,
                                   valueStyle: alerts.isEmpty ? .muted : .warning))
        let y = DetailView.renderWrapped(lines, in: inner, into: &buffer)
        if item.kind == .metric, let key = item.seriesKey, let h = model.state.anomalies.bands[key], y + 2 < inner.bottom {
            let rate = model.state.anomalies.latest[key]?.output.isRate == true
            Line(rate ? "rate per second over the expected band" : "values over the expected band", style: t[.title].bold()).render(x: inner.x, y: y, width: inner.width, buffer: &buffer)
            BandChart(values: h.values, lower: h.lower, upper: h.upper, valueStyle: t[.sparkline],
                      bandStyle: t[.muted], outsideStyle: t[.critical].bold(), glyphs: g)
                .render(in: Rect(x: inner.x, y: y + 1, width: inner.width, height: inner.bottom - y - 1), buffer: &buffer)
        }
    }

    /// Alerts that fired within 15 minutes of the anomaly's start (by when they were seen firing).
    static func relatedAlerts(_ item: TriageItem, model: Model) -> [String] {
        Array(model.state.alertsFiring(around: item.time).prefix(8))
    }

    /// The three templates seen most like this one (shared tokens over all tokens) that were never flagged.
    static func nearestNormal(_ template: String, model: Model) -> [String] {
        let mine = Set(template.split(separator: " "))
        guard !mine.isEmpty else { return [] }
        let flagged = Set(model.logs.anomalies.map(\.template))
        var scored: [(Double, String)] = []
        for (other, _) in model.logs.templateCounts where other != template && !flagged.contains(other) {
            let theirs = Set(other.split(separator: " "))
            let shared = mine.intersection(theirs).count
            guard shared > 0 else { continue }
            scored.append((Double(shared) / Double(mine.union(theirs).count), other))
        }
        return scored.sorted { $0.0 != $1.0 ? $0.0 > $1.0 : $0.1 < $1.1 }.prefix(3).map { Format.shorten($0.1, to: 60) }
    }
}
