import VigilTerminal

/// One key binding: the keys, what the help overlay and the footer say of it, and what it does.
/// A screen's table of these drives its dispatch, its footer and its help, so a key cannot be bound
/// and not documented, or documented and not bound.
struct KeyBinding: Sendable {
    let keys: [Key]
    /// How help writes the keys ("j k  ↑ ↓").
    let label: String
    /// What help says the keys do.
    let help: String
    /// The footer's hint (its key and word), or nil when the footer leaves the binding out.
    let hint: (@Sendable (Model) -> (key: String, what: String))?
    /// A verdict key: off with `--read-only` (it then says so and does nothing).
    let writes: Bool
    /// What help says when it depends on the model (live mode's `+`/`-` steer the refresh).
    var helpFor: (@Sendable (Model) -> String)?
    let run: @Sendable (Key, inout Model) -> [Effect]

    init(_ keys: [Key], _ label: String, _ help: String, hint: (@Sendable (Model) -> (key: String, what: String))? = nil,
         writes: Bool = false, run: @escaping @Sendable (Key, inout Model) -> [Effect]) {
        self.keys = keys; self.label = label; self.help = help; self.hint = hint; self.writes = writes; self.run = run
    }

    /// A binding whose footer hint never changes.
    init(_ keys: [Key], _ label: String, _ help: String, hint fixed: (String, String), writes: Bool = false,
         run: @escaping @Sendable (Key, inout Model) -> [Effect]) {
        self.init(keys, label, help, hint: { _ in fixed }, writes: writes, run: run)
    }
}

/// A screen's keys in the order help lists them (the footer keeps that order).
struct KeyMap: Sendable {
    let bindings: [KeyBinding]
    /// Whether a key handled here clears the footer's message first.
    var clearsMessage = true

    static let readOnlyMessage = "Read-only (--read-only): verdicts are off"

    func binding(for key: Key) -> KeyBinding? { bindings.first { $0.keys.contains(key) } }

    /// Runs the key's binding; nil when no binding has the key.
    func dispatch(_ key: Key, model: inout Model) -> [Effect]? {
        guard let b = binding(for: key) else { return nil }
        if b.writes && model.config.readOnly {
            model.message = Self.readOnlyMessage
            return []
        }
        if clearsMessage { model.message = nil }
        return b.run(key, &model)
    }

    /// The footer's hints: each binding's that has one (verdict keys left out when read-only).
    func hints(_ model: Model) -> [(key: String, what: String)] {
        let readOnly = model.config.readOnly
        var out = bindings.filter { !(readOnly && $0.writes) }.compactMap { $0.hint?(model) }
        if readOnly && bindings.contains(where: \.writes) { out.append(("read-only", "verdicts off")) }
        return out
    }

    /// The help overlay's lines. With `--read-only` the verdict keys are one line that says so.
    func help(_ model: Model) -> [(keys: String, what: String)] {
        var out: [(keys: String, what: String)] = []
        var offShown = false
        for b in bindings {
            if b.writes && model.config.readOnly {
                guard !offShown else { continue }
                offShown = true
                let keys = bindings.filter(\.writes).compactMap { b -> String? in
                    if case .char(let c)? = b.keys.first { return String(c) }
                    return b.label
                }
                out.append((keys.joined(separator: " "), "off: started with --read-only"))
            } else {
                out.append((b.label, b.helpFor?(model) ?? b.help))
            }
        }
        return out
    }
}

/// Keys every screen has: quit and help first, the clock and the screens last.
enum GlobalKeys {
    static let quit = KeyBinding([.char("q")], "q", "quit (also Ctrl-C)", hint: ("q", "quit")) { _, m in
        m.quitRequested = true
        return [.quit]
    }

    static let help = KeyBinding([.char("?"), .function(1)], "?  F1", "this help; Esc or ? closes it", hint: ("?", "help")) { _, m in
        m.overlay = .help
        return []
    }

    static func pause(hint: Bool) -> KeyBinding {
        let shown: (@Sendable (Model) -> (key: String, what: String))?
        if hint { shown = { m in (key: "space", what: m.paused ? "resume" : "pause") } } else { shown = nil }
        return KeyBinding([.char(" ")], "space", "pause / resume the clock", hint: shown) { _, m in [.setPaused(!m.paused)] }
    }

    static func speed(hint: Bool) -> KeyBinding {
        let shown: (@Sendable (Model) -> (key: String, what: String))?
        if hint {
            shown = { m in
                if case .live = m.config.mode { return (key: "+/-", what: "refresh") }
                return (key: "+/-", what: "speed")
            }
        } else { shown = nil }
        var binding = KeyBinding([.char("+"), .char("="), .char("-"), .char("_")], "+  -", "replay speed ×2 / ÷2", hint: shown) { key, m in
            key == .char("+") || key == .char("=") ? [.setSpeed(m.speed * 2)] : [.setSpeed(m.speed / 2)]
        }
        binding.helpFor = { m in
            if case .live = m.config.mode { return "refresh twice / half as often (not below 1 s; 30 s remote)" }
            return "replay speed ×2 / ÷2"
        }
        return binding
    }

    static let redraw = KeyBinding([.ctrl("l")], "Ctrl-L", "redraw the screen") { _, _ in [.redrawAll] }

    static let screens = KeyBinding(Screen.allCases.map(\.key), Screen.allCases.map { String($0.rawValue) }.joined(separator: " "),
                                    Screen.allCases.map(\.title).joined(separator: ", ")) { key, m in
        if let screen = Screen.allCases.first(where: { $0.key == key }), screen != m.screen {
            m.screen = screen
            // An overview panel's detail belongs to the overview.
            m.overlay = nil
        }
        return []
    }

    static let head = [quit, help]

    static func tail(pauseHint: Bool, speedHint: Bool) -> [KeyBinding] {
        [pause(hint: pauseHint), speed(hint: speedHint), redraw, screens]
    }
}

/// The one line editor of every prompt (filters, notes): what a key did to the text.
enum LineEdit: Equatable {
    case edited, submitted, cancelled, ignored

    /// Applies `key` to `text`: a character is typed (up to `limit` characters), Backspace and
    /// Delete remove the last one, Enter submits, Esc cancels; other keys are ignored.
    static func apply(_ key: Key, to text: inout String, limit: Int = 1_000) -> LineEdit {
        switch key {
        case .enter: return .submitted
        case .escape: return .cancelled
        case .backspace, .delete:
            text = String(text.dropLast())
            return .edited
        case .char(let c):
            guard text.count < limit else { return .ignored }
            text.append(c)
            return .edited
        default:
            return .ignored
        }
    }
}

/// The one table state: selection, scroll offset and filter of a list. Moving and clamping are
/// defined here once for every list.
public struct ListState: Sendable, Hashable {
    public var selection: Int?
    public var offset = 0
    public var filter: String?
    public var filterDraft: String?
    /// Which of the list's orders is shown (each list names its own).
    public var order = 0

    public init() {}

    /// `current` moved by `delta` among `count` rows, clamped to the ends (a huge delta reaches one).
    static func moved(_ current: Int, by delta: Int, count: Int) -> Int {
        guard count > 0 else { return 0 }
        return delta > 0 ? (current > count - 1 - delta ? count - 1 : current + delta)
                         : (current < -delta ? 0 : current + delta)
    }

    /// Keeps the selection inside `count` rows (the first when there was none) and the offset
    /// such that it is visible in `visibleRows`.
    mutating func clamp(count: Int, visibleRows: Int) {
        let sel = selection.map { min(max(0, $0), max(0, count - 1)) }
        selection = count == 0 ? nil : (sel ?? 0)
        offset = Table.scrollOffset(selected: selection, previousOffset: offset, visibleRows: visibleRows, rowCount: count)
    }

    /// Moves the selection by `delta` among `count` rows.
    mutating func move(by delta: Int, count: Int, visibleRows: Int) {
        guard count > 0 else { selection = nil; return }
        selection = Self.moved(selection ?? 0, by: delta, count: count)
        clamp(count: count, visibleRows: visibleRows)
    }
}
