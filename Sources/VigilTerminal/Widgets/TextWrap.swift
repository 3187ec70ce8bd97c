/// One grapheme with its style and display width: the unit text wrapping works on.
struct StyledGrapheme: Hashable {
    var character: Character
    var style: Style
    var width: Int

    var isSpace: Bool { character == " " }

    /// The graphemes of a line as drawn (controls as `?`, zero-width marks dropped).
    static func split(_ line: Line) -> [StyledGrapheme] {
        var out: [StyledGrapheme] = []
        for span in line.spans {
            for ch in TextWidth.displayable(span.text) {
                out.append(StyledGrapheme(character: ch, style: span.style, width: TextWidth.of(ch)))
            }
        }
        return out
    }
}

/// Greedy word wrapping by display width.
enum TextWrap {
    /// Breaks `text` into rows of at most `width` cells: at spaces when possible, hard inside a
    /// word longer than a row. Spaces at a break are dropped; indentation at the start is kept.
    /// A grapheme wider than `width` still gets a row of its own, so wrapping always ends.
    static func wrap(_ text: [StyledGrapheme], width: Int) -> [[StyledGrapheme]] {
        let limit = max(1, width)
        var rows: [[StyledGrapheme]] = []
        var current: [StyledGrapheme] = []
        var currentWidth = 0
        var pendingSpaces: [StyledGrapheme] = []

        func breakRow() {
            rows.append(current)
            current = []; currentWidth = 0
        }

        for token in tokens(text) {
            if token.first?.isSpace == true {
                // Spaces after a break are dropped; otherwise they wait for the next word.
                if current.isEmpty && !rows.isEmpty { continue }
                pendingSpaces = token
                continue
            }
            let wordWidth = token.reduce(0) { $0 + $1.width }
            let spacesWidth = pendingSpaces.reduce(0) { $0 + $1.width }
            if currentWidth + spacesWidth + wordWidth <= limit {
                current += pendingSpaces + token
                currentWidth += spacesWidth + wordWidth
            } else {
                if !current.isEmpty { breakRow() }
                if wordWidth <= limit {
                    current = token; currentWidth = wordWidth
                } else {
                    for g in token {
                        if currentWidth + g.width > limit && !current.isEmpty { breakRow() }
                        current.append(g); currentWidth += g.width
                    }
                }
            }
            pendingSpaces = []
        }
        if !current.isEmpty || rows.isEmpty { rows.append(current) }
        return rows
    }

    /// Runs of spaces and runs of everything else, in order.
    private static func tokens(_ text: [StyledGrapheme]) -> [[StyledGrapheme]] {
        var out: [[StyledGrapheme]] = []
        for g in text {
            if let last = out.last?.last, last.isSpace == g.isSpace {
                out[out.count - 1].append(g)
            } else {
                out.append([g])
            }
        }
        return out
    }
}
