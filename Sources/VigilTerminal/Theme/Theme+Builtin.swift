extension Theme {
    /// The built-in dark default, used when no theme file can be read. It mirrors
    /// `themes/default.theme` (a test keeps the two equal).
    public static let fallback = Theme(name: "default", displayName: "Vigil dark", styles: [
        .text: Style(fg: rgb(0xc8ccd0)),
        .muted: Style(fg: rgb(0x6c7680)),
        .accent: Style(fg: rgb(0x4fb3bf)),
        .ok: Style(fg: rgb(0x6cbf72)),
        .warning: Style(fg: rgb(0xe0a84e)),
        .critical: Style(fg: rgb(0xe06060), modifiers: .bold),
        .info: Style(fg: rgb(0x6fa8dc)),
        .selection: Style(fg: rgb(0xe6e9ec), bg: rgb(0x2c3e50)),
        .border: Style(fg: rgb(0x4a545e)),
        .borderFocused: Style(fg: rgb(0x4fb3bf)),
        .title: Style(fg: rgb(0x4fb3bf), modifiers: .bold),
        .header: Style(fg: rgb(0x9aa5b1), modifiers: .bold),
        .background: Style(fg: .default, bg: .default),
        .sparkline: Style(fg: rgb(0x4fb3bf)),
        .anomaly: Style(fg: rgb(0xc678dd), modifiers: .bold),
        .gaugeFilled: Style(fg: rgb(0x4fb3bf)),
        .gaugeEmpty: Style(fg: rgb(0x3a424a)),
    ])

    /// No colours at all: only bold, dim, reverse and underline, for `NO_COLOR` and `--no-color`.
    /// It mirrors `themes/mono.theme`.
    public static let mono = Theme(name: "mono", displayName: "Monochrome", styles: [
        .text: .plain,
        .muted: Style(modifiers: .dim),
        .accent: Style(modifiers: .bold),
        .ok: .plain,
        .warning: Style(modifiers: .bold),
        .critical: Style(modifiers: [.bold, .underline]),
        .info: .plain,
        .selection: Style(modifiers: .reverse),
        .border: Style(modifiers: .dim),
        .borderFocused: Style(modifiers: .bold),
        .title: Style(modifiers: .bold),
        .header: Style(modifiers: [.bold, .underline]),
        .background: .plain,
        .sparkline: .plain,
        .anomaly: Style(modifiers: [.bold, .reverse]),
        .gaugeFilled: .plain,
        .gaugeEmpty: Style(modifiers: .dim),
    ])

    /// The built-in theme a name stands for, if any.
    static func builtin(named name: String) -> Theme? {
        switch name {
        case "default", "fallback": return .fallback
        case "mono": return .mono
        default: return nil
        }
    }

    private static func rgb(_ hex: UInt32) -> Color {
        .rgb(UInt8((hex >> 16) & 0xff), UInt8((hex >> 8) & 0xff), UInt8(hex & 0xff))
    }
}
