/// A key the user pressed, decoded by the backend.
public enum Key: Hashable, Sendable {
    case char(Character)
    case ctrl(Character)      // Ctrl-A … Ctrl-Z, lower-case letter
    case enter, escape, tab, backTab, backspace, delete
    case up, down, left, right, pageUp, pageDown, home, end
    case function(Int)
}

/// What a backend reports to the app loop.
public enum TerminalEvent: Hashable, Sendable {
    case key(Key)
    case resize(width: Int, height: Int)
}

/// A place frames are shown and keys come from: ncurses, or memory in tests.
public protocol TerminalBackend: AnyObject {
    /// Current size in cells.
    var size: (width: Int, height: Int) { get }
    /// Shows `buffer`; implementations send only what changed since the last frame.
    func draw(_ buffer: Buffer)
    /// Forgets the last frame so the next `draw` repaints everything (Ctrl-L).
    func invalidate()
    /// Waits up to `timeoutMs` for one event; nil on timeout.
    func poll(timeoutMs: Int) -> TerminalEvent?
    /// Gives the terminal back as it was found.
    func restore()
}

/// A backend that keeps frames in memory and replays queued events: for tests.
public final class MemoryTerminal: TerminalBackend {
    public var size: (width: Int, height: Int)
    public private(set) var frames: [Buffer] = []
    public private(set) var cellsWritten = 0
    public var pending: [TerminalEvent] = []
    public private(set) var restored = false
    private var last: Buffer?

    public init(width: Int, height: Int) { size = (width, height) }

    public func draw(_ buffer: Buffer) {
        cellsWritten += buffer.diff(from: last).count
        last = buffer
        frames.append(buffer)
    }

    public func invalidate() { last = nil }

    public func poll(timeoutMs: Int) -> TerminalEvent? {
        pending.isEmpty ? nil : pending.removeFirst()
    }

    public func restore() { restored = true }

    public var lastFrame: Buffer? { frames.last }
}
