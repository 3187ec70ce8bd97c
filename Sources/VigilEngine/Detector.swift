import Foundation
import VigilCore
import VigilDetect

/// A detector that learns from operators' verdicts. Every kind learns through one path
/// (`Engine.learn` and `Engine.unlearn`): once the fact store has confirmed a verdict, taken back
/// by undo, given again at start from the store.
public protocol Detector {
    /// The anomalies whose verdicts it learns from.
    var kind: AnomalyKind { get }
    /// Verdicts the store holds (correct or false positive), in the order given: a later verdict on
    /// a fingerprint replaces an earlier one. `anomalies` is what the engine has raised, for the
    /// events the verdicts were given on.
    mutating func learn(_ verdicts: [Verdict], anomalies: AnomalyBook)
    /// Verdicts retracted: the detector scores as if they had never been given.
    mutating func unlearn(_ verdicts: [Verdict])
}

/// A detector of log lines: the engine hands it each batch as it arrives and shows what it flags.
public protocol LogDetector: Detector, Sendable {
    /// Scores a batch, in arrival order.
    func score(_ records: [LogRecord]) -> [ScoredLogLine]
    /// The input ended: whatever waits for more lines (a first training) happens now.
    func endOfInput()
}

/// The metric detectors: a verdict teaches the detector of the series it is about (by the event it
/// was given on while that is known, else by its fingerprint and peak score).
extension ClusterState: Detector {
    public var kind: AnomalyKind { .metric }

    public mutating func learn(_ verdicts: [Verdict], anomalies book: AnomalyBook) {
        for v in verdicts where v.kind == .metric {
            let isAnomaly = v.status == .correct
            let known: AnomalyEvent? = {
                guard let id = v.anomalyID, let key = book.items[id]?.seriesKey, let start = v.startedAt else { return nil }
                return anomalies.event(key: key, start: start.timeIntervalSince1970)
            }()
            let taught = known.map { SeriesVerdict(event: $0, fingerprint: v.fingerprint, id: v.id, isAnomaly: isAnomaly) }
                ?? SeriesVerdict(fingerprint: v.fingerprint, id: v.id, isAnomaly: isAnomaly, peakScore: v.score)
            guard let taught else { continue }
            teach(series: v.subject, taught)
        }
    }

    public mutating func unlearn(_ verdicts: [Verdict]) {
        for v in verdicts where v.kind == .metric {
            forget(series: v.subject, fingerprint: v.fingerprint, id: v.id)
        }
    }
}

/// The log detector: a verdict on a template (or, imported from the reference, on a raw message)
/// suppresses or confirms it; the scorer retrains with it.
extension LogPipeline: Detector {
    public var kind: AnomalyKind { .log }

    public func learn(_ verdicts: [Verdict], anomalies: AnomalyBook) { teach(verdicts, undone: false) }

    public func unlearn(_ verdicts: [Verdict]) { teach(verdicts, undone: true) }

    private func teach(_ verdicts: [Verdict], undone: Bool) {
        let wanted = verdicts.filter { $0.kind == .log }
        applyFeedback(wanted.compactMap { v in
            guard case .log(let template) = v.fingerprint else { return nil }
            return (template, undone ? nil : v.value == .correct)
        })
        // Imported from the reference (keyed by the raw message): the pipeline finds the template.
        applyMessageFeedback(wanted.compactMap { v in
            guard case .message(let message) = v.fingerprint else { return nil }
            return (message, undone ? nil : v.value == .correct)
        })
    }
}
