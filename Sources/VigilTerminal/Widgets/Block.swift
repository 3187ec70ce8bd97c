/// A titled panel with a border: `┌ Title ──── right ┐`.
///
/// Draws only the border and titles; the inside is left for the widget placed in `inner(_:)`.
/// Titles are cut with `glyphs.ellipsis` to fit and never overwrite a corner; the left title
/// wins space over the right one. An area under 2x2 has no room for a border: nothing is drawn.
///
/// ```swift
/// let panel = Block(title: "CPU", titleRight: "5m", borderStyle: theme[.border], titleStyle: theme[.title])
/// panel.render(in: area, buffer: &buffer)
/// Sparkline(values: cpu, mode: .braille).render(in: panel.inner(area), buffer: &buffer)
/// ```
public struct Block: Widget {
    public var title: String
    public var titleRight: String
    public var borderStyle: Style
    public var titleStyle: Style
    public var glyphs: Glyphs

    public init(title: String = "", titleRight: String = "", borderStyle: Style = .plain,
                titleStyle: Style = .plain, glyphs: Glyphs = .unicode) {
        self.title = title; self.titleRight = titleRight
        self.borderStyle = borderStyle; self.titleStyle = titleStyle; self.glyphs = glyphs
    }

    /// The area inside the border (empty, at the area's corner, if area < 2x2).
    public func inner(_ area: Rect) -> Rect {
        guard area.width >= 2, area.height >= 2 else { return Rect(x: area.x, y: area.y, width: 0, height: 0) }
        return area.inset(by: 1)
    }

    public func render(in area: Rect, buffer: inout Buffer) {
        guard area.width >= 2, area.height >= 2 else { return }
        let left = area.x, right = area.right - 1, top = area.y, bottom = area.bottom - 1
        for x in (left + 1)..<right {
            putGlyph(glyphs.horizontal, x: x, y: top, buffer: &buffer)
            putGlyph(glyphs.horizontal, x: x, y: bottom, buffer: &buffer)
        }
        for y in (top + 1)..<bottom {
            putGlyph(glyphs.vertical, x: left, y: y, buffer: &buffer)
            putGlyph(glyphs.vertical, x: right, y: y, buffer: &buffer)
        }
        putGlyph(glyphs.topLeft, x: left, y: top, buffer: &buffer)
        putGlyph(glyphs.topRight, x: right, y: top, buffer: &buffer)
        putGlyph(glyphs.bottomLeft, x: left, y: bottom, buffer: &buffer)
        putGlyph(glyphs.bottomRight, x: right, y: bottom, buffer: &buffer)
        drawTitles(left: left, right: right, y: top, buffer: &buffer)
    }

    /// One glyph in exactly one cell, so a multi-character glyph string cannot spill.
    private func putGlyph(_ glyph: String, x: Int, y: Int, buffer: inout Buffer) {
        buffer.put(glyph, x: x, y: y, style: borderStyle, clip: Rect(x: x, y: y, width: 1, height: 1))
    }

    private func drawTitles(left: Int, right: Int, y: Int, buffer: inout Buffer) {
        let span = right - left - 1 // cells between the corners
        let between = Rect(x: left + 1, y: y, width: span, height: 1)
        // When both do not fit, a short right title (a count, a state: up to 10 cells) keeps up to
        // half the line and the left one is cut: a narrow panel still says "3" or "STALE" beside
        // its shortened name. A longer right title gives way to the left one.
        let leftWant = title.isEmpty ? 0 : TextWidth.of(TextWidth.displayable(title)) + 2
        let rightWant = titleRight.isEmpty ? 0 : TextWidth.of(TextWidth.displayable(titleRight)) + 2
        var leftRoom = span
        if rightWant > 0, rightWant <= 12, leftWant + 1 + rightWant > span {
            leftRoom = max(span - 1 - min(rightWant, span / 2), min(leftWant, 3))
        }
        var used = 0
        if let text = fitted(title, room: leftRoom) {
            drawTitle(text, x: left + 1, y: y, clip: between, buffer: &buffer)
            used = TextWidth.of(text) + 2
        }
        // One border cell stays between the two titles so they read as two.
        let room = span - used - (used > 0 ? 1 : 0)
        if let text = fitted(titleRight, room: room) {
            drawTitle(text, x: right - TextWidth.of(text) - 2, y: y, clip: between, buffer: &buffer)
        }
    }

    /// The title text cut to fit `room` cells with a space each side; nil when nothing fits.
    private func fitted(_ title: String, room: Int) -> String? {
        let clean = TextWidth.displayable(title)
        guard !clean.isEmpty, room >= 3 else { return nil }
        let width = room - 2
        if TextWidth.of(clean) <= width { return clean }
        // Too narrow for text and ellipsis: a lone ellipsis still says a title is there, where a
        // bare first letter ("1" of "12:00") would mislead.
        let ellipsisWidth = TextWidth.of(glyphs.ellipsis)
        if width <= ellipsisWidth { return ellipsisWidth <= width ? glyphs.ellipsis : nil }
        let text = TextWidth.truncate(clean, to: width, ellipsis: glyphs.ellipsis)
        return text.isEmpty ? nil : text
    }

    private func drawTitle(_ text: String, x: Int, y: Int, clip: Rect, buffer: inout Buffer) {
        var col = buffer.put(" ", x: x, y: y, style: borderStyle, clip: clip)
        col = buffer.put(text, x: col, y: y, style: titleStyle, clip: clip)
        buffer.put(" ", x: col, y: y, style: borderStyle, clip: clip)
    }
}
