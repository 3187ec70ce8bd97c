import VigilTerminal

/// Renders a buffer as text with ANSI SGR escapes (for `--once --color always`).
public enum AnsiText {
    public static func lines(_ buffer: Buffer) -> [String] {
        var out: [String] = []
        for y in 0..<buffer.area.height {
            var line = ""
            var current: Style? = nil
            for x in 0..<buffer.area.width {
                let cell = buffer[buffer.area.x + x, buffer.area.y + y]
                if cell.isContinuation { continue }
                if cell.style != current {
                    line += sgr(cell.style)
                    current = cell.style
                }
                line += cell.symbol
            }
            out.append(line + "\u{1B}[0m")
        }
        return out
    }

    static func sgr(_ s: Style) -> String {
        var codes = ["0"]
        if s.modifiers.contains(.bold) { codes.append("1") }
        if s.modifiers.contains(.dim) { codes.append("2") }
        if s.modifiers.contains(.italic) { codes.append("3") }
        if s.modifiers.contains(.underline) { codes.append("4") }
        if s.modifiers.contains(.reverse) { codes.append("7") }
        if let fg = s.fg, case let i = fg.xterm256, i >= 0 { codes.append("38;5;\(i)") }
        if let bg = s.bg, case let i = bg.xterm256, i >= 0 { codes.append("48;5;\(i)") }
        return "\u{1B}[" + codes.joined(separator: ";") + "m"
    }
}
