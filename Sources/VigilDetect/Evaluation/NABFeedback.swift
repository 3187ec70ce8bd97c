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

    public static func run(corpus: NABCorpus, answers: Int, selection: Selection = .first,
                           config: DetectorConfig = .standard) throws -> Outcome {
        guard selection == .top, answers > 0 else { return try run(corpus: corpus, answers: answers, chosen: nil, config: config).outcome }
        let base = try run(corpus: corpus, answers: 0, chosen: nil, config: config)
        let ranked = base.events.indices.sorted {
            base.events[$0].peak != base.events[$1].peak ? base.events[$0].peak > base.events[$1].peak : $0 < $1
        }
        let chosen = Set(ranked.prefix(answers).map { EventKey(series: base.events[$0].series, row: base.events[$0].row) })
        return try run(corpus: corpus, answers: answers, chosen: chosen, config: config).outcome
    }

    struct EventKey: Hashable { var series: Int; var row: Int }

    /// One pass. With `chosen`, the operator answers those events (by series and first row) when
    /// they close; without, the first `answers` as they open. Returns the events opened after
    /// probation with their peak scores.
    static func run(corpus: NABCorpus, answers: Int, chosen: Set<EventKey>?,
                    config: DetectorConfig) throws -> (outcome: Outcome, events: [(series: Int, row: Int, peak: Double)]) {
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
        var events: [(series: Int, row: Int, peak: Double)] = []
        var openEvent: [(index: Int, row: Int, window: Int?)?] = Array(repeating: nil, count: corpus.series.count)
        for step in order {
            let k = Int(step.series), i = Int(step.row)
            let s = corpus.series[k]
            let wasOpen = trackers[k].current != nil
            let o = detectors[k].update(time: step.time, value: s.values[i])
            out.scores[k][i] = o.score
            let closed = trackers[k].update(time: step.time, value: s.values[i], output: o)
            if let closed, let open = openEvent[k] {
                events[open.index].peak = closed.peakScore
                openEvent[k] = nil
                if let chosen, chosen.contains(EventKey(series: k, row: open.row)) {
                    detectors[k].applyFeedback(closed, isAnomaly: open.window != nil)
                    if open.window != nil { out.confirmed += 1 } else { out.rejected += 1 }
                }
            }
            if let current = trackers[k].current, let open = openEvent[k] { events[open.index].peak = current.peakScore }
            guard !wasOpen, let event = trackers[k].current, i >= s.probationRows else { continue }
            let window = s.windows.firstIndex { $0.start <= i && i <= $0.end }
            out.events += 1
            openEvent[k] = (events.count, i, window)
            events.append((k, i, event.peakScore))
            if let w = window { out.truePositiveEvents += 1; found[k][w] = true }
            guard chosen == nil, out.answered < answers else { continue }
            detectors[k].applyFeedback(event, isAnomaly: window != nil)
            if window != nil { out.confirmed += 1 } else { out.rejected += 1 }
        }
        out.windowsFound = found.reduce(0) { $0 + $1.filter { $0 }.count }
        return (out, events)
    }
}
