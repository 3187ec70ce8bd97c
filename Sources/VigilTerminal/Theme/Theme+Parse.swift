extension Theme {
    /// Parses a theme file's text. Unknown slot/key, bad colour or bad syntax -> ThemeError naming file and line number.
    /// Slots a file leaves out inherit from Theme.fallback (mono files: set `inherit = "mono"`).
    ///
    /// Each of fg, bg and attrs inherits on its own: a file that sets only `ok.fg` keeps the
    /// base theme's `ok.attrs`. `attrs` replaces the base's attributes, it does not add to them.
    /// The format is described in `themes/README.md`.
    public static func parse(_ text: String, name: String, file: String) throws(ThemeError) -> Theme {
        var base = Theme.fallback
        var displayName: String?
        var assignments: [(slot: ThemeSlot, field: ThemeField)] = []
        for (index, rawLine) in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() {
            let lineNumber = index + 1
            func fail(_ message: String) -> ThemeError { ThemeError(file: file, line: lineNumber, message: message) }
            let content = stripComment(String(rawLine)).trimmingWhitespace
            if content.isEmpty { continue }
            guard let eq = content.firstIndex(of: "=") else { throw fail("expected key = \"value\", found '\(content)'") }
            let key = String(content[..<eq]).trimmingWhitespace
            let value = try unquote(String(content[content.index(after: eq)...]).trimmingWhitespace, fail: fail)
            switch key {
            case "name":
                displayName = value
            case "inherit":
                switch value {
                case "fallback", "default": base = .fallback
                case "mono": base = .mono
                default: throw fail("unknown inherit '\(value)' (expected \"fallback\" or \"mono\")")
                }
            default:
                let parts = key.split(separator: ".", omittingEmptySubsequences: false)
                guard parts.count == 2 else { throw fail("unknown key '\(key)' (expected name, inherit or <slot>.fg/.bg/.attrs)") }
                guard let slot = ThemeSlot(rawValue: String(parts[0])) else { throw fail("unknown slot '\(parts[0])'") }
                assignments.append((slot, try ThemeField(key: String(parts[1]), value: value, fail: fail)))
            }
        }
        var styles = base.allStyles
        for (slot, field) in assignments { styles[slot] = field.applied(to: styles[slot] ?? .plain) }
        return Theme(name: name, displayName: displayName, styles: styles)
    }

    /// The line up to a `#` that is outside quotes (colours like "#1e2a30" live inside quotes).
    private static func stripComment(_ line: String) -> String {
        var inQuotes = false
        var out = ""
        for ch in line {
            if ch == "\"" { inQuotes.toggle() }
            if ch == "#" && !inQuotes { break }
            out.append(ch)
        }
        return out
    }

    /// `"value"` without its quotes; a bare word is accepted too (`text.fg = 250`).
    private static func unquote(_ raw: String, fail: (String) -> ThemeError) throws(ThemeError) -> String {
        if raw.isEmpty { throw fail("missing value (write key = \"value\"; colours must be quoted, \"#rrggbb\")") }
        if raw.first == "\"" {
            guard raw.count >= 2, raw.last == "\"" else { throw fail("unterminated quote in \(raw)") }
            let inner = String(raw.dropFirst().dropLast())
            if inner.contains("\"") { throw fail("unexpected quote in \(raw)") }
            return inner.trimmingWhitespace
        }
        if raw.contains(where: { $0 == " " || $0 == "\t" || $0 == "\"" }) {
            throw fail("value \(raw) must be quoted")
        }
        return raw
    }
}

/// One `slot.field = value` assignment of a theme file, already checked.
enum ThemeField {
    case fg(Color)
    case bg(Color)
    case attrs(Modifiers)

    init(key: String, value: String, fail: (String) -> ThemeError) throws(ThemeError) {
        switch key {
        case "fg", "bg":
            // Color(parsing:) would read "" as default; an empty colour is more likely a slip.
            guard !value.isEmpty, let color = Color(parsing: value) else {
                throw fail("bad colour '\(value)' (expected \"#rrggbb\", \"#rgb\", 0-255 or \"default\")")
            }
            self = key == "fg" ? .fg(color) : .bg(color)
        case "attrs":
            self = .attrs(try ThemeField.modifiers(value, fail: fail))
        default:
            throw fail("unknown key '.\(key)' (expected fg, bg or attrs)")
        }
    }

    func applied(to style: Style) -> Style {
        var s = style
        switch self {
        case .fg(let c): s.fg = c
        case .bg(let c): s.bg = c
        case .attrs(let m): s.modifiers = m
        }
        return s
    }

    static func modifiers(_ value: String, fail: (String) -> ThemeError) throws(ThemeError) -> Modifiers {
        let names = value.split(separator: ",").map { String($0).trimmingWhitespace.lowercased() }
        if names == ["none"] { return [] }
        guard !names.isEmpty else { throw fail("empty attrs (use \"none\" for no attributes)") }
        var out: Modifiers = []
        for n in names {
            switch n {
            case "bold": out.insert(.bold)
            case "dim": out.insert(.dim)
            case "italic": out.insert(.italic)
            case "underline": out.insert(.underline)
            case "reverse": out.insert(.reverse)
            default: throw fail("unknown attribute '\(n)' (expected bold, dim, italic, underline, reverse or none)")
            }
        }
        return out
    }
}

extension String {
    /// Without leading and trailing spaces, tabs and carriage returns (files edited on Windows).
    var trimmingWhitespace: String {
        let ws: Set<Character> = [" ", "\t", "\r"]
        var s = Substring(self)
        while let f = s.first, ws.contains(f) { s = s.dropFirst() }
        while let l = s.last, ws.contains(l) { s = s.dropLast() }
        return String(s)
    }
}
