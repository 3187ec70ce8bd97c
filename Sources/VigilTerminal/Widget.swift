/// Something that draws itself into part of a buffer and never sees a terminal.
public protocol Widget {
    func render(in area: Rect, buffer: inout Buffer)
}

/// A run of text in one style.
public struct Span: Hashable, Sendable {
    public var text: String
    public var style: Style
    public init(_ text: String, style: Style = .plain) { self.text = text; self.style = style }
    public var width: Int { TextWidth.of(text) }
}

/// One line of styled spans.
public struct Line: Hashable, Sendable, ExpressibleByStringLiteral {
    public var spans: [Span]
    public init(_ spans: [Span]) { self.spans = spans }
    public init(_ text: String, style: Style = .plain) { self.spans = [Span(text, style: style)] }
    public init(stringLiteral value: String) { self.init(value) }
    public var width: Int { spans.reduce(0) { $0 + $1.width } }
    public var text: String { spans.map(\.text).joined() }

    /// Draws the line from (x, y), clipped to `width` cells; returns the column after it.
    @discardableResult
    public func render(x: Int, y: Int, width: Int, buffer: inout Buffer) -> Int {
        let clip = Rect(x: x, y: y, width: width, height: 1)
        var col = x
        for span in spans { col = buffer.put(span.text, x: col, y: y, style: span.style, clip: clip) }
        return col
    }
}
