/// A named set of styles, one per `ThemeSlot`.
///
/// Load one with `ThemeLoader`, or use `Theme.fallback` (dark, built in) and `Theme.mono`
/// (attributes only, for `NO_COLOR` and `--no-color`).
///
/// ```swift
/// let (theme, warning) = ThemeLoader(searchPaths: paths).load("light")
/// Block(title: "CPU", borderStyle: theme[.border], titleStyle: theme[.title])
/// ```
public struct Theme: Sendable, Hashable {
    /// What the theme is loaded as: the file's stem, or a built-in's name.
    public let name: String
    /// The file's `name = "…"`, or `name` when it has none: for menus.
    public let displayName: String
    private let styles: [ThemeSlot: Style]

    /// A theme from explicit styles; slots left out are plain.
    public init(name: String, displayName: String? = nil, styles: [ThemeSlot: Style]) {
        self.name = name; self.displayName = displayName ?? name; self.styles = styles
    }

    public subscript(_ slot: ThemeSlot) -> Style { styles[slot] ?? .plain }

    /// This theme with other names (the styles unchanged).
    func renamed(_ name: String, displayName: String?) -> Theme {
        Theme(name: name, displayName: displayName, styles: styles)
    }

    /// Every slot's style, for building a derived theme.
    var allStyles: [ThemeSlot: Style] {
        Dictionary(uniqueKeysWithValues: ThemeSlot.allCases.map { ($0, self[$0]) })
    }
}
