import VigilTerminal

/// The `?` overlay: the current screen's keys, from its key table. Taller than the screen, it
/// scrolls (j k, PgUp PgDn) and its title says how much is hidden.
enum HelpView {
    /// Help lines visible on a screen `height` rows tall: the body less the box's borders and its
    /// blank first line.
    static func visibleLines(height: Int) -> Int {
        guard let layout = OverviewLayout.compute(width: OverviewLayout.minimumWidth, height: height) else { return 0 }
        return max(0, layout.body.height - 3)
    }

    static func render(_ model: Model, area: Rect, into buffer: inout Buffer) {
        let t = model.theme
        let ascii = model.glyphs.isASCII
        let keys = Screens.spec(model.screen).keys.help(model).map { k, what in
            ascii ? (k.replacingOccurrences(of: "↑ ↓", with: "up dn").replacingOccurrences(of: "×", with: "x").replacingOccurrences(of: "÷", with: "/"),
                     what.replacingOccurrences(of: "×", with: "x").replacingOccurrences(of: "÷", with: "/")) : (k, what)
        }
        // The key column fits the longest label; the box fits the longest line, within the screen.
        let keyColumn = max(16, (keys.map { TextWidth.of($0.0) }.max() ?? 0) + 1)
        let longest = keys.map { TextWidth.of($0.1) }.max() ?? 0
        let rect = area.centered(width: min(area.width, max(66, longest + keyColumn + 4)), height: keys.count + 4)
        buffer.fill(rect, with: Cell(" ", style: t[.background]))
        let visible = max(0, rect.height - 3)
        let offset = max(0, min(model.helpOffset, keys.count - visible))
        let hidden = keys.count - visible
        let right = hidden > 0 ? "\(offset + 1)-\(offset + visible)/\(keys.count) j k scroll · Esc" : "Esc closes"
        let block = Block(title: "Keys · \(model.screen.title)", titleRight: right, borderStyle: t[.borderFocused],
                          titleStyle: t[.accent].bold(), glyphs: model.glyphs)
        block.render(in: rect, buffer: &buffer)
        let inner = block.inner(rect)
        for (i, (k, what)) in keys.dropFirst(offset).prefix(visible).enumerated() {
            Line([Span(" " + TextWidth.pad(k, to: keyColumn), style: t[.accent].bold()), Span(what, style: t[.text])])
                .render(x: inner.x, y: inner.y + i + 1, width: inner.width, buffer: &buffer)
        }
    }
}
