/// Styled text, optionally wrapped at the area's width, aligned and scrolled.
///
/// Draws only the cells its text occupies. Without wrapping, long lines are clipped at the edge.
/// With wrapping, lines break at spaces when possible and long words are cut hard, never
/// through a wide character; spaces at a break are dropped.
public struct Paragraph: Widget {
    /// Where each row of text sits in the area's width.
    public enum Alignment: Sendable { case left, center, right }

    public var lines: [Line]
    public var wrap: Bool
    public var alignment: Alignment
    /// Visual rows (after wrapping) skipped at the top.
    public var scroll: Int

    public init(lines: [Line], wrap: Bool = false, alignment: Alignment = .left, scroll: Int = 0) {
        self.lines = lines; self.wrap = wrap; self.alignment = alignment; self.scroll = scroll
    }

    /// How many rows the text takes at `width` (what a caller needs to clamp `scroll`).
    public func rowCount(width: Int) -> Int { visualRows(width: width).count }

    public func render(in area: Rect, buffer: inout Buffer) {
        guard !area.isEmpty else { return }
        let rows = visualRows(width: area.width)
        let first = min(max(0, scroll), rows.count)
        for (i, row) in rows[first...].prefix(area.height).enumerated() {
            let y = area.y + i
            let width = row.reduce(0) { $0 + $1.width }
            let slack = max(0, area.width - width)
            var x = area.x
            switch alignment {
            case .left: break
            case .center: x += slack / 2
            case .right: x += slack
            }
            let clip = Rect(x: area.x, y: y, width: area.width, height: 1)
            for g in row { x = buffer.put(String(g.character), x: x, y: y, style: g.style, clip: clip) }
        }
    }

    func visualRows(width: Int) -> [[StyledGrapheme]] {
        var out: [[StyledGrapheme]] = []
        for line in lines {
            let graphemes = StyledGrapheme.split(line)
            if wrap { out += TextWrap.wrap(graphemes, width: width) } else { out.append(graphemes) }
        }
        return out
    }
}
