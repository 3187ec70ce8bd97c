/// A grid of cells that widgets draw into; backends show it.
///
/// Writes outside `area` are clipped, and wide graphemes never straddle the clip edge or
/// half-overwrite a neighbour: the grid stays aligned whatever the text holds.
public struct Buffer: Hashable, Sendable {
    public let area: Rect
    public internal(set) var cells: [Cell]

    public init(area: Rect, filling cell: Cell = .blank) {
        self.area = area
        self.cells = Array(repeating: cell, count: area.area)
    }

    public init(width: Int, height: Int) {
        self.init(area: Rect(width: width, height: height))
    }

    @inline(__always) func index(_ x: Int, _ y: Int) -> Int? {
        guard area.contains(x: x, y: y) else { return nil }
        return (y - area.y) * area.width + (x - area.x)
    }

    public subscript(x: Int, y: Int) -> Cell {
        get { index(x, y).map { cells[$0] } ?? .blank }
        set { if let i = index(x, y) { cells[i] = newValue } }
    }

    /// Writes `text` from (x, y) within `clip` (default: the whole buffer) and returns the
    /// column after the last cell written. Control characters are shown as `?`.
    @discardableResult
    public mutating func put(_ text: String, x: Int, y: Int, style: Style = .plain, clip: Rect? = nil) -> Int {
        let bounds = (clip ?? area).intersection(area)
        guard y >= bounds.y, y < bounds.bottom else { return x }
        var col = x
        for ch in text {
            var symbol = String(ch)
            var w = TextWidth.of(ch)
            if w == 0 {
                if ch.unicodeScalars.first.map({ $0.value < 0x20 || $0.value == 0x7F }) ?? true {
                    symbol = "?"; w = 1
                } else {
                    continue // a lone combining mark: nothing to place
                }
            }
            if col + w > bounds.right { break }
            if col >= bounds.x {
                setGrapheme(symbol, width: w, x: col, y: y, style: style)
            }
            col += w
        }
        return col
    }

    /// Places one grapheme of width 1 or 2 and keeps neighbours consistent.
    mutating func setGrapheme(_ symbol: String, width: Int, x: Int, y: Int, style: Style) {
        guard let i = index(x, y) else { return }
        // Overwriting the tail of a wide char: blank its head.
        if cells[i].isContinuation, let h = index(x - 1, y) { cells[h] = Cell(" ", style: cells[h].style) }
        // Overwriting the head of a wide char: blank its tail.
        if TextWidth.of(cells[i].symbol) == 2, let t = index(x + 1, y), cells[t].isContinuation {
            cells[t] = Cell(" ", style: cells[t].style)
        }
        if width == 2 {
            guard let t = index(x + 1, y) else { cells[i] = Cell(" ", style: style); return }
            if TextWidth.of(cells[t].symbol) == 2, let t2 = index(x + 2, y), cells[t2].isContinuation {
                cells[t2] = Cell(" ", style: cells[t2].style)
            }
            cells[i] = Cell(symbol, style: style)
            cells[t] = .continuation(style: style)
        } else {
            cells[i] = Cell(symbol, style: style)
        }
    }

    /// Lays `style` over every cell of `rect`.
    public mutating func setStyle(_ style: Style, in rect: Rect) {
        let r = rect.intersection(area)
        guard !r.isEmpty else { return }
        for y in r.y..<r.bottom {
            for x in r.x..<r.right {
                if let i = index(x, y) { cells[i].style = cells[i].style.patched(with: style) }
            }
        }
    }

    /// Fills `rect` with `cell`.
    public mutating func fill(_ rect: Rect, with cell: Cell = .blank) {
        let r = rect.intersection(area)
        guard !r.isEmpty else { return }
        for y in r.y..<r.bottom {
            for x in r.x..<r.right { if let i = index(x, y) { cells[i] = cell } }
        }
    }

    /// The text of each row, continuation cells skipped: what a snapshot test compares.
    public var lines: [String] {
        guard area.width > 0 else { return Array(repeating: "", count: area.height) }
        var out: [String] = []
        out.reserveCapacity(area.height)
        for row in 0..<area.height {
            var s = ""
            let start = row * area.width
            for c in cells[start..<(start + area.width)] where !c.isContinuation { s += c.symbol }
            out.append(s)
        }
        return out
    }

    /// Cells that differ from `previous` (all of them when the areas differ), row-major.
    public func diff(from previous: Buffer?) -> [(x: Int, y: Int, cell: Cell)] {
        var out: [(x: Int, y: Int, cell: Cell)] = []
        let same = previous?.area == area
        for row in 0..<area.height {
            for col in 0..<area.width {
                let i = row * area.width + col
                let c = cells[i]
                if same, let p = previous, p.cells[i] == c { continue }
                out.append((area.x + col, area.y + row, c))
            }
        }
        return out
    }
}
