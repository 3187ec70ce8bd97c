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
