import Foundation
import VigilCore
import VigilEngine
import VigilTerminal

/// The one place the model changes. Returns what the runtime must do besides redrawing.
public func update(_ model: inout Model, _ msg: Msg) -> [Effect] {
    switch msg {
    case .source(let m):
        apply(m, to: &model)
        return []
    case .resize(let w, let h):
        model.size = (w, h)
        clampSelections(&model)
        return []
    case .playback(let paused, let speed):
        model.paused = paused
        model.speed = speed
        return []
    case .tick(let now):
        model.wallClock = now
        return []
    case .quit:
        model.quitRequested = true
        return [.quit]
    case .key(let key):
        return handleKey(key, model: &model)
    case .verdictsLoaded(let verdicts):
        // In force for the list, and taught to every detector kind (by the host, when there is one).
        if model.engineHosted { for v in verdicts { model.engine.anomalies.load(v) } } else { model.engine.load(verdicts) }
        TriageKeys.clamp(&model, now: model.clock ?? Date(timeIntervalSince1970: 0))
        return []
    case .verdictsSaved(let saved):
        // The one given: a verdict and the note added to it later can share a time (a paused replay).
        func same(_ a: Verdict, _ b: Verdict) -> Bool {
            a.fingerprint == b.fingerprint && a.at == b.at && a.status == b.status && a.note == b.note
        }
        for v in saved {
            if let current = model.engine.anomalies.verdicts[v.fingerprint], current.id == nil, same(current, v) {
                model.engine.anomalies.verdicts[v.fingerprint] = v
            }
        }
        // Undo must retract the stored verdicts: give the undo entries their ids.
        for i in model.triage.undo.indices {
            model.triage.undo[i] = model.triage.undo[i].map { entry in
                guard entry.new.id == nil, let match = saved.first(where: { same($0, entry.new) }) else { return entry }
                return (match, entry.previous)
            }
        }
        // The store has them: now, and only now, the detectors learn (the host's, when there is one).
        if !model.engineHosted { model.engine.learn(saved) }
        return []
    case .verdictsRetracted(let verdicts, let restored):
        if !model.engineHosted { model.engine.unlearn(verdicts, restored: restored) }
        return []
    case .engineSnapshot(let engine):
        let back = engine.cluster.latestTime.map { t in model.engine.cluster.latestTime.map { t < $0 } ?? false } ?? false
        model.engine = engine
        if back { model.triage.listReset() }
        model.needsDerive = true
        return []
    case .verdictsFailed(let failed, let reason):
        for v in failed where model.engine.anomalies.verdicts[v.fingerprint]?.id == nil { model.engine.anomalies.verdicts[v.fingerprint] = nil }
        model.message = "Verdict NOT saved: \(reason)"
        return []
    }
}

/// Derives the panels' rows from the state if data arrived since the last derive.
public func refreshDerived(_ model: inout Model) {
    guard model.needsDerive else { return }
    model.overview = OverviewDerivation.derive(model.state)
    TriageKeys.clamp(&model, now: model.clock ?? Date(timeIntervalSince1970: 0))
    FleetScreen.clamp(&model)
    if let name = model.config.clusterName { model.overview.header.clusterName = name }
    model.needsDerive = false
    clampSelections(&model)
}

func apply(_ m: SourceMessage, to model: inout Model) {
    // With an engine host the engine ingests on its own queue and the model gets its snapshots;
    // without one (tests, --once, the lab) it ingests here.
    var scored: [ScoredLogLine]?
    if !model.engineHosted {
        let done = model.engine.ingest(m)
        if done.restarted { model.triage.listReset() }
        scored = done.scored
    }
    switch m {
    case .metrics, .alerts:
        model.needsDerive = true
    case .logs(let records):
        // The engine scored them; with a host they come back as `.scoredLogs`, so a raw batch
        // here is shown as it is.
        model.logs.ingest(scored ?? records.map { ScoredLogLine(record: $0, template: $0.line, score: 0, flagged: false) })
    case .scoredLogs(let lines):
        model.logs.ingest(lines)
    case .clock(let t):
        model.logs.clockMoved(to: t)
        model.clock = t
        model.needsDerive = true
    case .health(let h):
        if let panel = h.panel { model.panelHealth[panel] = h } else { model.health[h.source] = h }
        if case .finished = h.state { model.message = h.source == "replay" ? "replay: end of recording" : "\(h.source): end of input" }
    case .profile(let info):
        model.profile = info
    case .remoteAnomalies, .fleet:
        model.needsDerive = true
    }
}

func clampSelections(_ model: inout Model) {
    guard let layout = OverviewLayout.compute(width: model.size.width, height: model.size.height) else { return }
    for panel in PanelID.allCases where panel.isTable {
        let count = PanelRows.rows(panel, model: model).count
        model.panelLists[panel, default: ListState()].clamp(count: count, visibleRows: layout.visibleRows(panel))
    }
}

/// A key: to the line being typed if any, else the overlay, else the screen's key table.
func handleKey(_ key: Key, model: inout Model) -> [Effect] {
    let spec = Screens.spec(model.screen)
    // Typing captures every key until Enter or Esc.
    if let effects = spec.edit(key, &model) { return effects }

    if case .help = model.overlay {
        // The overlay scrolls when the screen is shorter than the help (50×12 shows 6 lines).
        let count = spec.keys.help(model).count
        let page = max(1, HelpView.visibleLines(height: model.size.height))
        switch key {
        case .escape, .char("?"), .char("q"), .enter: model.overlay = nil; model.helpOffset = 0
        case .down, .char("j"): model.helpOffset += 1
        case .up, .char("k"): model.helpOffset -= 1
        case .pageDown, .char(" "): model.helpOffset += page
        case .pageUp: model.helpOffset -= page
        case .home, .char("g"): model.helpOffset = 0
        case .end, .char("G"): model.helpOffset = count
        default: break
        }
        model.helpOffset = max(0, min(model.helpOffset, count - page))
        return []
    }
    if case .detail = model.overlay {
        switch key {
        case .escape, .enter, .backspace, .char("q"): model.overlay = nil; return []
        default: break // moving the selection below updates the detail shown
        }
    }
    return spec.keys.dispatch(key, model: &model) ?? []
}

func pageSize(_ model: Model) -> Int {
    max(1, OverviewLayout.compute(width: model.size.width, height: model.size.height)?.visibleRows(model.focus) ?? 10)
}

func moveSelection(_ model: inout Model, by delta: Int) {
    let panel = model.focus
    guard panel.isTable else { return }
    let count = PanelRows.rows(panel, model: model).count
    guard count > 0 else { return }
    model.panelLists[panel, default: ListState()].selection = ListState.moved(model.panelLists[panel]?.selection ?? 0, by: delta, count: count)
    clampSelections(&model)
    if case .detail(let p, _) = model.overlay, p == panel { openDetail(&model) }
}

func openDetail(_ model: inout Model) {
    let panel = model.focus
    if panel.isTable {
        let rows = PanelRows.rows(panel, model: model)
        guard let sel = model.panelLists[panel]?.selection, sel < rows.count else {
            model.message = "Nothing selected in \(model.title(panel))"
            return
        }
        model.overlay = .detail(panel, itemKey: rows[sel].key)
    } else {
        model.overlay = .detail(panel, itemKey: model.title(panel))
    }
}
