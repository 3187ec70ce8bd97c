import Foundation
import VigilCore
import VigilEngine

/// Where the Anomalies screen stands: the list's selection, marks, sort and filter, the prompts
/// being typed, and what `u` undoes. The anomalies and the verdicts in force are the engine's
/// (`AnomalyBook`).
public struct TriageState: Sendable {
    public var sortByScore = false
    public var showSuppressed = false
    /// Selection, scroll offset and filter: the state every list shares.
    public var list = ListState()
    /// Item ids marked with `v` for a verdict on several at once.
    public var marked: Set<String> = []
    /// `a` was pressed: the note being typed for the verdicts of `noteTargets`.
    public var noteDraft: String?
    public var noteTargets: [Fingerprint] = []
    /// `s` was pressed: the next key picks the snooze length.
    public var snoozePrompt = false
    /// Verdicts of the last action, newest last, each with the one it replaced (for `u`).
    public var undo: [[(new: Verdict, previous: Verdict?)]] = []

    public init() {}

    /// The list was started over (time went backwards): nothing left to point at.
    public mutating func listReset() {
        marked = []; list.selection = nil; list.offset = 0
    }
}

extension Model {
    /// The anomalies as the Anomalies screen lists them now.
    public func visibleAnomalies(now: Date) -> [TriageItem] {
        engine.anomalies.visible(now: now, filter: triage.list.filter, showSuppressed: triage.showSuppressed,
                                 sortByScore: triage.sortByScore)
    }
}
