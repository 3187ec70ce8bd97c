import VigilTerminal

extension LogsScreen {
    /// Keys the Logs screen takes for itself; nil passes the key on to the global keys.
    static func handleKey(_ key: Key, model: inout Model) -> [Effect]? {
        if model.logs.ui.filterDraft != nil {
            editFilter(key, model: &model)
            return []
        }
        let page = max(1, (LogsLayout.current(model)?.visibleRows ?? 10) - 1)
        switch key {
        case .char("j"), .down: move(&model, by: 1)
        case .char("k"), .up: move(&model, by: -1)
        case .pageDown, .ctrl("f"): move(&model, by: page)
        case .pageUp, .ctrl("b"): move(&model, by: -page)
        case .home, .char("g"): move(&model, by: Int.min / 2)
        case .end, .char("G"): follow(&model)
        case .char("/"): model.logs.ui.filterDraft = model.logs.ui.filterText ?? ""
        case .char("a"): toggleAnomalousOnly(&model)
        case .char("t"): pinTemplate(&model)
        case .escape:
            guard model.logs.ui.isFiltered else { return nil }
            // The line selected stays selected once the rest of the tail shows again.
            keepSelection(&model) {
                $0.logs.ui.filterText = nil
                $0.logs.ui.template = nil
                $0.logs.ui.anomalousOnly = false
            }
        case .enter:
            break // The selected line is already shown in full below the tail.
        default:
            return nil
        }
        model.message = nil
        return []
    }

    /// Typing after `/`: the tail filters as it is typed; Enter keeps it, Esc restores the old one.
    static func editFilter(_ key: Key, model: inout Model) {
        guard let draft = model.logs.ui.filterDraft else { return }
        switch key {
        case .enter:
            keepSelection(&model) {
                $0.logs.ui.filterText = draft.isEmpty ? nil : draft
                $0.logs.ui.filterDraft = nil
            }
        case .escape: model.logs.ui.filterDraft = nil
        case .backspace, .delete: model.logs.ui.filterDraft = String(draft.dropLast())
        case .char(let c): model.logs.ui.filterDraft = draft + String(c)
        default: break
        }
    }

    static func move(_ model: inout Model, by delta: Int) {
        guard let layout = LogsLayout.current(model) else { return }
        let placement = LogsPlacement(model.logs, visibleRows: layout.visibleRows)
        guard let current = placement.selected else { return }
        let count = placement.rows.count
        let next = delta > 0 ? (current > count - 1 - delta ? count - 1 : current + delta)
                             : (current < -delta ? 0 : current + delta)
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
