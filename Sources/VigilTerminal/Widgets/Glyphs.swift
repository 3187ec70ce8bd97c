/// The characters widgets draw their frames, markers and bars with.
///
/// `unicode` for UTF-8 terminals; `ascii` for `LC_ALL=C`, `TERM=linux` and `-U`, where box drawing,
/// braille and block characters would be dropped. Every glyph is one cell wide (except the ASCII
/// ellipsis, which is three).
public struct Glyphs: Sendable, Hashable {
    public var topLeft: String
    public var topRight: String
    public var bottomLeft: String
    public var bottomRight: String
    public var horizontal: String
    public var vertical: String
    public var ellipsis: String
    public var scrollUp: String
    public var scrollDown: String
    public var marker: String
    public var barFull: String
    public var barEmpty: String
    public var sparkline: SparklineMode
    public var isASCII: Bool

    public init(topLeft: String, topRight: String, bottomLeft: String, bottomRight: String,
                horizontal: String, vertical: String, ellipsis: String, scrollUp: String, scrollDown: String,
                marker: String, barFull: String, barEmpty: String, sparkline: SparklineMode, isASCII: Bool) {
        self.topLeft = topLeft; self.topRight = topRight
        self.bottomLeft = bottomLeft; self.bottomRight = bottomRight
        self.horizontal = horizontal; self.vertical = vertical
        self.ellipsis = ellipsis; self.scrollUp = scrollUp; self.scrollDown = scrollDown
        self.marker = marker; self.barFull = barFull; self.barEmpty = barEmpty
        self.sparkline = sparkline; self.isASCII = isASCII
    }

    /// Box drawing, "…", arrows, "▶", full/light-shade blocks and braille sparklines.
    public static let unicode = Glyphs(
        topLeft: "┌", topRight: "┐", bottomLeft: "└", bottomRight: "┘", horizontal: "─", vertical: "│",
        ellipsis: "…", scrollUp: "↑", scrollDown: "↓", marker: "▶", barFull: "█", barEmpty: "░",
        sparkline: .braille, isASCII: false)

    /// Seven-bit only: what survives any terminal and locale.
    public static let ascii = Glyphs(
        topLeft: "+", topRight: "+", bottomLeft: "+", bottomRight: "+", horizontal: "-", vertical: "|",
        ellipsis: "...", scrollUp: "^", scrollDown: "v", marker: ">", barFull: "#", barEmpty: "-",
        sparkline: .ascii, isASCII: true)
}
