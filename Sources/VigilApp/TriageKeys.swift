import Foundation
import VigilCore
import VigilEngine
import VigilTerminal

/// Keys of the Anomalies screen: verdicts (c f s u), notes (a), marks (v), moving (j k n p),
/// sort (o), suppressed ones (h) and the filter (/).
enum TriageKeys {
    /// Snooze lengths offered after `s`, by the digit that picks them.
    static let snoozeChoices: [(key: Character, seconds: Double, label: String)] = [
        ("1", 900, "15 min"), ("2", 3_600, "1 h"), ("3", 4 * 3_600, "4 h"), ("4", 24 * 3_600, "24 h"),
    ]

    /// The longest note kept, in characters.
    static let noteLimit = 500

    static func handle(_ key: Key, model: inout Model) -> [Effect]? {
        let now = model.clock ?? Date(timeIntervalSince1970: 0)
        if let draft = model.triage.noteDraft {
            switch key {
            case .enter: return saveNote(draft, model: &model, now: now)
            case .escape:
                model.triage.noteDraft = nil; model.triage.noteTargets = []
                model.message = "Note cancelled"
            case .backspace, .delete: model.triage.noteDraft = String(draft.dropLast())
            case .char(let c) where draft.count < noteLimit: model.triage.noteDraft = draft + String(c)
            default: break
            }
            return []
        }
        if let draft = model.triage.filterDraft {
            switch key {
            case .enter: model.triage.filterDraft = nil
            case .escape: model.triage.filterDraft = nil; model.triage.filter = nil
            case .backspace, .delete: model.triage.filterDraft = String(draft.dropLast())
            case .char(let c): model.triage.filterDraft = draft + String(c)
            default: break
            }
            if let d = model.triage.filterDraft { model.triage.filter = d.isEmpty ? nil : d }
            clamp(&model, now: now)
            return []
        }
        if model.triage.snoozePrompt {
            model.triage.snoozePrompt = false
            if case .char(let c) = key, let choice = snoozeChoices.first(where: { $0.key == c }) {
                return verdict(.snoozed, until: now.addingTimeInterval(choice.seconds), label: "snoozed for \(choice.label)",
                               model: &model, now: now)
            }
            model.message = "Snooze cancelled"
            return []
        }
        switch key {
        case .char("j"), .down, .char("n"): move(&model, by: 1, now: now)
        case .char("k"), .up, .char("p"): move(&model, by: -1, now: now)
        case .pageDown, .ctrl("f"): move(&model, by: pageSize(model), now: now)
        case .pageUp, .ctrl("b"): move(&model, by: -pageSize(model), now: now)
        case .home, .char("g"): move(&model, by: Int.min / 2, now: now)
        case .end, .char("G"): move(&model, by: Int.max / 2, now: now)
        case .char("c"): return verdict(.correct, until: nil, label: "marked correct", model: &model, now: now)
        case .char("f"): return verdict(.falsePositive, until: nil, label: "marked false positive", model: &model, now: now)
        case .char("s"):
            guard writable(&model) else { return [] }
            guard !targets(model, now: now).isEmpty else { model.message = "Nothing selected to snooze"; return [] }
            model.triage.snoozePrompt = true
            model.message = "Snooze for: " + snoozeChoices.map { "\($0.key) \($0.label)" }.joined(separator: " · ") + " (Esc cancels)"
        case .char("u"): return undo(&model)
        case .char("a"): startNote(&model, now: now)
        case .char("v"):
            let list = model.visibleAnomalies(now: now)
            guard let sel = model.triage.selection, sel < list.count else { return [] }
            let id = list[sel].id
            if model.triage.marked.contains(id) { model.triage.marked.remove(id) } else { model.triage.marked.insert(id) }
            model.message = "\(model.triage.marked.count) marked; c or f gives them one verdict"
            move(&model, by: 1, now: now)
        case .char("o"):
            model.triage.sortByScore.toggle()
            model.message = "Sorted by " + (model.triage.sortByScore ? "score" : "time")
        case .char("h"):
            model.triage.showSuppressed.toggle()
            model.message = model.triage.showSuppressed ? "Showing anomalies marked false or snoozed" : "Hiding anomalies marked false or snoozed"
            clamp(&model, now: now)
        case .char("/"):
            model.message = nil
            model.triage.filterDraft = model.triage.filter ?? ""
        case .escape:
            if !model.triage.marked.isEmpty { model.triage.marked = []; model.message = "Marks cleared" }
            else if model.triage.filter != nil { model.triage.filter = nil; clamp(&model, now: now) }
            else { return nil }
        default:
            return nil
        }
        return []
    }

    static func writable(_ model: inout Model) -> Bool {
        if model.config.readOnly { model.message = "Read-only (--read-only): verdicts are off"; return false }
        return true
    }

    /// The marked items, or else the selected one.
    static func targets(_ model: Model, now: Date) -> [TriageItem] {
        let list = model.visibleAnomalies(now: now)
        if !model.triage.marked.isEmpty {
            return model.engine.anomalies.items.values.filter { model.triage.marked.contains($0.id) }.sorted { $0.time < $1.time }
        }
        guard let sel = model.triage.selection, sel < list.count else { return [] }
        return [list[sel]]
    }

    /// Gives the targets a verdict at once in the model and asks the runtime to store it.
    static func verdict(_ status: TriageStatus, until: Date?, label: String, model: inout Model, now: Date) -> [Effect] {
        guard writable(&model) else { return [] }
        let items = targets(model, now: now)
        guard !items.isEmpty else { model.message = "Nothing selected"; return [] }
        var action: [(new: TriageVerdict, previous: TriageVerdict?)] = []
        var seen: Set<String> = []
        for item in items where seen.insert(item.fingerprint).inserted {
            let v = TriageVerdict(itemID: item.id, fingerprint: item.fingerprint, kind: item.kind, subject: item.subject,
                                  status: status, at: now, until: until, score: item.score, detail: item.detail,
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
    static func done(_ action: [(new: TriageVerdict, previous: TriageVerdict?)], label: String, model: inout Model) -> [Effect] {
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
        var seen: Set<String> = []
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
        var action: [(new: TriageVerdict, previous: TriageVerdict?)] = []
        for fp in fingerprints {
            guard let old = model.engine.anomalies.verdicts[fp], old.note != note else { continue }
            var v = old
            v.note = note; v.at = now; v.storeID = nil
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

    static func pageSize(_ model: Model) -> Int {
        max(1, AnomaliesScreen.tableRows(height: model.size.height) - 3)
    }

    static func move(_ model: inout Model, by delta: Int, now: Date) {
        let count = model.visibleAnomalies(now: now).count
        guard count > 0 else { model.triage.selection = nil; return }
        let current = model.triage.selection ?? 0
        let next = delta > 0 ? (current > count - 1 - delta ? count - 1 : current + delta)
                             : (current < -delta ? 0 : current + delta)
        model.triage.selection = next
        clamp(&model, now: now)
    }

    static func clamp(_ model: inout Model, now: Date) {
        let count = model.visibleAnomalies(now: now).count
        let sel = model.triage.selection.map { min(max(0, $0), max(0, count - 1)) }
        model.triage.selection = count == 0 ? nil : (sel ?? 0)
        model.triage.offset = Table.scrollOffset(selected: model.triage.selection, previousOffset: model.triage.offset,
                                                 visibleRows: AnomaliesScreen.tableRows(height: model.size.height) - 3,
                                                 rowCount: count)
    }
}
