import VigilTerminal

/// The `?` overlay: every key, grouped.
enum HelpView {
    static let keys: [(String, String)] = [
        ("q", "quit (also Ctrl-C)"),
        ("?  F1", "this help; Esc or ? closes it"),
        ("Tab  Shift-Tab", "move focus between panels"),
        ("j k  ↑ ↓", "move the selection"),
        ("PgUp PgDn  g G", "page, first, last"),
        ("Enter", "detail of the selected item"),
        ("Esc", "back; clear the panel's filter"),
        ("/", "filter the focused panel"),
        ("space", "pause / resume the clock"),
        ("+  -", "replay speed ×2 / ÷2"),
        ("Ctrl-L", "redraw the screen"),
        ("1  3  4", "overview, anomalies (triage), logs"),
    ]

    static func render(_ model: Model, area: Rect, into buffer: inout Buffer) {
        let t = model.theme
        let keys = model.screen == 4 ? LogsFooter.helpKeys
            : model.screen == 3 ? TriageFooter.helpKeys(readOnly: model.config.readOnly) : Self.keys
        let rect = area.centered(width: 66, height: keys.count + 4)
        buffer.fill(rect, with: Cell(" ", style: t[.background]))
        let block = Block(title: "Keys", titleRight: "Esc closes", borderStyle: t[.borderFocused],
                          titleStyle: t[.accent].bold(), glyphs: model.glyphs)
        block.render(in: rect, buffer: &buffer)
        let inner = block.inner(rect)
        let ascii = model.glyphs.isASCII
        for (i, (k, what)) in keys.enumerated() where i < inner.height {
            let label = ascii ? k.replacingOccurrences(of: "↑ ↓", with: "up dn").replacingOccurrences(of: "×", with: "x")
                                 .replacingOccurrences(of: "÷", with: "/") : k
            let text = ascii ? what.replacingOccurrences(of: "×", with: "x").replacingOccurrences(of: "÷", with: "/") : what
            Line([Span(" " + TextWidth.pad(label, to: 16), style: t[.accent].bold()), Span(text, style: t[.text])])
                .render(x: inner.x, y: inner.y + i + 1, width: inner.width, buffer: &buffer)
        }
    }
}
