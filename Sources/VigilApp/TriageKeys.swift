import Foundation
import VigilCore
import VigilEngine
import VigilTerminal

/// Keys of the Anomalies screen: verdicts (c f s u), notes (a), marks (v), moving (j k n p),
/// sort (o), suppressed ones (h) and the filter (/), as one table (`keys`).
enum TriageKeys {
    /// Snooze lengths offered after `s`, by the digit that picks them.
    static let snoozeChoices: [(key: Character, seconds: Double, label: String)] = [
        ("1", 900, "15 min"), ("2", 3_600, "1 h"), ("3", 4 * 3_600, "4 h"), ("4", 24 * 3_600, "24 h"),
    ]

    /// The longest note kept, in characters.
    static let noteLimit = 500

    /// The line being typed (a filter or a note) or the snooze prompt: keys go there first.
    static func edit(_ key: Key, model: inout Model) -> [Effect]? {
        let now = model.clock ?? Date(timeIntervalSince1970: 0)
        if var draft = model.triage.noteDraft {
            switch LineEdit.apply(key, to: &draft, limit: noteLimit) {
            case .submitted: return saveNote(draft, model: &model, now: now)
            case .cancelled:
                model.triage.noteDraft = nil; model.triage.noteTargets = []
                model.message = "Note cancelled"
            case .edited, .ignored: model.triage.noteDraft = draft
            }
            return []
        }
        if var draft = model.triage.list.filterDraft {
            switch LineEdit.apply(key, to: &draft) {
            case .submitted: model.triage.list.filterDraft = nil
            case .cancelled: model.triage.list.filterDraft = nil; model.triage.list.filter = nil
            case .edited, .ignored: model.triage.list.filterDraft = draft
            }
            if let d = model.triage.list.filterDraft { model.triage.list.filter = d.isEmpty ? nil : d }
            clamp(&model, now: now)
            return []
        }
        if model.triage.snoozePrompt { return snoozeChoice(key, model: &model, now: now) }
        return nil
    }

    /// The key after `s`: a snooze length (the targets: the marked or selected anomalies, or
    /// `items`), anything else cancels.
    static func snoozeChoice(_ key: Key, model: inout Model, now: Date, items: [TriageItem]? = nil) -> [Effect] {
        model.triage.snoozePrompt = false
        if case .char(let c) = key, let choice = snoozeChoices.first(where: { $0.key == c }) {
            return verdict(.snoozed, until: now.addingTimeInterval(choice.seconds), label: "snoozed for \(choice.label)",
                           model: &model, now: now, items: items)
        }
        model.message = "Snooze cancelled"
        return []
    }

    /// The footer's prompt while a filter or a note is typed.
    static func prompt(_ model: Model) -> Prompt? {
        if let draft = model.triage.list.filterDraft {
            return Prompt(label: "filter anomalies", draft: draft, hint: "Enter apply  Esc cancel  (subject, log, metric, status)")
        }
        if let draft = model.triage.noteDraft {
            let targets = model.triage.noteTargets
            let whose = targets.count == 1 ? Format.shorten(model.engine.anomalies.verdicts[targets[0]]?.subject ?? "", to: 32)
                                           : "\(targets.count) verdicts"
            return Prompt(label: "note on \(whose)", draft: draft, hint: "Enter save (empty removes)  Esc cancel")
        }
        return nil
    }

    private static func now(_ model: Model) -> Date { model.clock ?? Date(timeIntervalSince1970: 0) }

    /// The Anomalies screen's keys: dispatch, footer and help.
    static let keys = KeyMap(bindings: GlobalKeys.head + [
        KeyBinding([.char("n"), .char("p"), .char("j"), .char("k"), .down, .up], "n p  j k  ↑ ↓", "next / previous anomaly",
                   hint: ("n/p", "next/prev")) { key, m in
            move(&m, by: [.char("n"), .char("j"), .down].contains(key) ? 1 : -1, now: now(m))
            return []
        },
        KeyBinding([.pageDown, .ctrl("f"), .pageUp, .ctrl("b"), .home, .char("g"), .end, .char("G")],
                   "PgUp PgDn  g G", "page, first, last") { key, m in
            move(&m, by: OverviewScreen.pageStep(key, page: AnomaliesScreen.listRows(m)), now: now(m))
            return []
        },
        KeyBinding([.char("c")], "c", "correct: a real anomaly (similar ones rank higher)", hint: ("c", "correct"), writes: true) { _, m in
            verdict(.correct, until: nil, label: "marked correct", model: &m, now: now(m))
        },
        KeyBinding([.char("f")], "f", "false positive: never raised again", hint: ("f", "false"), writes: true) { _, m in
            verdict(.falsePositive, until: nil, label: "marked false positive", model: &m, now: now(m))
        },
        KeyBinding([.char("s")], "s  then 1-4", "snooze the subject 15 min / 1 h / 4 h / 24 h", hint: ("s", "snooze"), writes: true) { _, m in
            guard !targets(m, now: now(m)).isEmpty else { m.message = "Nothing selected to snooze"; return [] }
            m.triage.snoozePrompt = true
            m.message = "Snooze for: " + snoozeChoices.map { "\($0.key) \($0.label)" }.joined(separator: " · ") + " (Esc cancels)"
            return []
        },
        KeyBinding([.char("u")], "u", "undo the last verdict (or note)", hint: ("u", "undo"), writes: true) { _, m in undo(&m) },
        KeyBinding([.char("a")], "a", "add a note to the verdict; stored with it", hint: ("a", "note"), writes: true) { _, m in
            startNote(&m, now: now(m))
            return []
        },
        KeyBinding([.char("v")], "v", "mark several; c or f gives them one verdict", hint: ("v", "mark"), writes: true) { _, m in
            let list = m.visibleAnomalies(now: now(m))
            guard let sel = m.triage.list.selection, sel < list.count else { return [] }
            let id = list[sel].id
            if m.triage.marked.contains(id) { m.triage.marked.remove(id) } else { m.triage.marked.insert(id) }
            m.message = "\(m.triage.marked.count) marked; c or f gives them one verdict"
            move(&m, by: 1, now: now(m))
            return []
        },
        KeyBinding([.char("o")], "o", "sort by time / by score", hint: ("o", "sort")) { _, m in
            m.triage.sortByScore.toggle()
            m.message = "Sorted by " + (m.triage.sortByScore ? "score" : "time")
            return []
        },
        KeyBinding([.char("h")], "h", "show those marked false or snoozed", hint: ("h", "hidden")) { _, m in
            m.triage.showSuppressed.toggle()
            m.message = m.triage.showSuppressed ? "Showing anomalies marked false or snoozed" : "Hiding anomalies marked false or snoozed"
            clamp(&m, now: now(m))
            return []
        },
        KeyBinding([.char("/")], "/", "filter by subject, kind or status", hint: ("/", "filter")) { _, m in
            m.message = nil
            m.triage.list.filterDraft = m.triage.list.filter ?? ""
            return []
        },
        KeyBinding([.escape], "Esc", "clear the marks, then the filter") { _, m in
            if !m.triage.marked.isEmpty { m.triage.marked = []; m.message = "Marks cleared" }
            else if m.triage.list.filter != nil { m.triage.list.filter = nil; clamp(&m, now: now(m)) }
            return []
        },
    ] + GlobalKeys.tail(pauseHint: false, speedHint: false), clearsMessage: false)

    static func writable(_ model: inout Model) -> Bool {
        if model.config.readOnly { model.message = KeyMap.readOnlyMessage; return false }
        return true
    }

    /// The marked items, or else the selected one.
    static func targets(_ model: Model, now: Date) -> [TriageItem] {
        let list = model.visibleAnomalies(now: now)
        if !model.triage.marked.isEmpty {
            return model.engine.anomalies.items.values.filter { model.triage.marked.contains($0.id) }.sorted { $0.time < $1.time }
        }
        guard let sel = model.triage.list.selection, sel < list.count else { return [] }
        return [list[sel]]
    }

    /// Gives the targets (the marked or selected anomalies, or `items`) a verdict at once in the model and asks the runtime to store it.
    static func verdict(_ status: TriageStatus, until: Date?, label: String, model: inout Model, now: Date,
                        items: [TriageItem]? = nil) -> [Effect] {
        guard writable(&model) else { return [] }
        let items = items ?? targets(model, now: now)
        guard !items.isEmpty else { model.message = "Nothing selected"; return [] }
        var action: [(new: Verdict, previous: Verdict?)] = []
        var seen: Set<Fingerprint> = []
        for item in items where seen.insert(item.fingerprint).inserted {
            let v = Verdict(anomalyID: item.id, fingerprint: item.fingerprint, kind: item.kind, subject: item.subject,
                                  value: status.verdictValue, at: now, until: until, score: item.score, detail: item.detail,
                                  startedAt: item.time)
            action.append((v, model.engine.anomalies.verdicts[item.fingerprint]))
            // In force for the list at once; the detectors learn it when the store confirms it.
            model.engine.anomalies.verdicts[item.fingerprint] = v
        }
        clamp(&model, now: now)
        return done(action, label: label + " · u undoes · a adds a note", model: &model)
    }

    /// An action given (verdicts or a note): kept for `u`, marks cleared, confirmed in one line,
    /// and handed to the runtime to store.
    static func done(_ action: [(new: Verdict, previous: Verdict?)], label: String, model: inout Model) -> [Effect] {
        model.triage.undo.append(action)
        if model.triage.undo.count > 50 { model.triage.undo.removeFirst() }
        model.triage.marked = []
        let what = action.count == 1 ? Format.shorten(action[0].new.subject, to: 48) : "\(action.count) subjects"
        model.message = "\(what): \(label)"
        return [.saveVerdicts(action.map(\.new))]
    }

    /// `a`: a note on a verdict (a note belongs to a verdict): on those of the marked or selected
    /// anomalies, or, when they have none, on the last verdict given (a verdict of false hides its
    /// anomaly, so right after `f` the selection has moved on).
    static func startNote(_ model: inout Model, now: Date) {
        guard writable(&model) else { return }
        var seen: Set<Fingerprint> = []
        var fingerprints = targets(model, now: now).map(\.fingerprint)
            .filter { model.engine.anomalies.verdicts[$0] != nil && seen.insert($0).inserted }
        if fingerprints.isEmpty, let last = model.triage.undo.last {
            fingerprints = last.map(\.new.fingerprint).filter { model.engine.anomalies.verdicts[$0] != nil && seen.insert($0).inserted }
        }
        guard !fingerprints.isEmpty else { model.message = "No verdict to annotate: c, f or s first, then a adds a note"; return }
        model.message = nil
        model.triage.noteTargets = fingerprints
        model.triage.noteDraft = fingerprints.count == 1 ? model.engine.anomalies.verdicts[fingerprints[0]]?.note ?? "" : ""
    }

    /// Enter on the note prompt: each target's verdict again, with the note (stored as a new record,
    /// so `u` brings back the verdict as it was).
    static func saveNote(_ text: String, model: inout Model, now: Date) -> [Effect] {
        let note = text.trimmingCharacters(in: .whitespaces)
        let fingerprints = model.triage.noteTargets
        model.triage.noteDraft = nil; model.triage.noteTargets = []
        var action: [(new: Verdict, previous: Verdict?)] = []
        for fp in fingerprints {
            guard let old = model.engine.anomalies.verdicts[fp], old.note != note else { continue }
            var v = old
            v.note = note; v.at = now; v.id = nil
            action.append((v, old))
            model.engine.anomalies.verdicts[fp] = v
        }
        guard !action.isEmpty else { model.message = "Note unchanged"; return [] }
        return done(action, label: (note.isEmpty ? "note removed" : "note saved") + " · u undoes", model: &model)
    }

    static func undo(_ model: inout Model) -> [Effect] {
        guard writable(&model) else { return [] }
        guard let action = model.triage.undo.popLast() else { model.message = "Nothing to undo"; return [] }
        for (new, previous) in action.reversed() {
            model.engine.anomalies.verdicts[new.fingerprint] = previous
        }
        model.message = "Undone: \(action.count == 1 ? Format.shorten(action[0].new.subject, to: 48) : "\(action.count) verdicts")"
        clamp(&model, now: model.clock ?? Date(timeIntervalSince1970: 0))
        return [.retractVerdicts(action.map(\.new), restored: action.compactMap(\.previous))]
    }

    static func move(_ model: inout Model, by delta: Int, now: Date) {
        model.triage.list.move(by: delta, count: model.visibleAnomalies(now: now).count, visibleRows: AnomaliesScreen.listRows(model))
    }

    static func clamp(_ model: inout Model, now: Date) {
        model.triage.list.clamp(count: model.visibleAnomalies(now: now).count, visibleRows: AnomaliesScreen.listRows(model))
    }
}
