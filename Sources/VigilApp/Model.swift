import Foundation
import VigilCore
import VigilEngine
import VigilTerminal

/// The panels of the overview, in focus order.
public enum PanelID: Int, CaseIterable, Hashable, Sendable {
    case operators, alerts, apiErrors, down, cpu, anomaly

    public var title: String {
        switch self {
        case .operators: return "Degraded operators"
        case .alerts: return "Firing alerts"
        case .apiErrors: return "API errors by code"
        case .down: return "Down nodes & targets"
        case .cpu: return "CPU"
        case .anomaly: return "Anomaly score"
        }
    }

    /// The id profiles use for the panel.
    public var key: String {
        switch self {
        case .operators: return "operators"
        case .alerts: return "alerts"
        case .apiErrors: return "apiErrors"
        case .down: return "down"
        case .cpu: return "cpu"
        case .anomaly: return "anomaly"
        }
    }

    /// Panels whose rows can be selected and filtered.
    public var isTable: Bool { self != .cpu && self != .anomaly }
}

/// Something drawn over the screen.
public enum Overlay: Hashable, Sendable {
    case help
    /// A detail view of one item of a panel, identified by its key (stable while data moves).
    case detail(PanelID, itemKey: String)
}

/// Where the data comes from, as the header states it.
public enum SourceMode: Hashable, Sendable {
    case replay(name: String)
    case live(name: String)
}

/// Settings fixed for a run.
public struct AppConfig: Sendable {
    public var theme: Theme
    public var glyphs: Glyphs
    public var mode: SourceMode
    public var clusterName: String?
    /// TLS verification is off for a live source: the header says so for as long as it runs.
    public var insecureTLS: Bool
    /// `--read-only`: verdict keys are off.
    public var readOnly: Bool
    public init(theme: Theme = .fallback, glyphs: Glyphs = .unicode, mode: SourceMode = .replay(name: "sample-data"),
                clusterName: String? = nil, insecureTLS: Bool = false, readOnly: Bool = false) {
        self.theme = theme; self.glyphs = glyphs; self.mode = mode; self.clusterName = clusterName
        self.insecureTLS = insecureTLS; self.readOnly = readOnly
    }
}

/// The whole state of the app; `update` is the only place that changes it.
public struct Model: Sendable {
    public var config: AppConfig
    /// The detection engine: data, detectors, anomalies raised, verdicts in force.
    public var engine: Engine
    /// True when the engine runs off the UI thread (`EngineHost`) and `engine` is its latest
    /// snapshot: `update` then leaves ingestion and learning to the host.
    public var engineHosted = false
    /// The engine's view of the cluster (latest data, history, alerts, detectors).
    public var state: ClusterState { engine.cluster }
    /// The Logs screen: recent scored lines, template counts, its own selection and filter.
    public var logs = LogsState()
    /// The Anomalies screen's selection, marks, filter and undo (the anomalies are the engine's).
    public var triage = TriageState()
    public var overview = OverviewData()
    public var size: (width: Int, height: Int) = (80, 24)
    public var screen: Screen = .overview
    /// Selection, offset, filter and order of the list screens that need nothing more (Alerts).
    public var lists: [Screen: ListState] = [:]
    public var focus: PanelID = .operators
    /// Selection, offset and filter (applied, and being typed after `/`) of each overview panel.
    public var panelLists: [PanelID: ListState] = [:]
    public var overlay: Overlay?
    /// The first help line shown, when the help overlay is taller than the screen.
    public var helpOffset = 0
    public var clock: Date?
    public var paused = false
    public var speed: Double = 1
    public var health: [String: SourceHealth] = [:]
    /// The latest report per overview panel (its key), for a panel whose query failed.
    public var panelHealth: [String: SourceHealth] = [:]
    /// The live dashboard profile, when a live source announced one.
    public var profile: ProfileInfo?
    public var message: String?
    public var quitRequested = false
    /// Set when data arrived and `overview` must be derived again before drawing.
    public var needsDerive = false

    public init(config: AppConfig, engine: Engine = Engine()) {
        self.config = config
        self.engine = engine
    }

    public var theme: Theme { config.theme }

    /// The panel's title: the profile's name for it when it renames it.
    public func title(_ panel: PanelID) -> String {
        profile?.panelTitles[panel.key] ?? panel.title
    }

    /// Why a panel has no fresh data, when a live source said so.
    public func staleReason(_ panel: PanelID) -> String? {
        if case .stale(let reason)? = panelHealth[panel.key]?.state { return reason }
        return nil
    }

    /// The server's warnings when the panel's latest answer was partial, nil otherwise.
    public func partialReason(_ panel: PanelID) -> String? {
        if case .partial(let warnings)? = panelHealth[panel.key]?.state { return warnings }
        return nil
    }

    /// False when a live profile leaves the panel out (the anomaly panel is always there).
    public func panelInProfile(_ panel: PanelID) -> Bool {
        guard let p = profile, panel != .anomaly else { return true }
        return p.panels.contains(panel.key)
    }
    public var glyphs: Glyphs { config.glyphs }
}
