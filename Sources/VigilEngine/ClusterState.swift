import Foundation
import VigilCore
import VigilDetect

/// What the app knows about the cluster: the latest vector, recent history per series, state
/// transitions, alerts, and the anomaly scores. Fed by `SourceMessage`s, identical in live and replay.
public struct ClusterState: Sendable {
    public static let historyCapacity = 1440   // 12 h at 30 s
    public static let rateWindow: Double = 300  // as rate(x[5m])

    /// When a series that stopped coming is forgotten (its history and detector dropped): once it
    /// has been missing for `seconds` of data time or from `refreshes` batches in a row, whichever
    /// comes first. Pods, nodes and targets come and go; without this, state grows without bound.
    public struct Retention: Sendable, Hashable {
        public var seconds: Double
        public var refreshes: Int
        public init(seconds: Double = 900, refreshes: Int = 30) { self.seconds = seconds; self.refreshes = refreshes }
        public static let standard = Retention()
    }
    public let retention: Retention
    /// Per series, the batch it was last seen in (its number, and its data time).
    private var lastSeen: [SeriesKey: (batch: Int, time: Double)] = [:]
    /// Series seen in one batch only: their one point, and nothing else. Most series that churn
    /// (a pod per job, a target per rollout) are never seen twice; holding a history, a detector
    /// and its band for each would cost kilobytes apiece. A series seen again is established: its
    /// first point goes to its history and detector as if it had been there all along. Kept by
    /// the key's hash, not the key: a key's labels cost more than the point (300,000 pods seen once
    /// held 146 MB by key, far less by hash). Two keys with one 64-bit hash in one process (about
    /// 1 in 10^8 at a million series) would only establish a series one point early.
    private var young: [Int: YoungSeries] = [:]
    struct YoungSeries: Sendable {
        var batch: Int
        var time: Double
        var value: Double
    }
    private var batches = 0
    /// Series forgotten so far (a self-metric).
    public private(set) var forgotten = 0

    public private(set) var latest: [SeriesKey: Double] = [:]
    public private(set) var latestTime: Date?
    public private(set) var history: [SeriesKey: SeriesHistory] = [:]
    /// When each series last changed value (for "since" columns).
    public private(set) var changedAt: [SeriesKey: Date] = [:]
    /// Value changes per series, newest last, capped: the operator condition history.
    public private(set) var transitions: [SeriesKey: [(time: Date, value: Double)]] = [:]
    public private(set) var alertSet: [Alert] = []
    public private(set) var alertsTime: Date?
    /// When each alert fired, as seen (newest last, bounded): what fired around an anomaly.
    public private(set) var alertHistory: [AlertSpan] = []
    private var openAlerts: [String: Int] = [:]
    public private(set) var cpuHistory: [Double] = []
    public private(set) var anomalyHistory: [Double] = []
    public private(set) var anomalyTimes: [Date] = []
    /// One streaming detector per series; the cluster score aggregates them.
    public private(set) var anomalies: ClusterAnomalyModel
    /// Highest score of a flagged log line since the last metrics instant: the sparkline shows
    /// the higher of it and the metric score, so log anomalies show beside metric ones.
    public private(set) var pendingLogScore = 0.0

    /// Points of history kept per series (`historyCapacity` for the dashboard's charts and
    /// sparklines; `vigil serve` keeps enough for a 5-minute rate only).
    public let historyLength: Int

    public init(config: DetectorConfig = .standard, retention: Retention = .standard,
                historyLength: Int = ClusterState.historyCapacity, bandLength: Int = BandHistory.capacity) {
        anomalies = ClusterAnomalyModel(config: config, bandLength: bandLength)
        self.retention = retention
        self.historyLength = max(2, historyLength)
    }

    /// Takes one instant's samples: history, transitions, and one anomaly score.
    public mutating func ingest(_ batch: MetricBatch) {
        // Time went backwards: a replay looped or seeked. History from the old timeline would
        // mix with the new one, so start over.
        if let t = latestTime, batch.timestamp < t {
            // Operators' verdicts are about the series, not the timeline: they stay.
            let taught = anomalies.verdicts
            self = ClusterState(config: anomalies.config, retention: retention)
            anomalies.keep(verdicts: taught)
        }
        let t = batch.timestamp.timeIntervalSince1970
        batches += 1
        var next: [SeriesKey: Double] = [:]
        next.reserveCapacity(batch.samples.count)
        // What the detectors get: established series; first points of those established now.
        var established: [Sample] = []
        established.reserveCapacity(batch.samples.count)
        var firstPoints: [Double: [Sample]] = [:]
        for s in batch.samples {
            next[s.key] = s.value
            if lastSeen[s.key] == nil {
                let hash = s.key.hashValue
                guard let first = young.removeValue(forKey: hash) else {
                    young[hash] = YoungSeries(batch: batches, time: t, value: s.value)
                    continue
                }
                let firstTime = Date(timeIntervalSince1970: first.time)
                history[s.key, default: SeriesHistory(capacity: historyLength)].append(time: first.time, value: first.value)
                changedAt[s.key] = firstTime
                transitions[s.key] = [(firstTime, first.value)]
                firstPoints[first.time, default: []].append(Sample(name: s.key.name, labels: s.key.labels, value: first.value, timestamp: firstTime))
            }
            established.append(s)
            lastSeen[s.key] = (batches, t)
            history[s.key, default: SeriesHistory(capacity: historyLength)].append(time: t, value: s.value)
            let previous = latest[s.key]
            let changed = previous.map { !($0 == s.value || ($0.isNaN && s.value.isNaN)) } ?? true
            if changed {
                // A series first seen has been in its state since at least now; one that
                // changed has been in its new state since now.
                if previous != nil || changedAt[s.key] == nil { changedAt[s.key] = batch.timestamp }
                var list = transitions[s.key, default: []]
                list.append((batch.timestamp, s.value))
                if list.count > 64 { list.removeFirst(list.count - 64) }
                transitions[s.key] = list
            }
        }
        latest = next
        latestTime = batch.timestamp
        // First points of series established now, at their own times (their scores are history).
        for (time, samples) in firstPoints.sorted(by: { $0.key < $1.key }) {
            _ = anomalies.ingest(MetricBatch(timestamp: Date(timeIntervalSince1970: time), samples: samples))
        }
        let score = max(anomalies.ingest(established.count == batch.samples.count ? batch
                                         : MetricBatch(timestamp: batch.timestamp, samples: established)), pendingLogScore)
        pendingLogScore = 0
        append(&anomalyHistory, score)
        anomalyTimes.append(batch.timestamp)
        if anomalyTimes.count > anomalyHistory.count { anomalyTimes.removeFirst(anomalyTimes.count - anomalyHistory.count) }
        if let cpu = Self.cpu(latest).percent { append(&cpuHistory, cpu) }
        // A sweep costs a pass over every series: every few batches is soon enough.
        if batches % 8 == 0 || lastSeen.count + young.count > 2 * max(latest.count, 1_000) { forgetGone(now: t) }
    }

    /// Drops the series missing for longer than `retention` allows.
    private mutating func forgetGone(now t: Double) {
        var gone: [SeriesKey] = []
        for (key, seen) in lastSeen where batches - seen.batch >= retention.refreshes || t - seen.time >= retention.seconds {
            gone.append(key)
        }
        let youngBefore = young.count
        young = young.filter { batches - $0.value.batch < retention.refreshes && t - $0.value.time < retention.seconds }
        forgotten += youngBefore - young.count
        guard !gone.isEmpty else { return }
        for key in gone {
            lastSeen[key] = nil; history[key] = nil; changedAt[key] = nil; transitions[key] = nil
        }
        anomalies.forget(gone)
        forgotten += gone.count
    }

    /// Series whose state is kept (seen within the retention), established or seen once.
    public var seriesTracked: Int { lastSeen.count + young.count }

    /// Series seen in one batch only so far (no history or detector yet).
    public var seriesSeenOnce: Int { young.count }

    /// Since when the series has had its current value: its last change, or when it was first
    /// seen (a series seen once has no other state).
    public func since(_ key: SeriesKey) -> Date? {
        changedAt[key] ?? young[key.hashValue].map { Date(timeIntervalSince1970: $0.time) }
    }

    /// Teaches the detector of series `series` (its text) a verdict (see `Detector.learn`).
    mutating func teach(series: String, _ verdict: SeriesVerdict) {
        anomalies.learn(series: series, verdict)
    }

    /// Takes a verdict back from the detector of series `series` (see `Detector.unlearn`).
    mutating func forget(series: String, fingerprint: Fingerprint, id: Int64?) {
        anomalies.unlearn(series: series, fingerprint: fingerprint, id: id)
    }

    /// A flagged log line's score, for the next point of the anomaly sparkline.
    public mutating func noteLogAnomaly(score: Double) {
        pendingLogScore = max(pendingLogScore, min(1, max(0, score)))
    }

    public mutating func setAlerts(_ alerts: [Alert], at time: Date) {
        alertSet = alerts
        alertsTime = time
        var stillOpen: [String: Int] = [:]
        for a in alerts where a.state == .firing {
            let id = a.labels.description
            if let i = openAlerts[id], alertHistory.indices.contains(i) {
                alertHistory[i].to = max(alertHistory[i].to, time)
                stillOpen[id] = i
            } else {
                alertHistory.append(AlertSpan(name: a.name, severity: Severity(label: a.labels["severity"]),
                                              from: min(a.activeAt ?? time, time), to: time))
                stillOpen[id] = alertHistory.count - 1
            }
        }
        openAlerts = stillOpen
        if alertHistory.count > 2_000 {
            let drop = 500
            alertHistory.removeFirst(drop)
            openAlerts = openAlerts.compactMapValues { $0 >= drop ? $0 - drop : nil }
        }
    }

    /// Names of the alerts firing at some time within `margin` seconds of `time`, most severe
    /// first; severity `none` (heartbeats such as Watchdog) left out.
    public func alertsFiring(around time: Date, margin: TimeInterval = 900) -> [String] {
        var names: [String] = []
        for span in alertHistory.sorted(by: { $0.severity < $1.severity }) where span.severity != .none
            && span.from <= time.addingTimeInterval(margin) && span.to >= time.addingTimeInterval(-margin) && !names.contains(span.name) {
            names.append(span.name)
        }
        return names
    }

    private func append(_ list: inout [Double], _ v: Double) {
        list.append(v)
        if list.count > Self.historyCapacity + 240 { list.removeFirst(list.count - Self.historyCapacity) }
    }

    /// Cluster CPU from the two recording rules: capacity in cores, and used as % of it.
    /// One place for the sparkline history and the header.
    public static func cpu(_ latest: [SeriesKey: Double]) -> (cores: Double?, percent: Double?) {
        let capacity = latest.first { $0.key.name == "cluster:capacity_cpu_cores:sum" }?.value
        guard let c = capacity, c > 0,
              let u = latest.first(where: { $0.key.name == "cluster:cpu_usage_cores:sum" })?.value else { return (capacity, nil) }
        return (c, 100 * u / c)
    }
}

/// One alert's firing, from when it became active to when it was last seen firing.
public struct AlertSpan: Sendable, Hashable {
    public var name: String
    public var severity: Severity
    public var from: Date
    public var to: Date
}
