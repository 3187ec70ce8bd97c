extension Line {
    /// Draws the line from (x, y) in at most `width` cells; a line that does not fit is cut and
    /// ends in `ellipsis` (drawn in the style of the span it replaces).
    func render(x: Int, y: Int, width: Int, ellipsis: String, buffer: inout Buffer) {
        guard width > 0 else { return }
        let clip = Rect(x: x, y: y, width: width, height: 1)
        let spans = self.spans.map { Span(TextWidth.displayable($0.text), style: $0.style) }
        let total = spans.reduce(0) { $0 + $1.width }
        let ew = TextWidth.of(ellipsis)
        guard total > width, width > ew else {
            var col = x
            for span in spans { col = buffer.put(span.text, x: col, y: y, style: span.style, clip: clip) }
            return
        }
        // Keep what fits before the ellipsis, span by span.
        var room = width - ew
        var col = x
        var lastStyle = spans.first?.style ?? .plain
        for span in spans {
            lastStyle = span.style
            let part = TextWidth.prefix(span.text, fitting: room)
            col = buffer.put(part, x: col, y: y, style: span.style, clip: clip)
            room -= TextWidth.of(part)
            // This span is cut: the ellipsis stands for the rest of it.
            if TextWidth.of(part) < span.width { break }
        }
        buffer.put(ellipsis, x: col, y: y, style: lastStyle, clip: clip)
    }
}
