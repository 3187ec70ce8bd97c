import Foundation
import VigilCore
import VigilEngine
import VigilTerminal

/// The Enter overlay: everything known about one item of a panel.
enum DetailView {
    static func render(_ panel: PanelID, itemKey: String, model: Model, area: Rect, into buffer: inout Buffer) {
        let t = model.theme
        let rect = area.inset(horizontal: max(1, area.width / 12), vertical: max(0, area.height / 12))
        buffer.fill(rect, with: Cell(" ", style: t[.background]))
        let block = Block(title: "\(model.title(panel)): \(itemKey)", titleRight: "Esc back", borderStyle: t[.borderFocused],
                          titleStyle: t[.accent].bold(), glyphs: model.glyphs)
        block.render(in: rect, buffer: &buffer)
        let inner = block.inner(rect).inset(horizontal: 1, vertical: 0)
        guard !inner.isEmpty else { return }
        var lines: [Line] = []
        var chart: (values: [Double], lo: Double?, hi: Double?, style: Style)?
        switch panel {
        case .operators: lines = operatorLines(itemKey, model: model)
        case .alerts: lines = alertLines(itemKey, model: model)
        case .down: lines = downLines(itemKey, model: model)
        case .apiErrors:
            let series = errorRateSeries(code: itemKey, state: model.state)
            lines = stats("\(itemKey) responses per second, last \(series.count) samples", series, model: model)
            chart = (series, 0, nil, t[.critical])
        case .cpu:
            lines = stats("CPU used, % of capacity", model.overview.cpuHistory, model: model)
            chart = (model.overview.cpuHistory, 0, 100, t[.sparkline])
        case .anomaly:
            return renderAnomalies(model: model, area: inner, into: &buffer)
        }
        let y = renderWrapped(lines, in: inner, into: &buffer)
        if let chart, y + 1 < inner.bottom, !chart.values.isEmpty {
            let chartArea = Rect(x: inner.x, y: y + 1, width: inner.width, height: inner.bottom - y - 1)
            Sparkline(values: chart.values, mode: model.glyphs.sparkline, style: chart.style,
                      minValue: chart.lo, maxValue: chart.hi).render(in: chartArea, buffer: &buffer)
        }
    }

    /// The anomaly detail: the most anomalous series now, the top one's values over its expected
    /// band, and the latest anomaly events with their explanations.
    static func renderAnomalies(model: Model, area: Rect, into buffer: inout Buffer) {
        let t = model.theme
        let model3 = model.state.anomalies
        let top = model3.topSeries(6)
        var lines: [Line] = [Line("Cluster score = mean of the 3 highest per-series scores", style: t[.title].bold())]
        for f in top {
            // A counter is read, scored and drawn as its rate per second.
            let unit = f.output.isRate ? "/s" : ""
            let band = "\(Format.value(f.yhatLower))–\(Format.value(f.yhatUpper))\(unit)"
            lines.append(Line([Span(String(format: "  %.2f ", f.output.score), style: f.output.isAnomaly ? t[.critical] : t[.text]),
                               Span(TextWidth.pad(f.key.description, to: max(10, area.width - 40)), style: t[.text]),
                               Span(" \(Format.value(f.value))\(unit) ", style: t[.accent]),
                               Span("expected \(band)", style: t[.muted])]))
        }
        let events = model3.events.suffix(4).reversed()
        if !events.isEmpty { lines.append(Line("Recent anomalies", style: t[.title].bold())) }
        for (key, e) in events {
            lines.append(Line([Span("  " + Format.timeOfDay(Date(timeIntervalSince1970: e.start)) + " ", style: t[.muted]),
                               Span(key.description + ": ", style: t[.text]), Span(e.explanation, style: t[.accent])]))
        }
        var y = area.y
        for line in lines where y < area.bottom {
            line.render(x: area.x, y: y, width: area.width, buffer: &buffer)
            y += 1
        }
        guard let first = top.first, let h = model3.bands[first.key], y + 2 < area.bottom else { return }
        let what = first.output.isRate ? "rate per second" : "actual values"
        Line("\(first.key.description): \(what) over the expected band", style: t[.title].bold())
            .render(x: area.x, y: y + 1, width: area.width, buffer: &buffer)
        BandChart(values: h.values, lower: h.lower, upper: h.upper, valueStyle: t[.sparkline],
                  bandStyle: t[.muted], outsideStyle: t[.critical].bold(), glyphs: model.glyphs)
            .render(in: Rect(x: area.x, y: y + 2, width: area.width, height: area.bottom - y - 2), buffer: &buffer)
    }

    /// Breaks a styled line into rows of `width` cells; continuation rows are indented past the key column.
    static func wrap(_ line: Line, width: Int, indent: Int = 14) -> [Line] {
        guard line.width > width, width > indent + 8 else { return [line] }
        var rows: [Line] = []
        var current: [Span] = [], used = 0
        for span in line.spans {
            var text = ""
            for ch in span.text {
                let w = TextWidth.of(ch)
                if used + w > width {
                    if !text.isEmpty { current.append(Span(text, style: span.style)) }
                    rows.append(Line(current))
                    current = [Span(String(repeating: " ", count: indent))]
                    used = indent; text = ""
                }
                text.append(ch); used += w
            }
            if !text.isEmpty { current.append(Span(text, style: span.style)) }
        }
        if !current.isEmpty { rows.append(Line(current)) }
        return rows
    }

    /// Draws `lines` wrapped to `area` from its top; returns the first row left free.
    static func renderWrapped(_ lines: [Line], in area: Rect, into buffer: inout Buffer) -> Int {
        var y = area.y
        for line in lines.flatMap({ wrap($0, width: area.width) }) where y < area.bottom {
            line.render(x: area.x, y: y, width: area.width, buffer: &buffer)
            y += 1
        }
        return y
    }

    static func kv(_ k: String, _ v: String, _ t: Theme, valueStyle: ThemeSlot = .text) -> Line {
        Line([Span(TextWidth.pad(k, to: 14), style: t[.muted]), Span(v, style: t[valueStyle])])
    }

    static func operatorLines(_ key: String, model: Model) -> [Line] {
        let t = model.theme
        let name = String(key.split(separator: "/").first ?? "")
        var lines = [kv("operator", name, t)]
        let keys = model.state.latest.keys.filter { $0.name == "cluster_operator_conditions" && $0.labels["name"] == name }
        lines.append(Line(""))
        lines.append(Line("Conditions now", style: t[.title].bold()))
        for k in keys.sorted(by: { ($0.labels["condition"] ?? "") < ($1.labels["condition"] ?? "") }) {
            let v = model.state.latest[k] ?? .nan
            let since = model.state.since(k).map { Format.clock($0) } ?? ""
            lines.append(Line([Span("  " + TextWidth.pad(k.labels["condition"] ?? "?", to: 13), style: t[.text]),
                               Span(TextWidth.pad(v == 1 ? "True" : "False", to: 7), style: t[.accent]),
                               Span(TextWidth.pad(k.labels["reason"] ?? "", to: 36), style: t[.muted]),
                               Span("since " + since, style: t[.muted])]))
        }
        lines.append(Line(""))
        lines.append(Line("History (reason changes appear as new series)", style: t[.title].bold()))
        var events: [(Date, String)] = []
        for (k, list) in model.state.transitions where k.name == "cluster_operator_conditions" && k.labels["name"] == name {
            for e in list {
                events.append((e.time, "\(k.labels["condition"] ?? "?")=\(e.value == 1 ? "True" : "False")  \(k.labels["reason"] ?? "")"))
            }
        }
        for (time, text) in events.sorted(by: { ($0.0, $0.1) > ($1.0, $1.1) }).prefix(40) {
            lines.append(Line([Span("  " + Format.clock(time) + "  ", style: t[.muted]), Span(text, style: t[.text])]))
        }
        return lines
    }

    static func alertLines(_ name: String, model: Model) -> [Line] {
        let t = model.theme
        guard let row = model.overview.alerts.first(where: { $0.name == name }) else {
            return [Line("\(name) is no longer firing", style: t[.ok])]
        }
        var lines = [kv("alert", row.name, t), kv("severity", row.severity.name, t),
                     kv("instances", "\(row.count)" + (row.silenced > 0 ? " (\(row.silenced) silenced)" : ""), t)]
        for alert in row.alerts.prefix(8) {
            lines.append(Line(""))
            if let since = alert.activeAt { lines.append(kv("active since", Format.clock(since), t)) }
            if alert.silenced { lines.append(kv("silenced", "yes", t, valueStyle: .warning)) }
            for (k, v) in alert.labels.pairs where k != "alertname" { lines.append(kv("  " + k, v, t)) }
            for k in alert.annotations.keys.sorted() { lines.append(kv("  " + k, alert.annotations[k] ?? "", t, valueStyle: .accent)) }
        }
        return lines
    }

    static func downLines(_ key: String, model: Model) -> [Line] {
        let t = model.theme
        guard let row = model.overview.down.first(where: { "\($0.kind.rawValue)/\($0.name)/\($0.detail)" == key }) else {
            return [Line("\(key) is back", style: t[.ok])]
        }
        var lines: [Line]
        switch row.kind {
        case .node:
            lines = [kv("node", row.name, t), kv("state", row.detail, t, valueStyle: .critical)]
        case .target:
            lines = [kv("job", row.name, t), kv("address", row.detail, t), kv("state", "down (up = 0)", t, valueStyle: .critical)]
        }
        if let since = row.since { lines.append(kv("down since", Format.clock(since), t)) }
        // A node's condition/status labels are those of its Ready=true series (value 0), which
        // would read "status true" for a node that is NotReady or Unknown: the state says it.
        let hidden: Set<String> = row.kind == .node ? ["condition", "status"] : []
        for (k, v) in row.labels.pairs where !hidden.contains(k) { lines.append(kv("  " + k, v, t)) }
        return lines
    }

    static func stats(_ title: String, _ values: [Double], model: Model) -> [Line] {
        let t = model.theme
        let finite = values.filter(\.isFinite)
        guard let last = finite.last, let lo = finite.min(), let hi = finite.max() else { return [Line(title, style: t[.text])] }
        return [Line(title, style: t[.title].bold()),
                Line([Span("last ", style: t[.muted]), Span(Format.value(last), style: t[.text]),
                      Span("  min ", style: t[.muted]), Span(Format.value(lo), style: t[.text]),
                      Span("  max ", style: t[.muted]), Span(Format.value(hi), style: t[.text])])]
    }

    /// The per-second rate of one status code over the kept history.
    static func errorRateSeries(code: String, state: ClusterState) -> [Double] {
        let series = state.history.filter { $0.key.name == "apiserver_request_total" && $0.key.labels["code"] == code }.map(\.value)
        guard let longest = series.max(by: { $0.times.count < $1.times.count }) else { return [] }
        return longest.times.suffix(360).map { time in
            series.reduce(0.0) { $0 + ($1.rate(at: time, window: ClusterState.rateWindow) ?? 0) }
        }
    }
}
