/// An operator simulated on a NAB corpus: every series streams through its own `SeriesDetector` and
/// `AnomalyTracker`, all series merged in time order as one cluster would be, and the operator answers
/// truthfully for the first `answers` events as they open (an event is real when its first row lies in
/// a labelled window); the detector goes on with what the verdict taught it.
///
/// Events opening during NAB's probation are neither counted nor answered: NAB scores nothing there.
public enum NABFeedbackSimulation {
    /// Event-level figures of one run, and the per-row scores for NAB's scorer.
    public struct Outcome: Sendable {
        /// Verdicts given: "real" and "not an anomaly".
        public var confirmed = 0
        public var rejected = 0
        /// Events opened after probation, and those whose first row lies in a window.
        public var events = 0
        public var truePositiveEvents = 0
        /// Of those, the events the operator was shown (all of them unless `shown` filters), and those
        /// in a window.
        public var shownEvents = 0
        public var shownInWindow = 0
        /// Windows holding the first row of at least one shown event.
        public var shownWindowsFound = 0
        /// Windows holding the first row of at least one event.
        public var windowsFound = 0
        public var windows = 0
        /// One array per series, one score per row (as `NABEvaluation.Run.scores`).
        public var scores: [[Double]] = []

        public var answered: Int { confirmed + rejected }
        public var precision: Double { events > 0 ? Double(truePositiveEvents) / Double(events) : 0 }
        public var recall: Double { windows > 0 ? Double(windowsFound) / Double(windows) : 0 }
        public var f1: Double { precision + recall > 0 ? 2 * precision * recall / (precision + recall) : 0 }
    }

    /// Which events the operator answers.
    public enum Selection: String, Sendable, CaseIterable {
        /// The first N events, each as it opens (what it taught covers the excursion so far).
        case first
        /// The N events of highest peak score in a run without feedback (a queue sorted by score),
        /// each when it closes (what it taught covers the whole excursion). An event the feedback
        /// made disappear is not answered.
        case top
    }

    /// `shown` says which events the operator sees, and so can answer: every event the detector
    /// flags (the default), or those the Anomalies screen raises (`vigil-lab eval nab --raised-only`).
    public static func run(corpus: NABCorpus, answers: Int, selection: Selection = .first,
                           config: DetectorConfig = .standard,
                           shown: @Sendable (AnomalyEvent) -> Bool = { _ in true }) throws -> Outcome {
        guard selection == .top, answers > 0 else {
            return try run(corpus: corpus, answers: answers, chosen: nil, config: config, shown: shown).outcome
        }
        let base = try run(corpus: corpus, answers: 0, chosen: nil, config: config, shown: shown)
        let ranked = base.events.indices.filter { base.events[$0].shown }.sorted {
            base.events[$0].peak != base.events[$1].peak ? base.events[$0].peak > base.events[$1].peak : $0 < $1
        }
        let chosen = Set(ranked.prefix(answers).map { EventKey(series: base.events[$0].series, row: base.events[$0].row) })
        return try run(corpus: corpus, answers: answers, chosen: chosen, config: config, shown: shown).outcome
    }

    struct EventKey: Hashable { var series: Int; var row: Int }

    /// An event opened after probation: where it started, its peak score, whether the operator sees it.
    struct Event { var series: Int; var row: Int; var peak: Double; var window: Int?; var shown = false }

    /// One pass. With `chosen`, the operator answers those events (by series and first row) when
    /// they close; without, the first `answers` events as they are shown (as they open, when every
    /// event is shown). Returns the events opened after probation with their peak scores.
    static func run(corpus: NABCorpus, answers: Int, chosen: Set<EventKey>?, config: DetectorConfig,
                    shown: (AnomalyEvent) -> Bool = { _ in true }) throws -> (outcome: Outcome, events: [Event]) {
        let times = try corpus.series.map { s in
            try s.timestamps.enumerated().map { i, t in
                guard let seconds = NABTime.parse(t) else { throw NABError("\(s.relativePath): row \(i + 2): bad timestamp \(t)") }
                return seconds
            }
        }
        // Every row of every series in time order; ties in series, then row order.
        var order: [(time: Double, series: Int32, row: Int32)] = []
        order.reserveCapacity(corpus.rowCount)
        for (k, ts) in times.enumerated() { for (i, t) in ts.enumerated() { order.append((t, Int32(k), Int32(i))) } }
        order.sort { ($0.time, $0.series, $0.row) < ($1.time, $1.series, $1.row) }

        var detectors = corpus.series.map { _ in SeriesDetector(config: config) }
        var trackers = corpus.series.map { _ in AnomalyTracker(threshold: config.threshold) }
        var found = corpus.series.map { Array(repeating: false, count: $0.windows.count) }
        var out = Outcome()
        out.windows = corpus.windowCount
        out.scores = corpus.series.map { Array(repeating: 0, count: $0.values.count) }
        var events: [Event] = []
        var openEvent: [(index: Int, row: Int, window: Int?, answered: Bool)?] = Array(repeating: nil, count: corpus.series.count)
        for step in order {
            let k = Int(step.series), i = Int(step.row)
            let s = corpus.series[k]
            let wasOpen = trackers[k].current != nil
            let o = detectors[k].update(time: step.time, value: s.values[i])
            out.scores[k][i] = o.score
            let closed = trackers[k].update(time: step.time, value: s.values[i], output: o)
            if let closed, let open = openEvent[k] {
                events[open.index].peak = closed.peakScore
                if shown(closed) { events[open.index].shown = true }
                openEvent[k] = nil
                if let chosen, chosen.contains(EventKey(series: k, row: open.row)) {
                    detectors[k].applyFeedback(closed, isAnomaly: open.window != nil)
                    if open.window != nil { out.confirmed += 1 } else { out.rejected += 1 }
                }
            }
            if let current = trackers[k].current, let open = openEvent[k] {
                events[open.index].peak = current.peakScore
                if shown(current) { events[open.index].shown = true }
            }
            if !wasOpen, let event = trackers[k].current, i >= s.probationRows {
                let window = s.windows.firstIndex { $0.start <= i && i <= $0.end }
                out.events += 1
                openEvent[k] = (events.count, i, window, false)
                events.append(Event(series: k, row: i, peak: event.peakScore, window: window, shown: shown(event)))
                if let w = window { out.truePositiveEvents += 1; found[k][w] = true }
            }
            // The first N: each answered the moment the operator sees it.
            guard chosen == nil, out.answered < answers, let open = openEvent[k], !open.answered,
                  let event = trackers[k].current, events[open.index].shown else { continue }
            detectors[k].applyFeedback(event, isAnomaly: open.window != nil)
            openEvent[k]?.answered = true
            if open.window != nil { out.confirmed += 1 } else { out.rejected += 1 }
        }
        out.shownEvents = events.filter(\.shown).count
        out.shownInWindow = events.filter { $0.shown && $0.window != nil }.count
        out.shownWindowsFound = Set(events.compactMap { e in e.window.flatMap { e.shown ? [e.series, $0] : nil } }).count
        out.windowsFound = found.reduce(0) { $0 + $1.filter { $0 }.count }
        return (out, events)
    }
}
