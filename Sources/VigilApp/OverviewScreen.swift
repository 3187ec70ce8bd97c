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
        model.filterDraft.map { Prompt(label: "filter \(model.title(model.focus))", draft: $0, hint: "Enter apply · Esc cancel") }
    }, edit: { key, model in
        guard var draft = model.filterDraft else { return nil }
        switch LineEdit.apply(key, to: &draft) {
        case .submitted:
            model.filters[model.focus] = draft.isEmpty ? nil : draft
            model.filterDraft = nil
        case .cancelled:
            model.filterDraft = nil
        case .edited, .ignored:
            model.filterDraft = draft
        }
        // The panel filters as it is typed.
        if let d = model.filterDraft { model.filters[model.focus] = d.isEmpty ? nil : d }
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
            if m.filters[m.focus] != nil { m.filters[m.focus] = nil; clampSelections(&m) }
            return []
        },
        KeyBinding([.char("/")], "/", "filter the focused panel", hint: ("/", "filter")) { _, m in
            if m.focus.isTable { m.filterDraft = m.filters[m.focus] ?? "" }
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
