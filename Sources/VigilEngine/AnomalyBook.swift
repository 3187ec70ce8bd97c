import Foundation
import VigilCore
import VigilDetect

/// The anomalies the engine has raised and the verdicts in force: the raise policy (when a
/// detector's event becomes an anomaly an operator is asked about) and suppression by verdict.
/// What a screen does with the list (selection, marks, filter, undo) is the screen's.
public struct AnomalyBook: Sendable {
    public static let capacity = 2_000
    /// Which metric events are raised to the operator (see `RaisePolicy`).
    public var policy: RaisePolicy = .standard

    /// Whether the Anomalies screen raises a metric event to the operator, under the standard policy.
    public static func raises(_ e: AnomalyEvent) -> Bool { RaisePolicy.standard.raises(e) }

    /// Flagged log lines of one template are one anomaly while each comes within this many
    /// seconds of the one before.
    public static let logGroupSeconds: Double = 1_800

    public private(set) var items: [String: TriageItem] = [:]
    /// The verdict in force per fingerprint (latest wins; retracted ones removed).
    public var verdicts: [Fingerprint: Verdict] = [:]
    /// Anomalies raised that no verdict suppressed, and repeats of subjects marked false (kept quiet).
    public private(set) var notified = 0
    public private(set) var suppressedRepeats = 0
    /// Verdicts imported from the reference fact store, which keyed them by the raw message: by
    /// the message's masked form. The first flagged line ending in that form gives its template
    /// the verdict (see `load`).
    public private(set) var messageVerdicts: [String: Verdict] = [:]
    private var logGroups: [String: String] = [:]  // template → id of its open group
    private var closedSeen = 0                     // ClusterAnomalyModel.closedCount read so far
    private var logLast: [String: Date] = [:]      // group id → its newest line
    private var remoteOpen: Set<String> = []       // ids of remote anomalies open at the last sync
    private var fleetOpen: [String: String] = [:]  // cluster → id of its open fleet anomaly
    private var fleetLatest: [String: String] = [:]  // cluster → id of its latest fleet anomaly, open or not

    public init() {}

    /// The status of an item at `now`.
    public func status(of item: TriageItem, now: Date) -> TriageStatus {
        guard let v = verdicts[item.fingerprint], v.inForce(at: now) else { return .new }
        return v.status
    }

    /// Suppressed items: their subject was called a false positive or is snoozed.
    public func isSuppressed(_ item: TriageItem, now: Date) -> Bool {
        let s = status(of: item, now: now)
        return s == .falsePositive || s == .snoozed
    }

    /// Takes the metric detector's events (closed and open). Only events closed since the last call
    /// are read, and only series with an open event are looked at: this runs on every batch.
    public mutating func sync(metrics: ClusterAnomalyModel, now: Date) {
        let fresh = min(metrics.events.count, max(0, metrics.closedCount - closedSeen))
        for (key, e) in metrics.events.suffix(fresh) { upsertMetric(key: key, event: e, open: false, now: now) }
        closedSeen = metrics.closedCount
        // Items still open whose event closed meanwhile were replaced above under the same id.
        for key in metrics.openKeys {
            if let e = metrics.trackers[key]?.current, policy.raises(e) {
                upsertMetric(key: key, event: e, open: true, now: now)
            }
        }
        trim()
    }

    private mutating func upsertMetric(key: SeriesKey, event e: AnomalyEvent, open: Bool, now: Date) {
        guard policy.raises(e) else { return }
        let id = "metric|\(key.description)|\(Self.wholeNumber(e.start))"
        let item = TriageItem(id: id, kind: .metric, fingerprint: ClusterAnomalyModel.fingerprint(key: key, event: e),
                              subject: key.description, time: Date(timeIntervalSince1970: e.start),
                              score: e.peakScore, detail: e.explanation, seriesKey: key, template: nil, count: 1, open: open)
        if items[id] == nil { noteRaised(item, now: now) }
        items[id] = item
    }

    /// Takes a stored verdict: by its fingerprint, or, for one imported from the reference
    /// (`.message`), by the masked message until a line of it shows up.
    public mutating func load(_ v: Verdict) {
        guard case .message(let message) = v.fingerprint else { verdicts[v.fingerprint] = v; return }
        let key = LogLineText.analyze(message).template
        if !key.isEmpty { messageVerdicts[key] = v }
    }

    /// An imported verdict whose message this line carries becomes its template's verdict.
    private mutating func adoptMessageVerdict(for line: ScoredLogLine) {
        guard !messageVerdicts.isEmpty else { return }
        let fingerprint = Fingerprint.log(template: line.template)
        guard verdicts[fingerprint] == nil else { return }
        let masked = LogLineText.analyze(line.record.line).template
        guard let (key, v) = messageVerdicts.first(where: { masked.hasSuffix($0.key) }) else { return }
        var adopted = v
        adopted.fingerprint = fingerprint
        adopted.subject = line.template
        adopted.id = nil
        verdicts[fingerprint] = adopted
        messageVerdicts[key] = nil
    }

    /// Adds one flagged log line: to its template's group while it is recent, else a new item.
    public mutating func addLog(_ line: ScoredLogLine, now: Date) {
        adoptMessageVerdict(for: line)
        let t = line.record.timestamp
        if let gid = logGroups[line.template], var item = items[gid], let last = logLast[gid],
           t.timeIntervalSince(item.time) >= 0, t.timeIntervalSince(last) < Self.logGroupSeconds {
            item.count += 1
            item.score = max(item.score, line.score)
            items[gid] = item
            logLast[gid] = max(last, t)
            return
        }
        let id = "log|\(line.template)|\(Self.wholeNumber(t.timeIntervalSince1970 * 1000))"
        let item = TriageItem(id: id, kind: .log, fingerprint: Fingerprint.log(template: line.template),
                              subject: line.template, time: t, score: line.score,
                              detail: line.record.source + ": " + line.record.line, seriesKey: nil,
                              template: line.template, count: 1, open: false)
        logGroups[line.template] = id
        logLast[id] = t
        noteRaised(item, now: now)
        items[id] = item
    }

    /// A cluster is raised as a fleet anomaly while its fleet score is at least this: one minus a
    /// Bonferroni-corrected tail probability, so 0.99 is "a 1 % chance that its most unusual feature
    /// is chance". Not tuned.
    public static let fleetRaiseScore = 0.99

    /// Takes the latest fleet ranking: a cluster whose score reaches `fleetRaiseScore` is an anomaly
    /// (fingerprint: the cluster and the feature that differs most); it stays open while the score
    /// holds and closes when it drops.
    public mutating func syncFleet(_ scores: [FleetScorer.ClusterScore], at time: Date, now: Date) {
        var open: Set<String> = []
        for s in scores where s.score >= Self.fleetRaiseScore {
            let feature = s.reasons.first?.feature ?? "?"
            let fingerprint = Fingerprint.fleet(cluster: s.cluster, feature: feature)
            // Still the same anomaly while the cluster stays raised, whatever feature leads now.
            let id = fleetOpen[s.cluster] ?? "fleet|\(s.cluster)|\(Self.wholeNumber(time.timeIntervalSince1970))"
            open.insert(s.cluster)
            let why = s.reasons.map { String(format: "%@ %.3g vs peers %.3g (z %.1f)", $0.feature, $0.value, $0.peerMedian, $0.z) }
                .joined(separator: "; ")
            let previous = items[id]
            let item = TriageItem(id: id, kind: .fleet, fingerprint: previous?.fingerprint ?? fingerprint,
                                  subject: "\(s.cluster) (\(s.version); peers: \(s.peerGroup))",
                                  time: previous?.time ?? time, score: max(previous?.score ?? 0, s.score), detail: why,
                                  seriesKey: nil, template: nil, count: 1, open: true)
            if previous == nil { noteRaised(item, now: now) }
            items[id] = item
            fleetOpen[s.cluster] = id
            fleetLatest[s.cluster] = id
        }
        for (cluster, id) in fleetOpen where !open.contains(cluster) {
            items[id]?.open = false
            fleetOpen[cluster] = nil
        }
        trim()
    }

    /// A cluster's fleet anomaly: the open one, else the latest that closed (nil: never raised).
    public func fleetItem(cluster: String) -> TriageItem? {
        fleetLatest[cluster].flatMap { items[$0] }
    }

    /// Whether an item is still going on at `now`: a metric event not closed yet, a log anomaly
    /// whose template was flagged within `logGroupSeconds`, a remote anomaly its serve still reports.
    public func isActive(_ item: TriageItem, now: Date) -> Bool {
        guard item.kind == .log, case .log = item.fingerprint else { return item.open }
        guard let last = logLast[item.id] else { return false }
        return now.timeIntervalSince(last) < Self.logGroupSeconds
    }

    /// Takes the anomalies other `vigil serve` instances have open (`.remoteAnomalies`, the full set
    /// at an instant): each is an item named by its cluster, with the cluster in its fingerprint, so
    /// a verdict here holds for that cluster's anomaly only. One that is no longer in the set is
    /// closed, and stays on the list like any closed anomaly.
    public mutating func syncRemote(_ open: [RemoteAnomaly], now: Date) {
        var present: Set<String> = []
        for r in open {
            let start = r.start.timeIntervalSince1970
            guard start.isFinite, abs(start) < 1e12, r.score.isFinite else { continue }
            // No cluster: the serve this dashboard is attached to (`--attach`), whose fingerprints are
            // kept as they are, so a verdict given here quiets the serve too (same state folder).
            let own = r.cluster.isEmpty
            let fingerprint = own ? Fingerprint(stored: r.fingerprint) : Fingerprint.clustered(cluster: r.cluster, inner: r.fingerprint)
            // Already listed by this dashboard's own detectors (the same data): not twice.
            if own, items.values.contains(where: { $0.fingerprint == fingerprint && !$0.id.hasPrefix("remote|") && isActive($0, now: now) }) {
                continue
            }
            let id = "remote|\(fingerprint.stored)|\(Int64(start))"
            present.insert(id)
            var template: String?
            if case .log(let t) = fingerprint { template = t }
            let item = TriageItem(id: id, kind: r.kind, fingerprint: fingerprint, subject: own ? r.subject : "[\(r.cluster)] \(r.subject)",
                                  time: r.start, score: min(max(r.score, 0), 1), detail: r.detail, seriesKey: nil,
                                  template: template, count: 1, open: true)
            if items[id] == nil { noteRaised(item, now: now) }
            items[id] = item
        }
        for id in remoteOpen.subtracting(present) { items[id]?.open = false }
        remoteOpen = present
        trim()
    }

    /// An id's number for a time: the integer when it is one Int64 can hold, else the value's own
    /// text (a timestamp of 1e300 or NaN must not trap; it still makes a distinct id).
    static func wholeNumber(_ v: Double) -> String {
        v.isFinite && abs(v) < 9e18 ? String(Int64(v)) : "\(v)"
    }

    private mutating func noteRaised(_ item: TriageItem, now: Date) {
        if isSuppressed(item, now: now) { suppressedRepeats += 1 } else { notified += 1 }
    }

    private mutating func trim() {
        guard items.count > Self.capacity else { return }
        let keep = items.values.sorted { $0.time > $1.time }.prefix(Self.capacity)
        items = Dictionary(uniqueKeysWithValues: keep.map { ($0.id, $0) })
        logGroups = logGroups.filter { items[$0.value] != nil }
        logLast = logLast.filter { items[$0.key] != nil }
    }

    /// Starts over (time went backwards: the replay looped). Verdicts stay.
    public mutating func resetItems() {
        items = [:]; logGroups = [:]; logLast = [:]; closedSeen = 0
    }

    /// The list as shown: filtered, suppressed ones hidden unless asked, sorted.
    public func visible(now: Date, filter: String?, showSuppressed: Bool, sortByScore: Bool) -> [TriageItem] {
        var list = items.values.filter { showSuppressed || !isSuppressed($0, now: now) }
        if let f = filter?.lowercased(), !f.isEmpty {
            list = list.filter { $0.subject.lowercased().contains(f) || $0.detail.lowercased().contains(f)
                || $0.kind.rawValue == f || status(of: $0, now: now).rawValue.contains(f) }
        }
        return list.sorted { a, b in
            if sortByScore, a.score != b.score { return a.score > b.score }
            if a.time != b.time { return a.time > b.time }
            return a.id < b.id
        }
    }

    /// Items hidden because of a verdict.
    public func suppressedCount(now: Date) -> Int { items.values.filter { isSuppressed($0, now: now) }.count }
}
