/// One terminal cell: a grapheme and its style.
///
/// A wide grapheme (CJK, emoji) occupies its cell and the next; that next cell is a
/// continuation with an empty symbol, which backends skip.
public struct Cell: Hashable, Sendable {
    public var symbol: String
    public var style: Style

    public init(_ symbol: String = " ", style: Style = .plain) {
        self.symbol = symbol; self.style = style
    }

    public static let blank = Cell()
    /// The second half of a wide grapheme.
    public static func continuation(style: Style) -> Cell { Cell("", style: style) }

    public var isContinuation: Bool { symbol.isEmpty }
}
