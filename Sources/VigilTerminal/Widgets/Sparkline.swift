/// A small chart of recent values: filled bars from the bottom, latest at the right edge.
///
/// Braille packs 2 values a cell and 4 levels a row; blocks 1 value a cell and 8 levels a row
/// (`" ▁▂▃▄▅▆▇█"`); ASCII 1 value a cell and 7 levels a row (`" .:-=+*#"`, full rows below the
/// top are `#`). The scale runs from `minValue ?? min(0, smallest shown)` to `maxValue ?? largest
/// shown`; when that range is empty (all zeros, say) every finite value draws a one-level
/// baseline, so "no data" and "flat data" look different. NaN and ±Inf leave a gap.
///
/// Every cell of a column that holds a value (or a gap) is written, in `style`; columns left of
/// the oldest value shown are not touched. An empty braille cell is written as a space, not
/// U+2800, so text snapshots stay readable.
public struct Sparkline: Widget {
    public var values: [Double]
    public var mode: SparklineMode
    public var style: Style
    public var minValue: Double?
    public var maxValue: Double?

    public init(values: [Double], mode: SparklineMode, style: Style = .plain,
                minValue: Double? = nil, maxValue: Double? = nil) {
        self.values = values; self.mode = mode; self.style = style
        self.minValue = minValue; self.maxValue = maxValue
    }

    /// How many values fit in `width` columns (2 per column for braille, else 1).
    public static func capacity(width: Int, mode: SparklineMode) -> Int {
        guard width > 0 else { return 0 }
        return mode == .braille ? width * 2 : width
    }

    static func levelsPerRow(_ mode: SparklineMode) -> Int {
        switch mode {
        case .braille: return 4
        case .blocks: return 8
        case .ascii: return 7
        }
    }

    static let blocks: [String] = [" ", "▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]
    static let asciiRamp: [String] = [" ", ".", ":", "-", "=", "+", "*", "#"]
    /// Braille dot bits from the bottom dot row up, for the left and the right dot column.
    static let brailleLeft: [UInt32] = [0x40, 0x04, 0x02, 0x01]
    static let brailleRight: [UInt32] = [0x80, 0x20, 0x10, 0x08]

    public func render(in area: Rect, buffer: inout Buffer) {
        let capacity = Sparkline.capacity(width: area.width, mode: mode)
        guard capacity > 0, area.height > 0, !values.isEmpty else { return }
        let shown = Array(values.suffix(capacity))
        let perRow = Sparkline.levelsPerRow(mode)
        let levels = Sparkline.levels(shown, total: area.height * perRow, minValue: minValue, maxValue: maxValue)
        // Slot = a value position counted from the left edge; the newest lands in the last slot.
        let firstSlot = capacity - shown.count
        func level(atSlot slot: Int) -> Int {
            let i = slot - firstSlot
            return levels.indices.contains(i) ? levels[i] ?? 0 : 0
        }
        let slotsPerCell = mode == .braille ? 2 : 1
        for cell in (firstSlot / slotsPerCell)..<area.width {
            let x = area.x + cell
            for row in 0..<area.height {
                let y = area.bottom - 1 - row
                let floor = row * perRow
                let symbol: String
                switch mode {
                case .braille:
                    let left = clampLevel(level(atSlot: cell * 2) - floor, perRow)
                    let right = clampLevel(level(atSlot: cell * 2 + 1) - floor, perRow)
                    symbol = Sparkline.braille(left: left, right: right)
                case .blocks:
                    symbol = Sparkline.blocks[clampLevel(level(atSlot: cell) - floor, perRow)]
                case .ascii:
                    symbol = Sparkline.asciiRamp[clampLevel(level(atSlot: cell) - floor, perRow)]
                }
                buffer.put(symbol, x: x, y: y, style: style, clip: Rect(x: x, y: y, width: 1, height: 1))
            }
        }
    }

    private func clampLevel(_ v: Int, _ perRow: Int) -> Int { max(0, min(perRow, v)) }

    /// The braille cell with `left` and `right` dots filled from the bottom (0...4 each).
    static func braille(left: Int, right: Int) -> String {
        var bits: UInt32 = 0
        for i in 0..<left { bits |= brailleLeft[i] }
        for i in 0..<right { bits |= brailleRight[i] }
        guard bits != 0, let scalar = Unicode.Scalar(0x2800 + bits) else { return " " }
        return String(Character(scalar))
    }

    /// Filled levels (0...total) per value; nil for a gap.
    static func levels(_ values: [Double], total: Int, minValue: Double?, maxValue: Double?) -> [Int?] {
        let finite = values.filter(\.isFinite)
        guard let dataMin = finite.min(), let dataMax = finite.max() else { return values.map { _ in nil } }
        let lo = minValue.flatMap { $0.isFinite ? $0 : nil } ?? Swift.min(0, dataMin)
        let hi = maxValue.flatMap { $0.isFinite ? $0 : nil } ?? dataMax
        return values.map { v -> Int? in
            guard v.isFinite else { return nil }
            guard hi > lo else { return Swift.min(1, total) }
            // Halves first: the difference of two huge finite values must not overflow to inf.
            let fraction = (v / 2 - lo / 2) / (hi / 2 - lo / 2)
            guard fraction > 0 else { return 0 }
            guard fraction < 1 else { return total }
            return Int((fraction * Double(total)).rounded())
        }
    }
}
