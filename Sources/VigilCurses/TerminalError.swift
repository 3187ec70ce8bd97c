/// Why the ncurses backend could not start.
public enum TerminalError: Error, Equatable, CustomStringConvertible {
    /// stdin/stdout is not a tty, or TERM is unset or `dumb`: ncurses would spew escape codes
    /// (or spaces) forever and never see a key, so we refuse instead.
    case notATerminal(String)
    /// `newterm` returned NULL (usually no terminfo entry for TERM).
    case cannotOpen(String)

    public var description: String {
        switch self {
        case .notATerminal(let why): return why
        case .cannotOpen(let why): return why
        }
    }
}

/// Whether the backend uses colour at all.
public enum ColorMode: Sendable, Hashable {
    /// Colours when the terminal has them.
    case auto
    /// Never call `start_color` (NO_COLOR, monochrome): only bold/dim/reverse… remain.
    case none
}
