/// The "more above / more below" arrows that tables and lists put in their right-most column.
enum ScrollMarkers {
    /// Draws `glyphs.scrollUp` at (x, firstY) when rows are hidden above and `glyphs.scrollDown`
    /// at (x, lastY) when rows are hidden below, keeping the style already in the cell (so a
    /// selected row stays highlighted under its marker).
    static func draw(x: Int, firstY: Int, lastY: Int, hiddenAbove: Bool, hiddenBelow: Bool,
                     glyphs: Glyphs, buffer: inout Buffer) {
        if hiddenAbove { put(glyphs.scrollUp, x: x, y: firstY, buffer: &buffer) }
        if hiddenBelow { put(glyphs.scrollDown, x: x, y: lastY, buffer: &buffer) }
    }

    private static func put(_ glyph: String, x: Int, y: Int, buffer: inout Buffer) {
        let style = buffer[x, y].style
        buffer.put(glyph, x: x, y: y, style: style, clip: Rect(x: x, y: y, width: 1, height: 1))
    }
}
