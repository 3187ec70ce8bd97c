/// A one-row progress bar with a centred label, drawn on the area's top row.
///
/// The ratio is clamped to 0...1 (NaN counts as 0); filled cells are `glyphs.barFull`, the rest
/// `glyphs.barEmpty`, rounded down so only a full ratio fills the bar. Label cells keep the style
/// of the bar cell they cover, so the boundary stays visible through the label.
public struct Gauge: Widget {
    public var ratio: Double
    public var label: String
    public var filledStyle: Style
    public var emptyStyle: Style
    public var glyphs: Glyphs

    public init(ratio: Double, label: String = "", filledStyle: Style = .plain, emptyStyle: Style = .plain,
                glyphs: Glyphs = .unicode) {
        self.ratio = ratio; self.label = label
        self.filledStyle = filledStyle; self.emptyStyle = emptyStyle; self.glyphs = glyphs
    }

    /// Cells filled out of `width` for this ratio.
    public func filledCells(width: Int) -> Int {
        guard width > 0, !ratio.isNaN else { return 0 }
        let r = max(0, min(1, ratio))
        return min(width, Int((r * Double(width)).rounded(.down)))
    }

    public func render(in area: Rect, buffer: inout Buffer) {
        guard !area.isEmpty else { return }
        let y = area.y
        let filled = filledCells(width: area.width)
        func style(at x: Int) -> Style { x - area.x < filled ? filledStyle : emptyStyle }
        for x in area.x..<area.right {
            let glyph = x - area.x < filled ? glyphs.barFull : glyphs.barEmpty
            buffer.put(glyph, x: x, y: y, style: style(at: x), clip: Rect(x: x, y: y, width: 1, height: 1))
        }
        let text = TextWidth.truncate(TextWidth.displayable(label), to: area.width, ellipsis: glyphs.ellipsis)
        guard !text.isEmpty else { return }
        var x = area.x + (area.width - TextWidth.of(text)) / 2
        let clip = Rect(x: area.x, y: y, width: area.width, height: 1)
        for ch in text { x = buffer.put(String(ch), x: x, y: y, style: style(at: x), clip: clip) }
    }
}
