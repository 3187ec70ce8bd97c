import Foundation
import VigilEngine
import VigilRuntime
import VigilDetect

/// `vigil-lab eval nab --feedback N[,N…]`: the operator simulation (`NABFeedbackSimulation`) without
/// feedback and with N events answered (the first N, or the N of highest score), side by side: event-level precision, recall and F1,
/// and NAB's score of the rows (swept threshold, and at the detector's own threshold).
struct EvalNabFeedback {
    var corpus: NABCorpus
    var dataPath: String
    var subsetNote: String?
    var profileName: String
    var profile: NABProfile
    var selection = NABFeedbackSimulation.Selection.first
    var config = DetectorConfig.standard
    /// The events the simulated operator sees; with a note saying which, when not every flagged one.
    var shown: @Sendable (AnomalyEvent) -> Bool = { _ in true }
    var shownNote: String?

    struct Row {
        var answers: Int
        var outcome: NABFeedbackSimulation.Outcome
        var swept: NABResult
        var atThreshold: NABResult
    }

    /// "10,25,50" → [10, 25, 50]; each a whole number ≥ 1.
    static func parseCounts(_ text: String) throws -> [Int] {
        let parts = text.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        let counts = parts.compactMap { Int($0) }.filter { $0 >= 1 }
        guard !parts.isEmpty, counts.count == parts.count else {
            throw UserError("--feedback: expected answer counts ≥ 1 separated by commas, like 10,25,50 (got '\(text)')")
        }
        return Array(Set(counts)).sorted()
    }

    /// Runs 0 (no feedback) and every count.
    func rows(_ counts: [Int]) throws -> [Row] {
        let scorer = NABScorer(profiles: [profileName: profile])
        return try ([0] + counts).map { n in
            let o = try NABFeedbackSimulation.run(corpus: corpus, answers: n, selection: selection, config: config, shown: shown)
            let swept = scorer.score(corpus: corpus, scores: o.scores)[profileName]
            let fixed = NABScorer.result(corpus: corpus, scores: o.scores, profile: profile, threshold: config.threshold)
            guard let swept else { throw UserError("no NAB profile \(profileName)") }
            return Row(answers: n, outcome: o, swept: swept, atThreshold: fixed)
        }
    }

    func table(_ rows: [Row]) -> String {
        var lines = ["NAB: \(corpus.series.count) series, \(corpus.rowCount) rows, \(corpus.windowCount) windows (\(dataPath))"]
        if let subsetNote { lines.append("subset: \(subsetNote)") }
        switch selection {
        case .first: lines.append("operator answers truthfully the first N events after probation, each as it opens, in time order over all series")
        case .top: lines.append("operator answers truthfully the N events of highest peak score (run without feedback), each when it closes")
        }
        if let shownNote { lines.append("the operator sees only \(shownNote)") }
        lines.append("     N  yes  no  events  in window  precision  recall      F1   NAB \(profileName)  at \(config.threshold)")
        for r in rows {
            let o = r.outcome
            lines.append(String(format: "%6d %4d %3d %7d %10d %10.3f %7.3f %7.3f %14.2f %7.2f", r.answers, o.confirmed, o.rejected,
                                o.events, o.truePositiveEvents, o.precision, o.recall, o.f1,
                                r.swept.normalizedScore, r.atThreshold.normalizedScore))
        }
        if shownNote != nil {
            lines.append("     N  shown  in window  precision  windows found")
            for r in rows {
                let o = r.outcome
                lines.append(String(format: "%6d %6d %10d %10.3f %14d", r.answers, o.shownEvents, o.shownInWindow,
                                    o.shownEvents > 0 ? Double(o.shownInWindow) / Double(o.shownEvents) : 0, o.shownWindowsFound))
            }
        }
        if let base = rows.first {
            for r in rows.dropFirst() {
                lines.append(String(format: "N=%d vs none: precision %+.3f, recall %+.3f, F1 %+.3f, NAB %+.2f (swept) %+.2f (at %.2f); FP events %+d",
                                    r.answers, r.outcome.precision - base.outcome.precision, r.outcome.recall - base.outcome.recall,
                                    r.outcome.f1 - base.outcome.f1, r.swept.normalizedScore - base.swept.normalizedScore,
                                    r.atThreshold.normalizedScore - base.atThreshold.normalizedScore, config.threshold,
                                    (r.outcome.events - r.outcome.truePositiveEvents) - (base.outcome.events - base.outcome.truePositiveEvents)))
            }
        }
        return lines.joined(separator: "\n")
    }

    func json(_ rows: [Row]) throws -> String {
        let runs: [[String: Any]] = rows.map { r in
            let o = r.outcome
            return ["answers": r.answers, "confirmed": o.confirmed, "rejected": o.rejected, "events": o.events,
                    "events_in_window": o.truePositiveEvents, "windows_found": o.windowsFound, "windows": o.windows,
                    "precision": o.precision, "recall": o.recall, "f1": o.f1,
                    "nab": r.swept.normalizedScore, "nab_threshold": r.swept.threshold,
                    "nab_at_detector_threshold": r.atThreshold.normalizedScore,
                    "shown_events": o.shownEvents, "shown_events_in_window": o.shownInWindow,
                    "windows_found_by_shown": o.shownWindowsFound]
        }
        var object: [String: Any] = ["profile": profileName, "series": corpus.series.count, "runs": runs,
                                     "answer": selection.rawValue]
        if let subsetNote { object["subset"] = subsetNote }
        if let shownNote { object["shown"] = shownNote }
        let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .prettyPrinted])
        return String(decoding: data, as: UTF8.self)
    }
}
