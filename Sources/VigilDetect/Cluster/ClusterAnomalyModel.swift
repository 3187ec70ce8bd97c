import Foundation
import VigilCore

/// A series' latest forecast: the four numbers PAD exports (`yhat`, `yhat_lower`, `yhat_upper`,
/// `anomaly`) plus the score, ready for an exporter.
public struct SeriesForecast: Sendable, Hashable {
    public var key: SeriesKey
    public var time: Double
    public var value: Double
    public var output: DetectorOutput
    public var yhat: Double { output.expected }
    public var yhatLower: Double { output.lower }
    public var yhatUpper: Double { output.upper }
    public var anomaly: Double { output.isAnomaly ? 1 : 0 }
}

/// Recent actual values and expected bands of one series, for the detail chart.
public struct BandHistory: Sendable, Hashable {
    public static let capacity = 240
    public private(set) var times: [Double] = []
    public private(set) var values: [Double] = []
    public private(set) var lower: [Double] = []
    public private(set) var upper: [Double] = []
    public private(set) var scores: [Double] = []

    mutating func append(time: Double, value: Double, output: DetectorOutput, capacity: Int = Self.capacity) {
        times.append(time); values.append(value); lower.append(output.lower); upper.append(output.upper)
        scores.append(output.score)
        if times.count > capacity + capacity / 4 {
            let drop = times.count - capacity
            times.removeFirst(drop); values.removeFirst(drop); lower.removeFirst(drop); upper.removeFirst(drop)
            scores.removeFirst(drop)
        }
    }
}

/// One `SeriesDetector` per series, created when a series first appears (so new series are
/// watched without a restart), and the cluster score aggregated from them.
///
/// The cluster score is the mean of the three highest per-series scores at an instant, counting
/// only series the detector flags: one anomalous series lifts it to a third, three together to
/// the top, and a quiet cluster rests at 0. A maximum would let
/// any single noisy series out of hundreds pin the sparkline; a mean over all would drown an
/// incident that touches a handful of series.
public struct ClusterAnomalyModel: Sendable {
    public static let aggregateTopK = 3
    public private(set) var detectors: [SeriesKey: SeriesDetector] = [:]
    public private(set) var latest: [SeriesKey: SeriesForecast] = [:]
    public private(set) var bands: [SeriesKey: BandHistory] = [:]
    public private(set) var trackers: [SeriesKey: AnomalyTracker] = [:]
    /// Closed anomaly events, newest last (bounded).
    public private(set) var events: [(key: SeriesKey, event: AnomalyEvent)] = []
    /// Events closed so far, including those `events` no longer holds: the newest
    /// `closedCount - n` of `events` are the ones closed since a reader last saw `n`.
    public private(set) var closedCount = 0
    /// Series with an event open now: what a reader of open events looks at, instead of every tracker.
    public private(set) var openKeys: Set<SeriesKey> = []
    /// Operators' verdicts in force per series, by the series' text (`SeriesKey.description`, so a
    /// verdict read back at start finds its series when it first appears), in the order given.
    public private(set) var verdicts: [String: [SeriesVerdict]] = [:]
    public let config: DetectorConfig

    /// Points of band history kept per series for the dashboard's detail chart; 0 keeps none.
    public let bandLength: Int

    public init(config: DetectorConfig = .standard, bandLength: Int = BandHistory.capacity) {
        self.config = config
        self.bandLength = max(0, bandLength)
    }

    /// Drops what is kept of series that went away (their detector, band history, tracker, latest
    /// forecast); their verdicts stay, for when they come back. An open event is dropped with them.
    public mutating func forget(_ keys: some Collection<SeriesKey>) {
        for key in keys {
            detectors[key] = nil; latest[key] = nil; bands[key] = nil; trackers[key] = nil
            openKeys.remove(key)
        }
    }

    /// Takes over the verdicts of another model (the same series on a timeline that started over).
    public mutating func keep(verdicts taught: [String: [SeriesVerdict]]) {
        verdicts = taught
        for (key, d) in detectors { if let v = taught[key.description] { var d = d; d.relearn(verdicts: v); detectors[key] = d } }
    }

    /// Feeds one instant of every series; returns the cluster score for it.
    public mutating func ingest(_ batch: MetricBatch) -> Double {
        let t = batch.timestamp.timeIntervalSince1970
        var top = [Double](repeating: 0, count: Self.aggregateTopK)
        for s in batch.samples {
            var d: SeriesDetector
            if let known = detectors[s.key] {
                d = known
            } else {
                d = SeriesDetector(config: config)
                if !verdicts.isEmpty, let taught = verdicts[s.key.description] { d.relearn(verdicts: taught) }
            }
            let out = d.update(time: t, value: s.value)
            detectors[s.key] = d
            // In the band's units: a counter's rate, not its ever-growing total.
            latest[s.key] = SeriesForecast(key: s.key, time: t, value: out.value, output: out)
            if bandLength > 0 { bands[s.key, default: BandHistory()].append(time: t, value: out.value, output: out, capacity: bandLength) }
            var tracker = trackers[s.key] ?? AnomalyTracker()
            if let e = tracker.update(time: t, value: out.value, output: out) {
                events.append((s.key, e))
                closedCount += 1
                if events.count > 500 { events.removeFirst(events.count - 500) }
            }
            trackers[s.key] = tracker
            if tracker.current != nil { openKeys.insert(s.key) } else if !openKeys.isEmpty { openKeys.remove(s.key) }
            // Keep the k largest flagged scores without sorting all series. Scores under the
            // threshold count as 0: hundreds of quiet series each near their own noise would
            // otherwise keep the cluster score from ever resting.
            let flagged = out.isAnomaly ? out.score : 0
            if flagged > top[Self.aggregateTopK - 1] {
                top[Self.aggregateTopK - 1] = flagged
                top.sort(by: >)
            }
        }
        return top.reduce(0, +) / Double(Self.aggregateTopK)
    }

    /// An operator's verdict on an event of series `key` (see `SeriesDetector.applyFeedback`): a false
    /// positive makes similar deviations of that series stay quiet, a confirmed one makes them rank
    /// higher. Unknown series are ignored (nothing was learned about them to adapt). Not kept for undo:
    /// the product's verdicts go through `learn` and `unlearn`.
    public mutating func applyFeedback(key: SeriesKey, event: AnomalyEvent, isAnomaly: Bool) {
        guard var d = detectors[key] else { return }
        d.applyFeedback(event, isAnomaly: isAnomaly)
        detectors[key] = d
    }

    /// The event of series `key` that started at `start` (seconds), open or among the closed ones kept.
    public func event(key: SeriesKey, start: Double) -> AnomalyEvent? {
        if let open = trackers[key]?.current, open.start == start { return open }
        return events.last(where: { $0.key == key && $0.event.start == start })?.event
    }

    /// Learns a verdict on series `series` (its text): it replaces any verdict of the same
    /// fingerprint, and the series' detector is taught again from its verdicts in order. A series
    /// not seen yet learns it when it first appears.
    public mutating func learn(series: String, _ verdict: SeriesVerdict) {
        var list = verdicts[series, default: []]
        if let i = list.firstIndex(where: { $0.fingerprint == verdict.fingerprint }) {
            // The same verdict again (a note added to it): a new id, nothing new to learn.
            if list[i].isAnomaly == verdict.isAnomaly { list[i].id = verdict.id; verdicts[series] = list; return }
            list.remove(at: i)
        }
        list.append(verdict)
        verdicts[series] = list
        relearn(series: series)
    }

    /// Forgets the verdict of `fingerprint` on series `series` (undo) when its id is `id`: the
    /// detector scores as if it had never been given.
    public mutating func unlearn(series: String, fingerprint: Fingerprint, id: Int64?) {
        guard var list = verdicts[series] else { return }
        list.removeAll { $0.fingerprint == fingerprint && $0.id == id }
        verdicts[series] = list.isEmpty ? nil : list
        relearn(series: series)
    }

    private mutating func relearn(series: String) {
        guard let key = detectors.keys.first(where: { $0.description == series }), var d = detectors[key] else { return }
        d.relearn(verdicts: verdicts[series] ?? [])
        detectors[key] = d
    }

    /// The fingerprint of one of this model's events (see `fingerprint(seriesKey:event:)`).
    public static func fingerprint(key: SeriesKey, event: AnomalyEvent) -> Fingerprint {
        VigilDetect.fingerprint(seriesKey: key.description, event: event)
    }

    /// PAD compatibility: `yhat`, `yhat_lower`, `yhat_upper`, `anomaly` of every watched series.
    public func forecasts() -> [SeriesForecast] {
        latest.values.sorted { $0.key < $1.key }
    }

    /// The series with the highest latest scores, highest first.
    /// Ties are broken by key, which is costly (a key compares as text); most series score 0
    /// most of the time, so those are sorted only when fewer than `n` score above 0. Runs on
    /// every derive.
    public func topSeries(_ n: Int) -> [SeriesForecast] {
        let order: (SeriesForecast, SeriesForecast) -> Bool = { ($0.output.score, $1.key) > ($1.output.score, $0.key) }
        let scoring = latest.values.filter { $0.output.score > 0 }
        if scoring.count >= n { return Array(scoring.sorted(by: order).prefix(n)) }
        return Array(latest.values.sorted(by: order).prefix(n))
    }
}
