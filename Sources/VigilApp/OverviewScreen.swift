import Foundation
import VigilCore
import VigilTerminal

/// Screen 1: the six panels, one focused; its list keys move in the focused panel.
enum OverviewScreen {
    static let spec = ScreenSpec(screen: .overview, keys: keys, render: { model, layout, buffer in
        for panel in PanelID.allCases {
            if let rect = layout.panels[panel] { PanelView.render(panel, model: model, area: rect, layout: layout, into: &buffer) }
        }
    }, prompt: { model in
        model.panelLists[model.focus]?.filterDraft.map {
            Prompt(label: "filter \(model.title(model.focus))", draft: $0, hint: "Enter apply · Esc cancel")
        }
    }, edit: { key, model in
        guard var draft = model.panelLists[model.focus]?.filterDraft else { return nil }
        var list = model.panelLists[model.focus] ?? ListState()
        switch LineEdit.apply(key, to: &draft) {
        case .submitted:
            list.filter = draft.isEmpty ? nil : draft
            list.filterDraft = nil
        case .cancelled:
            list.filterDraft = nil
        case .edited, .ignored:
            list.filterDraft = draft
        }
        // The panel filters as it is typed.
        if let d = list.filterDraft { list.filter = d.isEmpty ? nil : d }
        model.panelLists[model.focus] = list
        clampSelections(&model)
        return []
    })

    static let keys = KeyMap(bindings: GlobalKeys.head + [
        KeyBinding([.tab, .backTab], "Tab  Shift-Tab", "move focus between panels", hint: ("Tab", "focus")) { key, m in
            let n = PanelID.allCases.count
            m.focus = PanelID(rawValue: (m.focus.rawValue + (key == .tab ? 1 : n - 1)) % n) ?? .operators
            return []
        },
        KeyBinding([.char("j"), .down, .char("k"), .up], "j k  ↑ ↓", "move the selection",
                   hint: { m in (m.glyphs.isASCII ? "j/k" : "↑↓", "select") }) { key, m in
            moveSelection(&m, by: key == .char("j") || key == .down ? 1 : -1)
            return []
        },
        KeyBinding([.pageDown, .ctrl("f"), .pageUp, .ctrl("b"), .home, .char("g"), .end, .char("G")],
                   "PgUp PgDn  g G", "page, first, last") { key, m in
            moveSelection(&m, by: pageStep(key, page: pageSize(m)))
            return []
        },
        KeyBinding([.enter], "Enter", "detail of the selected item", hint: ("Enter", "detail")) { _, m in
            openDetail(&m)
            return []
        },
        KeyBinding([.escape], "Esc", "back; clear the panel's filter") { _, m in
            if m.panelLists[m.focus]?.filter != nil { m.panelLists[m.focus]?.filter = nil; clampSelections(&m) }
            return []
        },
        KeyBinding([.char("/")], "/", "filter the focused panel", hint: ("/", "filter")) { _, m in
            if m.focus.isTable { m.panelLists[m.focus, default: ListState()].filterDraft = m.panelLists[m.focus]?.filter ?? "" }
            else { m.message = "\(m.title(m.focus)) has nothing to filter" }
            return []
        },
    ] + GlobalKeys.tail(pauseHint: true, speedHint: true))

    /// How far a paging key moves: a page, or to the first or last row.
    static func pageStep(_ key: Key, page: Int) -> Int {
        switch key {
        case .pageDown, .ctrl("f"): return page
        case .pageUp, .ctrl("b"): return -page
        case .home, .char("g"): return Int.min / 2
        default: return Int.max / 2
        }
    }
}
