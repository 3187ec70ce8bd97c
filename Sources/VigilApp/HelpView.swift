import VigilTerminal

/// The `?` overlay: the current screen's keys, from its key table.
enum HelpView {
    static func render(_ model: Model, area: Rect, into buffer: inout Buffer) {
        let t = model.theme
        let keys = Screens.spec(model.screen).keys.help(model)
        // Wide enough for the longest line (key column 17 cells, borders 2), within the screen.
        let longest = keys.map { TextWidth.of($0.what) }.max() ?? 0
        let rect = area.centered(width: min(area.width, max(66, longest + 20)), height: keys.count + 4)
        buffer.fill(rect, with: Cell(" ", style: t[.background]))
        let block = Block(title: "Keys · \(model.screen.title)", titleRight: "Esc closes", borderStyle: t[.borderFocused],
                          titleStyle: t[.accent].bold(), glyphs: model.glyphs)
        block.render(in: rect, buffer: &buffer)
        let inner = block.inner(rect)
        let ascii = model.glyphs.isASCII
        for (i, (k, what)) in keys.enumerated() where i + 1 < inner.height {
            let label = ascii ? k.replacingOccurrences(of: "↑ ↓", with: "up dn").replacingOccurrences(of: "×", with: "x")
                                 .replacingOccurrences(of: "÷", with: "/") : k
            let text = ascii ? what.replacingOccurrences(of: "×", with: "x").replacingOccurrences(of: "÷", with: "/") : what
            Line([Span(" " + TextWidth.pad(label, to: 16), style: t[.accent].bold()), Span(text, style: t[.text])])
                .render(x: inner.x, y: inner.y + i + 1, width: inner.width, buffer: &buffer)
        }
    }
}
