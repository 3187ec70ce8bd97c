import VigilTerminal

/// The dashboard's screens, by the digit that shows each.
public enum Screen: Int, CaseIterable, Sendable, Hashable {
    case overview = 1, alerts = 2, anomalies = 3, logs = 4, fleet = 5

    public var title: String {
        switch self {
        case .overview: return "overview"
        case .alerts: return "alerts"
        case .anomalies: return "anomalies"
        case .logs: return "logs"
        case .fleet: return "fleet"
        }
    }

    /// The key that shows the screen.
    public var key: Key { .char(Character(String(rawValue))) }
}

/// What a screen is made of: its key table (dispatch, footer and help all come from it), how it
/// draws, and the line being typed on it. A new screen is one file with its `ScreenSpec` plus one
/// entry in `Screens.all`.
struct ScreenSpec: Sendable {
    let screen: Screen
    let keys: KeyMap
    /// Draws the screen's body (the header and footer are shared).
    let render: @Sendable (Model, OverviewLayout, inout Buffer) -> Void
    /// The text being typed (a filter, a note) for the footer, or nil.
    let prompt: @Sendable (Model) -> Prompt?
    /// Keys while something is typed: they edit it; nil when nothing is being typed.
    let edit: @Sendable (Key, inout Model) -> [Effect]?
}

/// A line being typed, as the footer shows it.
struct Prompt: Sendable, Hashable {
    var label: String
    var draft: String
    var hint: String
}

/// The registry of screens: a value, not a global that code mutates.
enum Screens {
    static let all: [Screen: ScreenSpec] = [
        .overview: OverviewScreen.spec,
        .alerts: AlertsScreen.spec,
        .anomalies: AnomaliesScreen.spec,
        .logs: LogsScreen.spec,
        .fleet: FleetScreen.spec,
    ]

    static func spec(_ screen: Screen) -> ScreenSpec {
        all[screen] ?? OverviewScreen.spec
    }
}

/// The `/` filter of a list screen (Alerts, Fleet): the footer's prompt while it is typed, and the
/// keys that edit it; the list is filtered as the text changes, Esc clears it.
enum ListFilter {
    static func prompt(_ screen: Screen, label: String, hint: String) -> @Sendable (Model) -> Prompt? {
        { model in model.list(screen).filterDraft.map { Prompt(label: label, draft: $0, hint: hint) } }
    }

    static func edit(_ screen: Screen, clamp: @escaping @Sendable (inout Model) -> Void) -> @Sendable (Key, inout Model) -> [Effect]? {
        { key, model in
            guard var draft = model.list(screen).filterDraft else { return nil }
            switch LineEdit.apply(key, to: &draft) {
            case .submitted: model.lists[screen, default: ListState()].filterDraft = nil
            case .cancelled:
                model.lists[screen, default: ListState()].filterDraft = nil
                model.lists[screen, default: ListState()].filter = nil
            case .edited, .ignored: model.lists[screen, default: ListState()].filterDraft = draft
            }
            if let d = model.list(screen).filterDraft { model.lists[screen, default: ListState()].filter = d.isEmpty ? nil : d }
            clamp(&model)
            return []
        }
    }
}
