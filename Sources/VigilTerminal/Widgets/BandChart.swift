/// A chart of a series' actual values over its expected band, one point per column, the latest
/// at the right edge: the band is shaded, each value is a dot, dots outside the band stand out.
public struct BandChart: Widget {
    public var values: [Double]
    public var lower: [Double]
    public var upper: [Double]
    public var valueStyle: Style
    public var bandStyle: Style
    public var outsideStyle: Style
    public var glyphs: Glyphs

    public init(values: [Double], lower: [Double], upper: [Double], valueStyle: Style = .plain,
                bandStyle: Style = Style(modifiers: .dim), outsideStyle: Style = Style(modifiers: .bold),
                glyphs: Glyphs = .unicode) {
        self.values = values; self.lower = lower; self.upper = upper
        self.valueStyle = valueStyle; self.bandStyle = bandStyle; self.outsideStyle = outsideStyle; self.glyphs = glyphs
    }

    public func render(in area: Rect, buffer: inout Buffer) {
        let n = min(values.count, lower.count, upper.count, area.width)
        guard n > 0, area.height > 0 else { return }
        let v = Array(values.suffix(n)), lo = Array(lower.suffix(n)), hi = Array(upper.suffix(n))
        let finite = (v + lo + hi).filter(\.isFinite)
        guard let minV = finite.min(), let maxV = finite.max() else { return }
        let span = maxV - minV
        // Row 0 is the top; a flat series sits on the middle row.
        func row(_ x: Double) -> Int {
            guard span > 0 else { return area.height / 2 }
            let r = Int(((maxV - x) / span * Double(area.height - 1)).rounded())
            return min(area.height - 1, max(0, r))
        }
        let bandGlyph = glyphs.isASCII ? ":" : "░"
        let dotGlyph = glyphs.isASCII ? "*" : "●"
        let x0 = area.right - n
        for i in 0..<n {
            let x = x0 + i
            if lo[i].isFinite, hi[i].isFinite {
                for r in row(hi[i])...row(lo[i]) {
                    buffer.put(bandGlyph, x: x, y: area.y + r, style: bandStyle, clip: area)
                }
            }
            guard v[i].isFinite else { continue }
            let outside = (lo[i].isFinite && v[i] < lo[i]) || (hi[i].isFinite && v[i] > hi[i])
            buffer.put(dotGlyph, x: x, y: area.y + row(v[i]), style: outside ? outsideStyle : valueStyle, clip: area)
        }
    }
}
