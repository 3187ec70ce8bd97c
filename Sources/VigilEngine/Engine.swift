import Foundation
import VigilCore
import VigilDetect

/// The detection engine, with no terminal and no drawing: it ingests every `SourceMessage`, keeps
/// the per-series state and the metric detectors (`ClusterState`), raises anomalies as data arrives
/// (`AnomalyBook`), and teaches every detector kind its verdicts through one path.
///
/// Verdicts reach the detectors only through `learn` (after the store confirmed them, or read back
/// from it at start: `load`) and leave through `unlearn` (undo): a verdict the store refused teaches
/// nothing, and one taken back leaves the detector as it would be without it.
///
/// ```swift
/// var engine = Engine(logs: pipeline)
/// engine.load(try store.activeVerdicts())
/// engine.ingest(.metrics(batch), now: clock)
/// let saved = try store.save([verdict]); engine.learn(saved)
/// ```
public struct Engine: Sendable {
    /// The latest data, history per series, alerts and the metric detectors.
    public private(set) var cluster: ClusterState
    /// Anomalies raised and the verdicts in force.
    public var anomalies = AnomalyBook()
    /// The log detector (`LogPipeline`), when log lines are scored: it scores each batch as it
    /// arrives (training runs in the background) and learns its verdicts here.
    public private(set) var logs: (any LogDetector)?

    /// The data's clock (the replay's time, or now in live mode), from `.clock` messages.
    public private(set) var clock: Date?

    /// Fleet mode: every cluster of a Prometheus/Thanos that holds many, against its peers.
    public private(set) var fleet = FleetScorer()
    /// The latest fleet ranking, highest score first, and each cluster's recent scores (oldest first).
    public private(set) var fleetScores: [FleetScorer.ClusterScore] = []
    public private(set) var fleetTrend: [String: [Double]] = [:]
    public private(set) var fleetTime: Date?
    /// The reference's fleet scorer on the same data, side by side (its resource and alert scores).
    public private(set) var fleetReference = FlatlinerScorer()
    /// Scores kept per cluster for its trend.
    public static let fleetTrendLength = 60

    /// How much per-series history the engine keeps.
    public enum Footprint: Sendable {
        /// Everything the dashboard draws: 12 h of history for charts and sparklines, the band's
        /// last 240 points for the detail view.
        case dashboard
        /// What `vigil serve` needs: the latest state and 16 points (a 5-minute rate at 30 s), no
        /// band history; at 10,000 series the dashboard's histories alone would take 400 MB.
        case service
    }

    public init(logs: (any LogDetector)? = nil, config: DetectorConfig = .standard,
                retention: ClusterState.Retention = .standard, footprint: Footprint = .dashboard) {
        self.logs = logs
        switch footprint {
        case .dashboard: cluster = ClusterState(config: config, retention: retention)
        case .service: cluster = ClusterState(config: config, retention: retention, historyLength: 16, bandLength: 0)
        }
    }

    /// What one message did.
    public struct Ingested: Sendable, Equatable {
        /// Time went backwards (a replay looped or seeked back): the anomaly list started over, so
        /// a screen's selection in it means nothing any more.
        public var restarted = false
        /// The message's log lines as the log detector scored them (what the Logs screen shows).
        public var scored: [ScoredLogLine] = []
    }

    /// Takes one message: metrics into the per-series state and detectors, log lines through the
    /// log detector (unscored when there is none), and raises anomalies as the data arrives.
    @discardableResult
    public mutating func ingest(_ message: SourceMessage) -> Ingested {
        switch message {
        case .metrics(let batch):
            let restarted = cluster.latestTime.map { batch.timestamp < $0 } ?? false
            if restarted { anomalies.resetItems() }
            cluster.ingest(batch)
            // Raised as data arrives, not when a screen draws.
            anomalies.sync(metrics: cluster.anomalies, now: clock ?? batch.timestamp)
            return Ingested(restarted: restarted)
        case .alerts(let at, let alerts):
            cluster.setAlerts(alerts, at: at)
        case .logs(let records):
            let scored = logs?.score(records)
                ?? records.map { ScoredLogLine(record: $0, template: $0.line, score: 0, flagged: false) }
            take(scored)
            return Ingested(scored: scored)
        case .scoredLogs(let lines):
            take(lines)
            return Ingested(scored: lines)
        case .clock(let t):
            clock = t
        case .health(let h):
            if h.state == .finished { logs?.endOfInput() }
        case .profile:
            break
        case .remoteAnomalies(let at, let open):
            anomalies.syncRemote(open, now: clock ?? at)
        case .fleet(let batch):
            ingestFleet(batch)
        }
        return Ingested()
    }

    private mutating func ingestFleet(_ batch: FleetBatch) {
        let t = batch.timestamp.timeIntervalSince1970
        guard t.isFinite else { return }
        for (cluster, version) in batch.versions { fleet.setVersion(version, of: cluster) }
        for (cluster, platform) in batch.platforms { fleet.setPlatform(platform, of: cluster) }
        for (cluster, n) in batch.nodes { fleet.setNodes(n, of: cluster) }
        let known = Set(fleet.clusters)
        for s in batch.samples {
            // A cluster whose version query did not name it is still compared (with the whole fleet).
            if batch.versions[s.cluster] == nil, !known.contains(s.cluster) { fleet.setVersion("unknown", of: s.cluster) }
            fleet.add(cluster: s.cluster, dimension: s.dimension, kind: s.kind, time: t, value: s.value)
        }
        // The reference reads the same refresh as one-sample series, versions first.
        for (cluster, version) in batch.versions.sorted(by: { $0.key < $1.key }) {
            fleetReference.ingest(FlatlinerScorer.Series(metric: "cluster_version", cluster: cluster, label: version, values: [(t, 1)]))
        }
        for s in batch.samples where s.kind == .count || s.kind == .events {
            fleetReference.ingest(FlatlinerScorer.Series(metric: s.kind == .count ? "etcd_object_counts" : "alerts", cluster: s.cluster,
                                                         label: s.dimension, values: [(t, s.value)]))
        }
        fleetScores = fleet.scores(at: t)
        fleetTime = batch.timestamp
        for score in fleetScores {
            var trend = fleetTrend[score.cluster] ?? []
            trend.append(score.score)
            if trend.count > Self.fleetTrendLength { trend.removeFirst(trend.count - Self.fleetTrendLength) }
            fleetTrend[score.cluster] = trend
        }
        anomalies.syncFleet(fleetScores, at: batch.timestamp, now: clock ?? batch.timestamp)
    }

    private mutating func take(_ lines: [ScoredLogLine]) {
        let t = clock ?? lines.last?.record.timestamp ?? Date(timeIntervalSince1970: 0)
        for line in lines where line.flagged {
            anomalies.addLog(line, now: t)
            cluster.noteLogAnomaly(score: line.score)
        }
    }

    /// Verdicts the store has just taken: in force, and learned (the host's side of `u`-able
    /// verdicts; the screen already shows them).
    public mutating func confirm(_ saved: [Verdict]) {
        for v in saved { anomalies.verdicts[v.fingerprint] = v }
        learn(saved)
    }

    /// Undo, once the store retracted `verdicts`: each fingerprint goes back to the verdict in
    /// `restored`, or to none.
    public mutating func retract(_ verdicts: [Verdict], restored: [Verdict]) {
        for v in verdicts { anomalies.verdicts[v.fingerprint] = restored.last { $0.fingerprint == v.fingerprint } }
        unlearn(verdicts, restored: restored)
    }

    /// Verdicts read back from the store at start: in force for suppression, and taught to their
    /// detectors (a series not seen yet learns its verdicts when it first appears).
    public mutating func load(_ stored: [Verdict]) {
        for v in stored { anomalies.load(v) }
        learn(stored)
    }

    /// Verdicts the store confirmed: each detector kind learns its own. Snoozes teach nothing.
    public mutating func learn(_ verdicts: [Verdict]) {
        let taught = verdicts.filter { $0.status == .correct || $0.status == .falsePositive }
        guard !taught.isEmpty else { return }
        let book = anomalies
        cluster.learn(taught.filter { $0.kind == cluster.kind }, anomalies: book)
        if let kind = logs?.kind { logs?.learn(taught.filter { $0.kind == kind }, anomalies: book) }
    }

    /// Undo, once the store retracted `verdicts`: they are forgotten and `restored` (the verdicts
    /// they had replaced) are in force and taught again. A verdict the store never had (no id) was
    /// never learned.
    public mutating func unlearn(_ verdicts: [Verdict], restored: [Verdict]) {
        let stored = verdicts.filter { $0.id != nil }
        cluster.unlearn(stored.filter { $0.kind == cluster.kind })
        if let kind = logs?.kind { logs?.unlearn(stored.filter { $0.kind == kind }) }
        learn(restored)
    }
}
