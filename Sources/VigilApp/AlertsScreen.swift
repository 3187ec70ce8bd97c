import Foundation
import VigilCore
import VigilEngine
import VigilSources
import VigilTerminal

/// Screen 2: every alert, firing or pending, with what hides it (a silence, an inhibition),
/// severity, labels, annotations and runbook; sorted and filtered like the other lists.
enum AlertsScreen {
    static let spec = ScreenSpec(screen: .alerts, keys: keys,
                                 render: { model, layout, buffer in render(model, area: layout.body, into: &buffer) },
                                 prompt: ListFilter.prompt(.alerts, label: "filter alerts", hint: "Enter apply  Esc cancel  (name, label, state)"),
                                 edit: ListFilter.edit(.alerts, clamp: { clamp(&$0) }))

    /// How the list is ordered (`o` steps through them).
    enum Order: Int, CaseIterable {
        case severity, age, name
        var title: String { ["severity", "age", "name"][rawValue] }
    }

    /// What an alert is doing, most hidden last.
    enum Status: String {
        case firing, pending, silenced, inhibited
    }

    /// One row: an alert and what it is doing.
    struct Row: Hashable {
        var alert: Alert
        var status: Status
    }

    static func status(_ a: Alert) -> Status {
        if a.inhibited { return .inhibited }
        if a.silenced { return .silenced }
        return a.state == .pending ? .pending : .firing
    }

    /// Every alert known: Alertmanager's (with silences and inhibitions), then Prometheus' `ALERTS`
    /// series (firing and pending) that Alertmanager did not report.
    static func allRows(_ state: ClusterState) -> [Row] {
        state.mergedAlerts(includePending: true).map { Row(alert: $0, status: status($0)) }
    }

    /// The list as shown: filtered and in the chosen order.
    static func rows(_ model: Model) -> [Row] {
        let list = model.list(.alerts)
        var rows = allRows(model.state)
        if let f = list.filter?.lowercased(), !f.isEmpty {
            rows = rows.filter { r in
                r.status.rawValue.contains(f) || r.alert.labels.description.lowercased().contains(f)
                    || r.alert.annotations.values.contains { $0.lowercased().contains(f) }
            }
        }
        let order = Order(rawValue: list.order) ?? .severity
        return rows.sorted { a, b in
            switch order {
            case .severity:
                if a.alert.severity != b.alert.severity { return a.alert.severity < b.alert.severity }
            case .age:
                let x = a.alert.activeAt ?? .distantFuture, y = b.alert.activeAt ?? .distantFuture
                if x != y { return x < y }
            case .name:
                break
            }
            if a.alert.name != b.alert.name { return a.alert.name < b.alert.name }
            return a.alert.labels < b.alert.labels
        }
    }

    /// Rows of the list block (border included); the detail pane gets the rest.

    static func clamp(_ model: inout Model) {
        let count = rows(model).count
        model.lists[.alerts, default: ListState()].clamp(count: count, visibleRows: AnomaliesScreen.listRows(model))
    }

    static func move(_ model: inout Model, by delta: Int) {
        let count = rows(model).count
        model.lists[.alerts, default: ListState()].move(by: delta, count: count, visibleRows: AnomaliesScreen.listRows(model))
    }

    /// The Alerts screen's keys: dispatch, footer and help.
    static let keys = KeyMap(bindings: GlobalKeys.head + [
        KeyBinding([.char("j"), .down, .char("k"), .up], "j k  ↑ ↓", "move the selection",
                   hint: { m in (m.glyphs.isASCII ? "j/k" : "↑↓", "select") }) { key, m in
            move(&m, by: key == .char("j") || key == .down ? 1 : -1)
            return []
        },
        KeyBinding([.pageDown, .ctrl("f"), .pageUp, .ctrl("b"), .home, .char("g"), .end, .char("G")],
                   "PgUp PgDn  g G", "page, first, last") { key, m in
            move(&m, by: OverviewScreen.pageStep(key, page: AnomaliesScreen.listRows(m)))
            return []
        },
        KeyBinding([.char("o")], "o", "sort by severity / age / name", hint: ("o", "sort")) { _, m in
            let next = ((Order(rawValue: m.list(.alerts).order) ?? .severity).rawValue + 1) % Order.allCases.count
            m.lists[.alerts, default: ListState()].order = next
            m.message = "Sorted by " + (Order(rawValue: next) ?? .severity).title
            clamp(&m)
            return []
        },
        KeyBinding([.char("/")], "/", "filter by name, label, annotation or state", hint: ("/", "filter")) { _, m in
            m.lists[.alerts, default: ListState()].filterDraft = m.list(.alerts).filter ?? ""
            return []
        },
        KeyBinding([.escape], "Esc", "clear the filter") { _, m in
            m.lists[.alerts, default: ListState()].filter = nil
            clamp(&m)
            return []
        },
    ] + GlobalKeys.tail(pauseHint: true, speedHint: false))

    static func render(_ model: Model, area: Rect, into buffer: inout Buffer) {
        let t = model.theme, g = model.glyphs
        let list = model.list(.alerts)
        let rows = rows(model)
        let split = Layout.split(area, .vertical, [.length(min(area.height, AnomaliesScreen.tableRows(body: area.height))), .fill(1)])
        let order = Order(rawValue: list.order) ?? .severity
        var right = "\(rows.count) shown"
        let hidden = rows.filter { $0.status == .silenced || $0.status == .inhibited }.count
        if hidden > 0 { right += " · \(hidden) silenced/inhibited" }
        if let f = list.filter { right += " · /" + f }
        let stale = model.staleReason(.alerts)
        if stale != nil { right = "STALE · " + right }
        let block = Block(title: "\(g.marker) Alerts · by \(order.title) (o)", titleRight: right, borderStyle: t[.borderFocused],
                          titleStyle: t[.accent].bold(), glyphs: g)
        block.render(in: split[0], buffer: &buffer)
        let inner = block.inner(split[0])
        if rows.isEmpty {
            // "No alerts" only once a source has said so.
            let answered = model.state.alertsTime != nil || model.state.latestTime != nil
            let (text, style): (String, ThemeSlot) = !answered ? (" no alert source has answered yet", .warning)
                : list.filter != nil ? (" no alert matches the filter", .muted)
                : stale != nil ? (" no alerts in the last good answer", .warning) : (" no alerts firing or pending", .ok)
            Line(text, style: t[style]).render(x: inner.x, y: inner.y, width: inner.width, buffer: &buffer)
        } else {
            let now = model.clock ?? Date(timeIntervalSince1970: 0)
            let columns: [Table.Column] = [
                .init("State", width: .fixed(9)), .init("Sev", width: .fixed(4)), .init("Alert", width: .fixed(28)),
                .init("For", width: .fixed(6), alignment: .right), .init("Labels", width: .fill(1)),
            ]
            let tableRows: [[Span]] = rows.map { r in
                let sevStyle: Style = switch r.alert.severity {
                case .critical: t[.critical]
                case .warning: t[.warning]
                case .info: t[.info]
                case .none: t[.muted]
                }
                let muted = r.status == .silenced || r.status == .inhibited
                let age = r.alert.activeAt.map { Format.duration(now.timeIntervalSince($0)) } ?? "—"
                return [Span(r.status.rawValue.uppercased(), style: muted ? t[.muted] : r.status == .pending ? t[.warning] : t[.critical]),
                        Span(String(r.alert.severity.name.prefix(4)).uppercased(), style: muted ? t[.muted] : sevStyle),
                        Span(r.alert.name, style: muted ? t[.muted] : t[.text]),
                        Span(age, style: t[.muted]),
                        Span(r.alert.identity.description, style: t[.muted])]
            }
            ListView.renderTable(columns: columns, rows: tableRows, selection: list.selection, offset: list.offset,
                                 block: split[0], inner: inner, model: model, into: &buffer)
        }
        guard split.count > 1, !split[1].isEmpty else { return }
        let selected = list.selection.flatMap { $0 < rows.count ? rows[$0] : nil }
        renderDetail(selected, all: allRows(model.state), model: model, area: split[1], into: &buffer)
    }

    /// The pane under the list: everything about the selected alert, and what hides it.
    static func renderDetail(_ row: Row?, all: [Row], model: Model, area: Rect, into buffer: inout Buffer) {
        let t = model.theme
        let block = Block(title: "Detail", borderStyle: t[.border], titleStyle: t[.title], glyphs: model.glyphs)
        block.render(in: area, buffer: &buffer)
        let inner = block.inner(area)
        guard !inner.isEmpty else { return }
        guard let row else {
            Line(" Select an alert to see its labels, annotations and what hides it.", style: t[.muted])
                .render(x: inner.x, y: inner.y, width: inner.width, buffer: &buffer)
            return
        }
        let a = row.alert
        var lines: [Line] = [
            DetailView.kv("alert", "\(a.name) · \(a.severity.name) · \(row.status.rawValue)", t),
            DetailView.kv("since", a.activeAt.map(Format.clock) ?? "unknown", t),
        ]
        if let hidden = hiddenBy(a, among: all) { lines.append(DetailView.kv("hidden by", hidden, t, valueStyle: .warning)) }
        lines.append(DetailView.kv("labels", a.identity.description, t))
        for key in ["summary", "description", "message"] {
            if let v = a.annotations[key], !v.isEmpty { lines.append(DetailView.kv(key, v, t, valueStyle: .accent)) }
        }
        if let runbook = a.annotations["runbook_url"] ?? a.annotations["runbook"], !runbook.isEmpty {
            lines.append(DetailView.kv("runbook", runbook, t, valueStyle: .info))
        }
        for (key, v) in a.annotations.sorted(by: { $0.key < $1.key })
        where !["summary", "description", "message", "runbook_url", "runbook"].contains(key) {
            lines.append(DetailView.kv(key, v, t, valueStyle: .muted))
        }
        _ = DetailView.renderWrapped(lines, in: inner, into: &buffer)
    }

    /// The silences (by id) and the inhibiting alerts (by name, when known) that hide `a`.
    static func hiddenBy(_ a: Alert, among all: [Row]) -> String? {
        var parts: [String] = []
        if !a.silencedBy.isEmpty { parts.append("silence " + a.silencedBy.joined(separator: ", ")) }
        else if a.silenced { parts.append("a silence") }
        if !a.inhibitedBy.isEmpty {
            let names = a.inhibitedBy.map { fp in
                all.first { AlertmanagerAlert.fingerprint(of: $0.alert.labels.dictionary) == fp }.map { "\($0.alert.name) (\(fp))" } ?? fp
            }
            parts.append("inhibited by " + names.joined(separator: ", "))
        } else if a.inhibited { parts.append("an inhibition") }
        return parts.isEmpty ? nil : parts.joined(separator: "; ")
    }
}

/// An alert's identity across sources: its name and labels without the state or severity.
extension Model {
    /// The list state of a list screen (selection, offset, filter, order).
    func list(_ screen: Screen) -> ListState { lists[screen] ?? ListState() }
}
