import VigilSources
import Foundation
import Synchronization
import VigilCore

/// The live collector: every refresh it runs each panel's profile queries against Prometheus
/// (one query at a time per panel, at most `maxConcurrent` requests overall), reads Alertmanager,
/// and sends the same `SourceMessage`s the replay sends. A failed panel keeps its last good data
/// and is reported stale with the reason; it recovers by itself on the next good refresh.
public final class LiveSource: Sendable {
    struct State {
        var refresh: Double
        var paused = false
        var profile: DashboardProfile?
        var backfilled = false
        /// The profile was sent to the app (once).
        var announced = false
        /// The instant detection was last tried for: one attempt per round, not one per call.
        var lastDetectAttempt: Date?
        /// Last good samples per query, carried forward while a query fails.
        var lastGood: [String: [Sample]] = [:]
        /// Some `vigil serve` has reported open anomalies through this Prometheus.
        var remoteSeen = false
    }

    public let sourceName: String
    public let minimumRefresh: Double
    let prometheus: (any MetricQuerying)?
    let alertmanager: (any AlertListing)?
    let choice: ProfileChoice
    let maxConcurrent: Int
    let history: TimeInterval
    /// Also read the anomalies other `vigil serve` instances have open (the dashboard does; a serve
    /// does not, or it would export them again).
    let remoteAnomalies: Bool
    let sink: @Sendable (SourceMessage) -> Void
    let state: Mutex<State>

    /// - Parameters:
    ///   - refresh: seconds between refreshes; `minimumRefresh` bounds what the `+` key may reach.
    ///   - history: how much history to load at start (query_range), so sparklines and rates are full at once.
    public init(prometheus: (any MetricQuerying)?, alertmanager: (any AlertListing)?, profile: ProfileChoice,
                refresh: Double, minimumRefresh: Double = 1, maxConcurrent: Int = 4, sourceName: String,
                history: TimeInterval = 3600, remoteAnomalies: Bool = false,
                sink: @escaping @Sendable (SourceMessage) -> Void) {
        self.remoteAnomalies = remoteAnomalies
        self.prometheus = prometheus
        self.alertmanager = alertmanager
        self.choice = profile
        self.maxConcurrent = max(1, maxConcurrent)
        self.sourceName = sourceName
        self.minimumRefresh = minimumRefresh
        self.history = history
        self.sink = sink
        var s = State(refresh: max(minimumRefresh, refresh))
        if case .fixed(let p) = profile { s.profile = p }
        state = Mutex(s)
    }

    /// Refreshes until the task is cancelled. Never blocks a thread. Prometheus and Alertmanager
    /// each run their own loop, so a slow Alertmanager never holds back Prometheus data (and the
    /// other way round): each sends what it got as soon as it has it.
    public func run() async {
        await withTaskGroup(of: Void.self) { group in
            if prometheus != nil || alertmanager == nil {
                group.addTask {
                    await self.loop { now in
                        var out = await self.startUpMessages(end: now)
                        out += await self.refreshPrometheus(at: now)
                        out.append(.clock(now))
                        return out
                    }
                }
            }
            if alertmanager != nil {
                group.addTask {
                    await self.loop { now in
                        // Alone, Alertmanager's answers move the clock; beside Prometheus, its loop does.
                        await self.refreshAlertmanager(at: now) + (self.prometheus == nil ? [.clock(now)] : [])
                    }
                }
            }
        }
    }

    /// Calls `round` once per refresh interval (not while paused) and sends what it returns.
    private func loop(_ round: @Sendable (Date) async -> [SourceMessage]) async {
        while !Task.isCancelled {
            let started = monotonicSeconds()
            if !isPaused {
                for m in await round(Date()) { sink(m) }
            }
            // Sleep in short slices so pause, speed changes and cancellation act quickly.
            while !Task.isCancelled, monotonicSeconds() - started < refreshInterval {
                try? await Task.sleep(for: .milliseconds(100))
            }
        }
    }

    /// The profile announcement and the history before `end`, once (after the profile is known).
    public func startUpMessages(end: Date) async -> [SourceMessage] {
        guard !state.withLock({ $0.backfilled }) else { return [] }
        var out = await resolveProfile(at: end)
        guard let profile = state.withLock({ $0.profile }) else { return out }
        // Nil when Prometheus answered none of the range queries (down at start with a fixed
        // profile): tried again next round rather than given up, so the history still loads.
        guard let history = await backfill(profile: profile, end: end) else { return out }
        out += history
        state.withLock { $0.backfilled = true }
        return out
    }

    /// One refresh at `time`: a batch with every panel's series, alerts, health, clock (both
    /// sources in turn: `run` runs them apart).
    public func refresh(at time: Date) async -> [SourceMessage] {
        await refreshPrometheus(at: time) + refreshAlertmanager(at: time) + [.clock(time)]
    }

    /// Every panel's series and health, for one instant.
    func refreshPrometheus(at time: Date) async -> [SourceMessage] {
        var out = await resolveProfile(at: time)
        if let profile = state.withLock({ $0.profile }) {
            out += await collect(profile: profile, at: time)
            if let fleet = profile.fleet { out += await collectFleet(fleet, at: time) }
        }
        out += await collectRemoteAnomalies(at: time)
        return out
    }

    /// The profile's fleet queries: one request per dimension kind, each aggregated by cluster on
    /// the server. Series without the cluster label or the dimension's label are left out.
    public func collectFleet(_ fleet: ProfileFleet, at time: Date) async -> [SourceMessage] {
        guard let prometheus else { return [] }
        var versions: [String: String] = [:], platforms: [String: String] = [:], nodes: [String: Double] = [:]
        var samples: [FleetBatch.Sample] = []
        var failure: String?
        /// What one query's series become: a version or platform (named by a label), a node count
        /// (the value), or samples of a dimension (named by a label, or the level's name).
        enum Part { case version(String), platform(String), nodes, samples(FleetKind, label: String?, name: String?) }
        var parts: [(expr: String, part: Part)] = [(fleet.version.expr, .version(fleet.version.label))]
        if let q = fleet.platform { parts.append((q.expr, .platform(q.label))) }
        if let expr = fleet.nodes { parts.append((expr, .nodes)) }
        for (q, kind) in [(fleet.counts, FleetKind.count), (fleet.conditions, .condition), (fleet.alerts, .events)] {
            if let q { parts.append((q.expr, .samples(kind, label: q.label, name: nil))) }
        }
        for level in fleet.levels { parts.append((level.expr, .samples(.level, label: nil, name: level.name))) }
        for (expr, part) in parts {
            do {
                let answer = try await prometheus.query(expr, at: time)
                for s in Self.samples(answer.result, series: nil, at: time) {
                    guard let cluster = s.key.labels[fleet.clusterLabel], s.value.isFinite else { continue }
                    switch part {
                    case .version(let label): if let v = s.key.labels[label] { versions[cluster] = v }
                    case .platform(let label): if let p = s.key.labels[label] { platforms[cluster] = p }
                    case .nodes: nodes[cluster] = s.value
                    case .samples(let kind, let label, let name):
                        guard let dimension = label.flatMap({ s.key.labels[$0] }) ?? name else { continue }
                        samples.append(FleetBatch.Sample(cluster: cluster, dimension: dimension, kind: kind, value: s.value))
                    }
                }
            } catch {
                failure = failure ?? Self.reason(error)
            }
        }
        var out: [SourceMessage] = []
        if !versions.isEmpty || !samples.isEmpty {
            out.append(.fleet(FleetBatch(timestamp: time, versions: versions, samples: samples, platforms: platforms, nodes: nodes)))
        }
        out.append(.health(SourceHealth(source: "prometheus", panel: "fleet", state: failure.map { .stale(reason: $0) } ?? .ok,
                                        lastSuccess: failure == nil ? time : nil)))
        return out
    }

    /// The open anomalies of every `vigil serve` this Prometheus scrapes, in one query.
    static let remoteAnomalyQuery = #"{__name__=~"vigil_anomaly_open_start_timestamp_seconds|vigil_anomaly_open_score"}"#

    /// The label that names a serve's cluster (its scrape config's or its Prometheus' external
    /// label); `instance` when there is none.
    static let clusterLabel = "cluster"

    func collectRemoteAnomalies(at time: Date) async -> [SourceMessage] {
        guard remoteAnomalies, let prometheus else { return [] }
        guard let answer = try? await prometheus.query(Self.remoteAnomalyQuery, at: time) else {
            // Prometheus' own health says it is down; the anomalies keep their last state meanwhile.
            return []
        }
        let open = Self.remoteAnomalies(Self.samples(answer.result, series: nil, at: time))
        // A Prometheus that scrapes no serve stays quiet; once one has reported, an empty set closes its anomalies.
        let report = state.withLock { s -> Bool in
            if !open.isEmpty { s.remoteSeen = true }
            return s.remoteSeen
        }
        return report ? [.remoteAnomalies(at: time, open)] : []
    }

    /// Pairs each open anomaly's start and score (the two families share their labels).
    static func remoteAnomalies(_ samples: [Sample]) -> [RemoteAnomaly] {
        var scores: [Labels: Double] = [:]
        for s in samples where s.key.name == "vigil_anomaly_open_score" { scores[s.key.labels] = s.value }
        return samples.compactMap { s -> RemoteAnomaly? in
            let l = s.key.labels
            guard s.key.name == "vigil_anomaly_open_start_timestamp_seconds", s.value.isFinite,
                  let kind = l["kind"].flatMap(AnomalyKind.init(rawValue:)), let fingerprint = l["fingerprint"] else { return nil }
            return RemoteAnomaly(cluster: l[clusterLabel] ?? l["instance"] ?? "unknown", kind: kind, fingerprint: fingerprint,
                                 subject: l["subject"] ?? fingerprint, detail: l["detail"] ?? "",
                                 start: Date(timeIntervalSince1970: s.value), score: scores[l] ?? 0)
        }.sorted { ($0.cluster, $0.start.timeIntervalSince1970, $0.fingerprint) < ($1.cluster, $1.start.timeIntervalSince1970, $1.fingerprint) }
    }

    /// Alertmanager's alerts and health, for one instant (nothing without an Alertmanager).
    func refreshAlertmanager(at time: Date) async -> [SourceMessage] {
        guard let am = alertmanager else { return [] }
        do {
            let alerts = try await am.alerts()
            return [.alerts(at: time, alerts), .health(SourceHealth(source: "alertmanager", state: .ok, lastSuccess: time))]
        } catch {
            return [.health(SourceHealth(source: "alertmanager", state: .stale(reason: Self.reason(error))))]
        }
    }

    /// Finds the profile when it is not known yet, and announces it once.
    func resolveProfile(at time: Date) async -> [SourceMessage] {
        if let p = state.withLock({ s -> DashboardProfile? in
            guard let p = s.profile, !s.announced else { return nil }
            s.announced = true
            return p
        }) { return [.profile(Self.info(p))] }
        if state.withLock({ $0.profile != nil }) { return [] }
        guard case .detect(let profiles) = choice else { return [] }
        guard let prometheus else { return [] }
        // startUpMessages and refresh of one round (same instant) both land here: ask and report once.
        let repeated = state.withLock { s -> Bool in
            if s.lastDetectAttempt == time { return true }
            s.lastDetectAttempt = time
            return false
        }
        if repeated { return [] }
        do {
            let names = Set(try await prometheus.metricNames())
            guard let p = ProfileLoader.detect(among: profiles, metricNames: names) else {
                let wanted = profiles.flatMap(\.detect).sorted().joined(separator: ", ")
                return [.health(SourceHealth(source: "prometheus", state: .stale(
                    reason: "no dashboard profile fits this Prometheus (looked for \(wanted)); pass --profile")))]
            }
            state.withLock { $0.profile = p; $0.announced = true }
            return [.profile(Self.info(p))]
        } catch {
            return [.health(SourceHealth(source: "prometheus", state: .stale(reason: Self.reason(error))))]
        }
    }

    static func info(_ p: DashboardProfile) -> ProfileInfo {
        var titles: [String: String] = [:]
        var empty: [String: ProfileInfo.EmptyText] = [:]
        for panel in p.panels {
            if let t = panel.title { titles[panel.id] = t }
            if let e = panel.empty { empty[panel.id] = ProfileInfo.EmptyText(e, healthy: panel.emptyIsHealthy) }
            else if !panel.emptyIsHealthy { empty[panel.id] = ProfileInfo.EmptyText("no rows in the answer", healthy: false) }
        }
        var info = ProfileInfo(name: p.name, panelTitles: titles, panels: p.panels.map(\.id), emptyTexts: empty)
        info.fleetLabel = p.fleet?.clusterLabel
        return info
    }

    /// Runs `work` for each item with at most `maxConcurrent` in flight; results in item order.
    func bounded<T: Sendable, R: Sendable>(_ items: [T], _ work: @escaping @Sendable (T) async -> R) async -> [R] {
        await withTaskGroup(of: (Int, R).self) { group in
            var results = [R?](repeating: nil, count: items.count)
            var next = 0
            while next < min(maxConcurrent, items.count) {
                let i = next, item = items[i]
                group.addTask { (i, await work(item)) }
                next += 1
            }
            while let (i, r) = await group.next() {
                results[i] = r
                if next < items.count {
                    let j = next, item = items[j]
                    group.addTask { (j, await work(item)) }
                    next += 1
                }
            }
            return results.compactMap { $0 }
        }
    }

    static func queryID(_ panel: ProfilePanel, _ index: Int) -> String { "\(panel.id)#\(index)" }

    /// Samples of one result, renamed to the canonical series when the profile says so.
    static func samples(_ result: QueryResult, series: String?, at time: Date) -> [Sample] {
        switch result {
        case .vector(let v):
            return v.map { Sample(name: series ?? $0.name, labels: $0.labels, value: $0.value, timestamp: time) }
        case .scalar(_, let value):
            return [Sample(name: series ?? "scalar", labels: Labels(), value: value, timestamp: time)]
        case .matrix(let m):
            return m.compactMap { s in s.values.last.map { Sample(name: series ?? s.key.name, labels: s.key.labels, value: $0, timestamp: time) } }
        case .string:
            return []
        }
    }

    /// One PromQL expression for all of a panel's queries, so a refresh costs one request per
    /// panel: each query's result is tagged with its index by `label_replace` and the tagged
    /// vectors are joined with `or` (the distinct tag keeps `or` from dropping same-labelled series).
    static func combinedExpr(_ panel: ProfilePanel) -> String {
        if panel.queries.count == 1, let q = panel.queries.first { return q.expr }
        return panel.queries.enumerated().map { i, q in
            "label_replace(\(q.expr), \"\(queryLabel)\", \"\(i)\", \"\", \"\")"
        }.joined(separator: " or ")
    }

    static let queryLabel = "vigil_query"

    /// Splits a combined result back into its queries, renaming to each query's canonical series.
    static func split(_ samples: [Sample], panel: ProfilePanel) -> [[Sample]] {
        var out = [[Sample]](repeating: [], count: panel.queries.count)
        if panel.queries.count == 1, let q = panel.queries.first {
            out[0] = samples.map { Sample(name: q.series ?? $0.name, labels: $0.labels, value: $0.value, timestamp: $0.timestamp) }
            return out
        }
        for s in samples {
            guard let tag = s.labels[queryLabel], let i = Int(tag), i >= 0, i < out.count else { continue }
            var labels = s.labels.dictionary
            labels.removeValue(forKey: queryLabel)
            out[i].append(Sample(name: panel.queries[i].series ?? s.name, labels: Labels(labels), value: s.value, timestamp: s.timestamp))
        }
        return out
    }

    func collect(profile: DashboardProfile, at time: Date) async -> [SourceMessage] {
        guard let prometheus else { return [] }
        typealias PanelResult = (panel: ProfilePanel, samples: [[Sample]]?, error: String?, warnings: [String])
        // One request per panel, at most maxConcurrent panels at once.
        let results: [PanelResult] = await bounded(profile.panels) { panel in
            do {
                let r = try await prometheus.query(Self.combinedExpr(panel), at: time)
                return (panel, Self.split(Self.samples(r.result, series: nil, at: time), panel: panel), nil, r.warnings)
            } catch {
                return (panel, nil, Self.reason(error), [])
            }
        }
        var all: [Sample] = []
        var messages: [SourceMessage] = []
        var anyGood = false
        var firstError: String?
        state.withLock { s in
            for pr in results {
                for i in pr.panel.queries.indices {
                    let id = Self.queryID(pr.panel, i)
                    if let fresh = pr.samples?[i] {
                        anyGood = true
                        s.lastGood[id] = fresh
                        all += fresh
                    } else {
                        // Keep showing the last good data of a failed panel.
                        all += s.lastGood[id] ?? []
                    }
                }
            }
        }
        for pr in results {
            if let e = pr.error {
                firstError = firstError ?? e
                messages.append(.health(SourceHealth(source: "prometheus", panel: pr.panel.id, state: .stale(reason: e))))
            } else if !pr.warnings.isEmpty {
                // Fresh data, but the server says it may be incomplete: the panel reads PARTIAL.
                let said = pr.warnings.prefix(3).joined(separator: "; ") + (pr.warnings.count > 3 ? " (+\(pr.warnings.count - 3) more)" : "")
                messages.append(.health(SourceHealth(source: "prometheus", panel: pr.panel.id,
                                                     state: .partial(warnings: said), lastSuccess: time)))
            } else {
                messages.append(.health(SourceHealth(source: "prometheus", panel: pr.panel.id, state: .ok, lastSuccess: time)))
            }
        }
        if anyGood { messages.insert(.metrics(MetricBatch(timestamp: time, samples: all)), at: 0) }
        messages.append(.health(SourceHealth(source: "prometheus",
                                             state: anyGood || firstError == nil ? .ok : .stale(reason: firstError ?? ""),
                                             lastSuccess: anyGood ? time : nil)))
        return messages
    }

    /// History before `end` from query_range, as one batch per instant (the last instant left to the refresh).
    /// Nil when every panel's request failed.
    func backfill(profile: DashboardProfile, end: Date) async -> [SourceMessage]? {
        guard let prometheus, history > 0 else { return [] }
        let step = max(1, refreshInterval)
        let start = end.addingTimeInterval(-history)
        // Per panel: nil when the request failed, [] when it answered with nothing usable.
        let answers: [[RangeSeries]?] = await bounded(profile.panels) { panel in
            guard let r = try? await prometheus.queryRange(Self.combinedExpr(panel), start: start,
                                                          end: end.addingTimeInterval(-step), step: step)
            else { return nil }
            guard case .matrix(let m) = r.result else { return [] }
            // Split like an instant result: tag → query → canonical series name.
            return m.compactMap { series -> RangeSeries? in
                let probe = Sample(key: series.key, value: 0, timestamp: start)
                let parts = Self.split([probe], panel: panel)
                guard let key = parts.joined().first?.key else { return nil }
                return RangeSeries(key: key, times: series.times, values: series.values)
            }
        }
        if !answers.isEmpty, answers.allSatisfy({ $0 == nil }) { return nil }
        var byTime: [Date: [Sample]] = [:]
        for series in answers.compactMap({ $0 }).joined() {
            for (t, v) in zip(series.times, series.values) {
                byTime[t, default: []].append(Sample(key: series.key, value: v, timestamp: t))
            }
        }
        return byTime.keys.sorted().map { .metrics(MetricBatch(timestamp: $0, samples: byTime[$0] ?? [])) }
    }

    /// The words shown to the operator for a failure (SourceError's message, never a secret).
    static func reason(_ error: any Error) -> String {
        if let e = error as? SourceError { return e.message }
        return String(describing: error)
    }

    // MARK: controls, from any thread

    public var refreshInterval: Double { state.withLock { $0.refresh } }
    public var isPaused: Bool { state.withLock { $0.paused } }
    /// Refreshes per second: `+` doubles it (halves the interval), `-` halves it.
    public var speed: Double { 1 / refreshInterval }
    public func setPaused(_ paused: Bool) { state.withLock { $0.paused = paused } }
    public func setSpeed(_ speed: Double) {
        guard speed > 0, speed.isFinite else { return }
        state.withLock { $0.refresh = min(3600, max(minimumRefresh, 1 / speed)) }
    }
}
