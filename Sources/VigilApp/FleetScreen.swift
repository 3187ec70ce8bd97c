import Foundation
import VigilCore
import VigilDetect
import VigilEngine
import VigilTerminal

/// Screen 5: which of many clusters is unlike its peers. Clusters ranked by their fleet score
/// (`FleetScorer`), with version, peer group, the score's trend and the top reason; the pane below
/// shows the selected cluster's features against its peers. A cluster whose score reaches 0.99 is
/// also an anomaly on the Anomalies screen; the triage keys (c f s u) take it on either screen.
enum FleetScreen {
    static let spec = ScreenSpec(screen: .fleet, keys: keys,
                                 render: { model, layout, buffer in render(model, area: layout.body, into: &buffer) },
                                 prompt: ListFilter.prompt(.fleet, label: "filter clusters", hint: "Enter apply  Esc cancel  (cluster, version, reason)"),
                                 edit: edit)

    /// The snooze length after `s` first, then the filter being typed.
    static func edit(_ key: Key, _ model: inout Model) -> [Effect]? {
        if model.triage.snoozePrompt {
            return TriageKeys.snoozeChoice(key, model: &model, now: model.clock ?? Date(timeIntervalSince1970: 0), items: triageTargets(model))
        }
        return filterEdit(key, &model)
    }

    static let filterEdit = ListFilter.edit(.fleet, clamp: { clamp(&$0) })

    /// The selected cluster's fleet anomaly (open, or the last one), for the triage keys.
    static func triageTargets(_ model: Model) -> [TriageItem] {
        let rows = rows(model)
        guard let i = model.list(.fleet).selection, i < rows.count,
              let item = model.engine.anomalies.fleetItem(cluster: rows[i].cluster) else { return [] }
        return [item]
    }

    /// `c`, `f`: a verdict on the selected cluster's fleet anomaly; a cluster never raised has none
    /// to give (its score is below the raise level), and says so.
    static func fleetVerdict(_ status: TriageStatus, label: String, _ model: inout Model) -> [Effect] {
        let items = triageTargets(model)
        guard !items.isEmpty else { model.message = notRaised(model); return [] }
        return TriageKeys.verdict(status, until: nil, label: label, model: &model, now: model.clock ?? Date(timeIntervalSince1970: 0), items: items)
    }

    static func notRaised(_ model: Model) -> String {
        let rows = rows(model)
        guard let i = model.list(.fleet).selection, i < rows.count else { return "Nothing selected" }
        return String(format: "%@ was never raised (score %.3f, raised at %.2f): no fleet anomaly to mark", rows[i].cluster,
                      rows[i].score, AnomalyBook.fleetRaiseScore)
    }

    /// The ranking as shown: filtered, highest score first.
    static func rows(_ model: Model) -> [FleetScorer.ClusterScore] {
        var rows = model.engine.fleetScores
        if let f = model.list(.fleet).filter?.lowercased(), !f.isEmpty {
            rows = rows.filter { r in
                r.cluster.lowercased().contains(f) || r.version.lowercased().contains(f)
                    || r.reasons.contains { $0.feature.lowercased().contains(f) }
            }
        }
        return rows
    }

    static func clamp(_ model: inout Model) {
        model.lists[.fleet, default: ListState()].clamp(count: rows(model).count, visibleRows: AnomaliesScreen.listRows(model))
    }

    static func move(_ model: inout Model, by delta: Int) {
        model.lists[.fleet, default: ListState()].move(by: delta, count: rows(model).count, visibleRows: AnomaliesScreen.listRows(model))
    }

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
        KeyBinding([.enter], "Enter", "the selected cluster's features against its peers (below)", hint: ("Enter", "why")) { _, m in
            if let i = m.list(.fleet).selection, i < rows(m).count {
                m.message = "\(rows(m)[i].cluster): its features against its peers are below"
            }
            return []
        },
        KeyBinding([.char("c")], "c", "correct: the selected cluster's fleet anomaly is real", hint: ("c", "correct"), writes: true) { _, m in
            fleetVerdict(.correct, label: "marked correct", &m)
        },
        KeyBinding([.char("f")], "f", "false positive: not raised again for this cluster and reason", hint: ("f", "false"), writes: true) { _, m in
            fleetVerdict(.falsePositive, label: "marked false positive", &m)
        },
        KeyBinding([.char("s")], "s  then 1-4", "snooze the cluster's fleet anomaly 15 min / 1 h / 4 h / 24 h", hint: ("s", "snooze"),
                   writes: true) { _, m in
            guard TriageKeys.writable(&m) else { return [] }
            guard !triageTargets(m).isEmpty else { m.message = notRaised(m); return [] }
            m.triage.snoozePrompt = true
            m.message = "Snooze for: " + TriageKeys.snoozeChoices.map { "\($0.key) \($0.label)" }.joined(separator: " · ") + " (Esc cancels)"
            return []
        },
        KeyBinding([.char("u")], "u", "undo the last verdict", hint: ("u", "undo"), writes: true) { _, m in TriageKeys.undo(&m) },
        KeyBinding([.char("/")], "/", "filter by cluster, version or reason", hint: ("/", "filter")) { _, m in
            m.lists[.fleet, default: ListState()].filterDraft = m.list(.fleet).filter ?? ""
            return []
        },
        KeyBinding([.escape], "Esc", "clear the filter") { _, m in
            m.lists[.fleet, default: ListState()].filter = nil
            clamp(&m)
            return []
        },
    ] + GlobalKeys.tail(pauseHint: true, speedHint: false))

    /// The verdict on the cluster's fleet anomaly in force now ("" when none, or never raised).
    static func verdict(_ cluster: String, _ model: Model) -> String {
        guard let item = model.engine.anomalies.fleetItem(cluster: cluster) else { return "" }
        switch model.engine.anomalies.status(of: item, now: model.clock ?? item.time) {
        case .new: return item.open ? "new" : ""
        case .correct: return "correct"
        case .falsePositive: return "false"
        case .snoozed: return "snoozed"
        }
    }

    /// Scores in [0, 1] as a row of block characters (or ASCII).
    static func trend(_ values: [Double], width: Int, ascii: Bool) -> String {
        let levels: [Character] = ascii ? Array(" .:-=+*#") : Array("▁▂▃▄▅▆▇█")
        return String(values.suffix(width).map { v in
            let level = v.isFinite ? min(max(v, 0), 1) * Double(levels.count - 1) : 0
            return levels[Int(level.rounded())]
        })
    }

    static func render(_ model: Model, area: Rect, into buffer: inout Buffer) {
        let t = model.theme, g = model.glyphs
        let list = model.list(.fleet)
        let rows = rows(model)
        let split = Layout.split(area, .vertical, [.length(min(area.height, AnomaliesScreen.tableRows(body: area.height))), .fill(1)])
        var right = "\(rows.count) clusters"
        let raised = rows.filter { $0.score >= AnomalyBook.fleetRaiseScore }.count
        if raised > 0 { right += " · \(raised) unlike their peers" }
        if let f = list.filter { right += " · /" + f }
        let health = model.panelHealth["fleet"]
        var stale = false
        if case .stale = health?.state { stale = true; right = "STALE · " + right }
        let block = Block(title: "\(g.marker) Fleet · clusters by how unlike their peers they are", titleRight: right,
                          borderStyle: t[.borderFocused], titleStyle: t[.accent].bold(), glyphs: g)
        block.render(in: split[0], buffer: &buffer)
        let inner = block.inner(split[0])
        if rows.isEmpty {
            // Never "all clear" without an answer: say why there is nothing.
            let text: String
            if list.filter != nil, !model.engine.fleetScores.isEmpty {
                text = " no cluster matches the filter"
            } else if case .stale(let reason) = health?.state {
                text = " the fleet queries failed: \(reason)"
            } else if model.engine.fleetTime != nil {
                text = " the fleet queries answered, but no series carried the cluster label"
                    + (model.profile?.fleetLabel.map { " (\($0))" } ?? "")
            } else if model.profile?.fleetLabel != nil {
                text = " waiting for the fleet queries' first answer"
            } else {
                text = " no fleet data: needs a Prometheus/Thanos of many clusters and a profile with fleet: queries"
            }
            let ok = list.filter != nil && !model.engine.fleetScores.isEmpty
            Line(text, style: t[ok ? .muted : .warning]).render(x: inner.x, y: inner.y, width: inner.width, buffer: &buffer)
        } else {
            let columns: [Table.Column] = [
                .init("Score", width: .fixed(6), alignment: .right), .init("Verdict", width: .fixed(8)), .init("Cluster", width: .fixed(24)),
                .init("Version", width: .fixed(14)), .init("Peers", width: .fixed(9), alignment: .right),
                .init("Trend", width: .fixed(16)), .init("Top reason", width: .fill(1)),
            ]
            let tableRows: [[Span]] = rows.map { r in
                let style = r.score >= AnomalyBook.fleetRaiseScore ? t[.critical] : r.score >= 0.9 ? t[.warning] : t[.text]
                let peers = r.sameVersion ? "\(r.peers)" : "\(r.peers) all"
                // A reason worth reading: two robust standard deviations above the peers at least.
                let top = r.reasons.first.flatMap { $0.z >= 2 ? $0 : nil }
                let reason = top.map { String(format: "%@ %.3g vs %.3g", $0.feature, $0.value, $0.peerMedian) } ?? "like its peers"
                return [Span(String(format: "%.3f", r.score), style: style), Span(verdict(r.cluster, model), style: t[.muted]),
                        Span(r.cluster, style: t[.text]),
                        Span(r.version, style: t[.muted]), Span(peers, style: t[.muted]),
                        Span(trend(model.engine.fleetTrend[r.cluster] ?? [], width: 16, ascii: g.isASCII), style: t[.sparkline]),
                        Span(reason, style: top == nil ? t[.muted] : style)]
            }
            ListView.renderTable(columns: columns, rows: tableRows, selection: list.selection, offset: list.offset,
                                 block: split[0], inner: inner, model: model, into: &buffer)
        }
        guard split.count > 1, !split[1].isEmpty else { return }
        let detail = Block(title: "Against its peers", borderStyle: t[.border], titleStyle: t[.title], glyphs: g)
        detail.render(in: split[1], buffer: &buffer)
        let pane = detail.inner(split[1])
        guard !pane.isEmpty else { return }
        guard let i = list.selection, i < rows.count else {
            Line(stale ? " The fleet data is stale: scores are from the last good answer." : " Select a cluster to see why it scores as it does.",
                 style: t[stale ? .warning : .muted]).render(x: pane.x, y: pane.y, width: pane.width, buffer: &buffer)
            return
        }
        let r = rows[i]
        var lines: [Line] = [
            DetailView.kv("cluster", "\(r.cluster) · version \(r.version) · score \(String(format: "%.4f", r.score))", t),
            DetailView.kv("peers", r.sameVersion ? r.peerGroup : "\(r.peerGroup) (fewer than 5 on \(r.version))", t),
        ]
        if r.reasons.isEmpty { lines.append(DetailView.kv("features", "none above its peers' spread", t, valueStyle: .muted)) }
        for reason in r.reasons {
            lines.append(DetailView.kv("feature", String(format: "%@ %.3g, peers' median %.3g, robust z %.1f", reason.feature, reason.value,
                                                         reason.peerMedian, reason.z),
                                       t, valueStyle: reason.z >= 4 ? .warning : .text))
        }
        _ = DetailView.renderWrapped(lines, in: pane, into: &buffer)
    }
}
