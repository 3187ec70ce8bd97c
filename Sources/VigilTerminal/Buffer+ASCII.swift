extension Buffer {
    /// ASCII stand-ins for the symbols the screens draw, one cell each.
    static let asciiFallback: [String: String] = [
        "…": "~", "·": "|", "×": "x", "÷": "/", "—": "-", "–": "-", "→": ">", "←": "<", "↑": "^", "↓": "v",
        "▶": ">", "▲": "^", "▼": "v", "•": "*", "✓": "v", "✗": "x", "≥": ">", "≤": "<", "°": "o", "µ": "u",
    ]

    /// Every cell in plain ASCII (`--ascii`, or a locale that is not UTF-8): the symbols above by
    /// their stand-ins, any other non-ASCII grapheme (a log line's, a label's) by `?`, a wide one
    /// by `?` and a blank, so the grid stays aligned.
    public mutating func asciify() {
        for i in cells.indices {
            let s = cells[i].symbol
            guard !s.isEmpty, !s.unicodeScalars.allSatisfy(\.isASCII) else {
                if s.isEmpty { cells[i].symbol = " " }   // the second half of a wide grapheme
                continue
            }
            cells[i].symbol = Self.asciiFallback[s] ?? "?"
        }
    }
}
