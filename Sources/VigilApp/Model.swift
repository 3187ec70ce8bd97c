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
    /// Seconds a live source's request may take before it is reported late (its `--timeout`).
    public var sourceTimeout: Double = 10
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
    /// The wall clock (live mode, from `.tick`): the header's clock and what ages are measured
    /// against. The data clock (`clock`) only moves when a source answers.
    public var wallClock: Date?
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

    /// Why a panel has no fresh data: its query failed, or its source is late.
    public func staleReason(_ panel: PanelID) -> String? {
        if case .stale(let reason)? = panelHealth[panel.key]?.state { return reason }
        if let late = lateReason("prometheus") { return late }
        if panel == .alerts, let late = lateReason("alertmanager") { return "alertmanager " + late }
        return nil
    }

    /// The time the header measures ages against: the wall clock live, the data clock in a replay.
    public var now: Date? {
        if case .live = config.mode, let wall = wallClock { return wall }
        return clock
    }

    /// "no answer for 17s (…)" when a live source that answered before has not answered within
    /// its refresh interval plus its request timeout: stale at once, not after the retries.
    public func lateReason(_ source: String) -> String? {
        guard case .live = config.mode, !paused, let now = wallClock, let h = health[source], let last = h.lastSuccess else { return nil }
        switch h.state {
        case .ok, .partial: break
        case .stale, .finished: return nil // a failure already says why
        }
        let interval = speed > 0 ? 1 / speed : 0
        let age = now.timeIntervalSince(last)
        guard age > interval + config.sourceTimeout else { return nil }
        return "no answer for \(Format.duration(age)) (refresh \(Format.duration(interval)), timeout \(Format.duration(config.sourceTimeout)))"
    }

    /// Live sources that are late, each with its reason.
    public var lateSources: [(source: String, reason: String)] {
        ["alertmanager", "prometheus"].compactMap { s in lateReason(s).map { (s, $0) } }
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
