/// A scrolling list of styled lines with one selected line.
///
/// Each drawn row is blanked across the area, the line is cut with `glyphs.ellipsis` when too
/// long, the selected row gets `selectionStyle` across its whole width, and arrows mark hidden
/// items above and below (as in `Table`). Like `Table`, it keeps no state: pass the offset back.
public struct ListView: Widget {
    public var items: [Line]
    /// The selected item; an index outside `items` selects nothing.
    public var selected: Int?
    public var offset: Int
    public var selectionStyle: Style
    public var glyphs: Glyphs

    public init(items: [Line], selected: Int? = nil, offset: Int = 0,
                selectionStyle: Style = Style(modifiers: .reverse), glyphs: Glyphs = .unicode) {
        self.items = items; self.selected = selected; self.offset = offset
        self.selectionStyle = selectionStyle; self.glyphs = glyphs
    }

    public func render(in area: Rect, buffer: inout Buffer) {
        guard !area.isEmpty else { return }
        let sel = selected.flatMap { items.indices.contains($0) ? $0 : nil }
        let first = Table.scrollOffset(selected: sel, previousOffset: offset, visibleRows: area.height, rowCount: items.count)
        let count = min(area.height, items.count - first)
        guard count > 0 else { return }
        for i in 0..<count {
            let y = area.y + i
            let row = Rect(x: area.x, y: y, width: area.width, height: 1)
            buffer.fill(row, with: Cell(" "))
            items[first + i].render(x: area.x, y: y, width: area.width, ellipsis: glyphs.ellipsis, buffer: &buffer)
            if first + i == sel { buffer.setStyle(selectionStyle, in: row) }
        }
        ScrollMarkers.draw(x: area.right - 1, firstY: area.y, lastY: area.y + count - 1,
                           hiddenAbove: first > 0, hiddenBelow: first + count < items.count,
                           glyphs: glyphs, buffer: &buffer)
    }
}
