/// Rows of cells under a header, with a selected row and scrolling.
///
/// Columns are separated by one space; cells are padded or cut (with `glyphs.ellipsis`) by
/// display width, so CJK and emoji keep the grid. The table keeps no state: the caller keeps
/// `offset` and feeds back `Table.scrollOffset(...)` each frame.
///
/// ```swift
/// let table = Table(columns: [.init("NAME", width: .fill(1)), .init("CPU", width: .fixed(5), alignment: .right)],
///                   rows: pods.map { [Span($0.name), Span($0.cpu)] }, selected: cursor, offset: offset)
/// table.render(in: area, buffer: &buffer)
/// ```
public struct Table: Widget {
    /// Where a cell's text sits in its column; numbers read best right-aligned.
    public enum Alignment: Sendable { case left, right }

    /// A column's width: fixed cells, or a weighted share of the width the fixed columns leave.
    public enum ColumnWidth: Sendable, Hashable {
        case fixed(Int)
        case fill(Int)
    }

    /// A column's header title, width and alignment.
    public struct Column: Sendable {
        public var title: String
        public var width: ColumnWidth
        public var alignment: Alignment

        public init(_ title: String, width: ColumnWidth, alignment: Alignment = .left) {
            self.title = title; self.width = width; self.alignment = alignment
        }
    }

    public var columns: [Column]
    /// One span per column; missing cells are blank, extra cells are ignored.
    public var rows: [[Span]]
    /// The selected row; an index outside `rows` selects nothing.
    public var selected: Int?
    public var offset: Int
    public var headerStyle: Style
    public var selectionStyle: Style
    public var showHeader: Bool
    public var glyphs: Glyphs
    /// Column where the scroll markers go; nil = the area's last column. A panel passes its
    /// right border so the markers never cover data.
    public var markerColumn: Int?

    public init(columns: [Column], rows: [[Span]], selected: Int? = nil, offset: Int = 0,
                headerStyle: Style = Style(modifiers: .bold), selectionStyle: Style = Style(modifiers: .reverse),
                showHeader: Bool = true, glyphs: Glyphs = .unicode) {
        self.columns = columns; self.rows = rows; self.selected = selected; self.offset = offset
        self.headerStyle = headerStyle; self.selectionStyle = selectionStyle
        self.showHeader = showHeader; self.glyphs = glyphs
    }

    /// First visible row so that `selected` is visible, moving the previous offset as little as possible; clamps to valid range.
    ///
    /// A `selected` outside `0..<rowCount` is ignored; with no rows or no visible rows the offset is 0.
    public static func scrollOffset(selected: Int?, previousOffset: Int, visibleRows: Int, rowCount: Int) -> Int {
        guard rowCount > 0, visibleRows > 0 else { return 0 }
        let maxOffset = max(0, rowCount - visibleRows)
        var offset = min(max(0, previousOffset), maxOffset)
        if let s = selected, (0..<rowCount).contains(s) {
            if s < offset { offset = s }
            if s >= offset + visibleRows { offset = s - visibleRows + 1 }
        }
        return offset
    }

    /// Rows that will be drawn in an area of `height` rows (the header takes one when shown).
    public func visibleRows(height: Int) -> Int {
        max(0, height - (hasHeader(height: height) ? 1 : 0))
    }

    func hasHeader(height: Int) -> Bool { showHeader && height >= 2 }

    public func render(in area: Rect, buffer: inout Buffer) {
        guard !area.isEmpty else { return }
        let widths = Table.columnWidths(columns.map(\.width), total: area.width)
        var y = area.y
        if hasHeader(height: area.height) {
            let header = columns.map { Span($0.title) }
            drawRow(header, widths: widths, y: y, area: area, buffer: &buffer)
            buffer.setStyle(headerStyle, in: Rect(x: area.x, y: y, width: area.width, height: 1))
            y += 1
        }
        let visible = visibleRows(height: area.height)
        let sel = selected.flatMap { rows.indices.contains($0) ? $0 : nil }
        let first = Table.scrollOffset(selected: sel, previousOffset: offset, visibleRows: visible, rowCount: rows.count)
        let count = min(visible, rows.count - first)
        guard count > 0 else { return }
        for i in 0..<count {
            let rowY = y + i
            drawRow(rows[first + i], widths: widths, y: rowY, area: area, buffer: &buffer)
            if first + i == sel {
                buffer.setStyle(selectionStyle, in: Rect(x: area.x, y: rowY, width: area.width, height: 1))
            }
        }
        ScrollMarkers.draw(x: markerColumn ?? (area.right - 1), firstY: y, lastY: y + count - 1,
                           hiddenAbove: first > 0, hiddenBelow: first + count < rows.count,
                           glyphs: glyphs, buffer: &buffer)
    }

    /// Blanks the row across the whole area, then draws each cell inside its column.
    private func drawRow(_ cells: [Span], widths: [Int], y: Int, area: Rect, buffer: inout Buffer) {
        buffer.fill(Rect(x: area.x, y: y, width: area.width, height: 1), with: Cell(" "))
        var x = area.x
        for (c, column) in columns.enumerated() {
            let w = widths[c]
            defer { x += w + 1 }
            guard w > 0, c < cells.count else { continue }
            let span = cells[c]
            let text = TextWidth.truncate(TextWidth.displayable(span.text), to: w, ellipsis: glyphs.ellipsis)
            let start = column.alignment == .right ? x + w - TextWidth.of(text) : x
            let clip = Rect(x: x, y: y, width: w, height: 1).intersection(area)
            buffer.put(text, x: start, y: y, style: span.style, clip: clip)
        }
    }

    /// Column widths for `total` cells: one separator between columns; fixed columns first, fill
    /// columns share the rest by weight. When the fixed columns do not fit, they are served left
    /// to right (the right-most are cut or get nothing) and fill columns get nothing.
    public static func columnWidths(_ columns: [ColumnWidth], total: Int) -> [Int] {
        guard !columns.isEmpty else { return [] }
        var room = max(0, total - (columns.count - 1))
        var widths = Array(repeating: 0, count: columns.count)
        var fills: [Int] = []
        var weights: [Int] = []
        for (i, c) in columns.enumerated() {
            switch c {
            case .fixed(let n):
                widths[i] = min(max(0, n), room)
                room -= widths[i]
            case .fill(let w):
                fills.append(i)
                weights.append(min(max(0, w), Layout.maxWeight))
            }
        }
        // Only fill(0) columns: share equally rather than leave the width unused.
        if weights.allSatisfy({ $0 == 0 }) { weights = weights.map { _ in 1 } }
        for (k, share) in Layout.apportion(room, weights: weights).enumerated() { widths[fills[k]] = share }
        return widths
    }
}
