/// Text attributes a terminal can show.
public struct Modifiers: OptionSet, Hashable, Sendable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }
    public static let bold = Modifiers(rawValue: 1 << 0)
    public static let dim = Modifiers(rawValue: 1 << 1)
    public static let italic = Modifiers(rawValue: 1 << 2)
    public static let underline = Modifiers(rawValue: 1 << 3)
    public static let reverse = Modifiers(rawValue: 1 << 4)
}

/// Foreground, background and modifiers of a cell. `nil` colours mean "leave as is" when patching.
public struct Style: Hashable, Sendable {
    public var fg: Color?
    public var bg: Color?
    public var modifiers: Modifiers

    public init(fg: Color? = nil, bg: Color? = nil, modifiers: Modifiers = []) {
        self.fg = fg; self.bg = bg; self.modifiers = modifiers
    }

    public static let plain = Style()

    /// This style with `other` laid on top: other's colours win where set, modifiers add up.
    public func patched(with other: Style) -> Style {
        Style(fg: other.fg ?? fg, bg: other.bg ?? bg, modifiers: modifiers.union(other.modifiers))
    }

    public func bold() -> Style { var s = self; s.modifiers.insert(.bold); return s }
    public func reversed() -> Style { var s = self; s.modifiers.insert(.reverse); return s }
}

extension Style {
    /// This style as an 8-colour terminal can show it. Greys (text, unfocused borders, a dark
    /// selection background) land on ANSI black or white, one of which is the background the
    /// terminal shows, where they vanish. So on 8 colours greys are the terminal's own colours:
    /// a grey foreground becomes the default foreground, and a grey background becomes reverse
    /// video of the defaults, so a selected row stays visible on dark and light terminals alike.
    public func legibleOnEightColors() -> Style {
        func isGrey(_ c: Color?) -> Bool {
            guard let c, c != .default else { return false }
            return c.ansi8 == 0 || c.ansi8 == 7
        }
        var s = self
        if isGrey(bg) {
            s.bg = nil
            s.fg = nil
            s.modifiers.insert(.reverse)
            return s
        }
        if isGrey(fg) || (fg != nil && bg != nil && fg?.ansi8 == bg?.ansi8) { s.fg = nil }
        return s
    }
}
