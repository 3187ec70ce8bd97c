/// Display width of text in terminal cells, independent of the C locale.
///
/// Labels from Prometheus can hold CJK and emoji, which take two cells; combining marks and
/// zero-width joiners take none. Widgets measure with this so the grid never breaks.
public enum TextWidth {
    /// Cells one grapheme cluster occupies: 0, 1 or 2.
    public static func of(_ ch: Character) -> Int {
        var width = 0
        var first = true
        for scalar in ch.unicodeScalars {
            if first {
                width = of(scalar)
                first = false
            } else if scalar.value == 0xFE0F, width == 1 {
                // Variation selector 16 asks for emoji presentation: two cells.
                width = 2
            }
        }
        return width
    }

    /// Cells a string occupies.
    public static func of(_ s: String) -> Int {
        var total = 0
        for ch in s { total += of(ch) }
        return total
    }

    /// Cells one scalar occupies when it starts a cluster.
    public static func of(_ scalar: Unicode.Scalar) -> Int {
        let v = scalar.value
        if v < 0x20 || (v >= 0x7F && v < 0xA0) { return 0 }
        if v < 0x300 { return 1 }
        // Box drawing, block elements and braille: what every frame is made of, all one cell.
        if (0x2500...0x259F).contains(v) || (0x2800...0x28FF).contains(v) { return 1 }
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format, .control: return 0
        default: break
        }
        if v == 0x200B || (v >= 0x1160 && v <= 0x11FF) { return 0 }
        if isWide(v) { return 2 }
        if scalar.properties.isEmojiPresentation { return 2 }
        return 1
    }

    /// East Asian Wide and Fullwidth ranges (Unicode 15, as glibc's wcwidth).
    static func isWide(_ v: UInt32) -> Bool {
        switch v {
        case 0x1100...0x115F, 0x231A...0x231B, 0x2329...0x232A, 0x23E9...0x23EC, 0x23F0, 0x23F3,
             0x25FD...0x25FE, 0x2614...0x2615, 0x2648...0x2653, 0x267F, 0x2693, 0x26A1, 0x26AA...0x26AB,
             0x26BD...0x26BE, 0x26C4...0x26C5, 0x26CE, 0x26D4, 0x26EA, 0x26F2...0x26F3, 0x26F5, 0x26FA,
             0x26FD, 0x2705, 0x270A...0x270B, 0x2728, 0x274C, 0x274E, 0x2753...0x2755, 0x2757,
             0x2795...0x2797, 0x27B0, 0x27BF, 0x2B1B...0x2B1C, 0x2B50, 0x2B55,
             0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF,
             0xA960...0xA97F, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE10...0xFE19, 0xFE30...0xFE6F,
             0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x16FE0...0x16FE4, 0x17000...0x18CFF, 0x1B000...0x1B2FF,
             0x1F004, 0x1F0CF, 0x1F18E, 0x1F191...0x1F19A, 0x1F200...0x1F202, 0x1F210...0x1F23B,
             0x1F240...0x1F248, 0x1F250...0x1F251, 0x1F260...0x1F265, 0x1F300...0x1F64F,
             0x1F680...0x1F6FF, 0x1F7E0...0x1F7EB, 0x1F90C...0x1F9FF, 0x1FA70...0x1FAFF,
             0x20000...0x2FFFD, 0x30000...0x3FFFD:
            return true
        default:
            return false
        }
    }

    /// `s` as `Buffer.put` draws it: control characters become `?` and lone zero-width marks
    /// go, so what a widget measures is what lands on the grid (log lines and labels can hold tabs).
    public static func displayable(_ s: String) -> String {
        var out = ""
        for ch in s {
            if of(ch) > 0 { out.append(ch); continue }
            if let first = ch.unicodeScalars.first, first.value < 0x20 || first.value == 0x7F { out.append("?") }
        }
        return out
    }

    /// The longest prefix of `s` that fits in `width` cells.
    public static func prefix(_ s: String, fitting width: Int) -> String {
        guard width > 0 else { return "" }
        var used = 0
        var out = ""
        for ch in s {
            let w = of(ch)
            if used + w > width { break }
            used += w
            out.append(ch)
        }
        return out
    }

    /// `s` cut to `width` cells, ending in `ellipsis` when cut.
    public static func truncate(_ s: String, to width: Int, ellipsis: String = "…") -> String {
        guard width > 0 else { return "" }
        if of(s) <= width { return s }
        let ew = of(ellipsis)
        guard width > ew else { return prefix(s, fitting: width) }
        return prefix(s, fitting: width - ew) + ellipsis
    }

    /// `s` padded with spaces (or cut) to exactly `width` cells; `alignRight` pads on the left.
    public static func pad(_ s: String, to width: Int, alignRight: Bool = false) -> String {
        let cut = truncate(s, to: width)
        let gap = max(0, width - of(cut))
        let spaces = String(repeating: " ", count: gap)
        return alignRight ? spaces + cut : cut + spaces
    }
}
