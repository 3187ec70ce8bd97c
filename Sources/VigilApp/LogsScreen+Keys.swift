import VigilTerminal

extension LogsScreen {
    static let spec = ScreenSpec(screen: .logs, keys: keys,
                                 render: { model, layout, buffer in render(model, area: layout.body, into: &buffer) },
                                 prompt: { model in
                                     model.logs.ui.filterDraft.map {
                                         Prompt(label: "filter logs", draft: $0, hint: "Enter apply  Esc cancel  (source:X template:X score>0.5)")
                                     }
                                 },
                                 edit: { key, model in
                                     guard model.logs.ui.filterDraft != nil else { return nil }
                                     editFilter(key, model: &model)
                                     return []
                                 })

    static func page(_ model: Model) -> Int { max(1, (LogsLayout.current(model)?.visibleRows ?? 10) - 1) }

    /// The Logs screen's keys: dispatch, footer and help.
    static let keys = KeyMap(bindings: GlobalKeys.head + [
        KeyBinding([.char("j"), .down, .char("k"), .up], "j k  ↑ ↓", "select a line; moving up holds the tail",
                   hint: { m in (m.glyphs.isASCII ? "j/k" : "↑↓", "select") }) { key, m in
            move(&m, by: key == .char("j") || key == .down ? 1 : -1)
            return []
        },
        KeyBinding([.pageDown, .ctrl("f"), .pageUp, .ctrl("b"), .home, .char("g")], "PgUp PgDn  g", "page; oldest line") { key, m in
            move(&m, by: OverviewScreen.pageStep(key, page: page(m)))
            return []
        },
        KeyBinding([.end, .char("G")], "G  End", "newest line; follow the tail again", hint: ("G", "follow")) { _, m in
            follow(&m)
            return []
        },
        KeyBinding([.char("/")], "/", "filter: words source:X template:X score>0.5", hint: ("/", "filter")) { _, m in
            m.logs.ui.filterDraft = m.logs.ui.filterText ?? ""
            return []
        },
        KeyBinding([.char("t")], "t", "only the selected line's template (again: all)", hint: ("t", "template")) { _, m in
            pinTemplate(&m)
            return []
        },
        KeyBinding([.char("a")], "a", "only anomalous (flagged) lines; again: all", hint: ("a", "anomalous")) { _, m in
            toggleAnomalousOnly(&m)
            return []
        },
        KeyBinding([.escape], "Esc", "clear the filter, template and anomalous-only", hint: ("Esc", "clear")) { _, m in
            guard m.logs.ui.isFiltered else { return [] }
            // The line selected stays selected once the rest of the tail shows again.
            keepSelection(&m) {
                $0.logs.ui.filterText = nil
                $0.logs.ui.template = nil
                $0.logs.ui.anomalousOnly = false
            }
            return []
        },
    ] + GlobalKeys.tail(pauseHint: true, speedHint: false))

    /// Typing after `/`: the tail filters as it is typed; Enter keeps it, Esc restores the old one.
    static func editFilter(_ key: Key, model: inout Model) {
        guard var draft = model.logs.ui.filterDraft else { return }
        switch LineEdit.apply(key, to: &draft) {
        case .submitted:
            keepSelection(&model) {
                $0.logs.ui.filterText = draft.isEmpty ? nil : draft
                $0.logs.ui.filterDraft = nil
            }
        case .cancelled: model.logs.ui.filterDraft = nil
        case .edited, .ignored: model.logs.ui.filterDraft = draft
        }
    }

    static func move(_ model: inout Model, by delta: Int) {
        guard let layout = LogsLayout.current(model) else { return }
        let placement = LogsPlacement(model.logs, visibleRows: layout.visibleRows)
        guard let current = placement.selected else { return }
        let count = placement.rows.count
        let next = ListState.moved(current, by: delta, count: count)
        // Moving the selection holds the view; only G/End follows the tail again.
        if delta < 0 || !model.logs.ui.follow {
            let offset = Table.scrollOffset(selected: next, previousOffset: placement.offset,
                                            visibleRows: layout.visibleRows, rowCount: count)
            model.logs.ui.follow = false
            model.logs.ui.selected = model.logs.sequence(at: placement.rows[next])
            model.logs.ui.top = model.logs.sequence(at: placement.rows[offset])
        }
    }

    static func follow(_ model: inout Model) {
        model.logs.ui.follow = true
        model.logs.ui.selected = nil
        model.logs.ui.top = nil
    }

    static func toggleAnomalousOnly(_ model: inout Model) {
        keepSelection(&model) { $0.logs.ui.anomalousOnly.toggle() }
    }

    /// `t`: only the selected line's template; `t` again shows every template.
    static func pinTemplate(_ model: inout Model) {
        if model.logs.ui.template != nil {
            keepSelection(&model) { $0.logs.ui.template = nil }
            return
        }
        guard let layout = LogsLayout.current(model) else { return }
        let placement = LogsPlacement(model.logs, visibleRows: layout.visibleRows)
        guard let sel = placement.selected else {
            model.message = "No line selected"
            return
        }
        let line = model.logs.lines[placement.rows[sel]]
        keepSelection(&model) { $0.logs.ui.template = line.template }
    }

    /// Applies a change of filter; a held selection stays on its line (or the nearest one left),
    /// and the view is placed around it afresh.
    static func keepSelection(_ model: inout Model, _ change: (inout Model) -> Void) {
        change(&model)
        guard !model.logs.ui.follow else { return }
        model.logs.ui.top = nil
        guard let layout = LogsLayout.current(model) else { return }
        let placement = LogsPlacement(model.logs, visibleRows: layout.visibleRows)
        guard let sel = placement.selected else { return }
        model.logs.ui.selected = model.logs.sequence(at: placement.rows[sel])
        model.logs.ui.top = model.logs.sequence(at: placement.rows[placement.offset])
    }
}
