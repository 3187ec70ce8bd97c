import Foundation
import Synchronization
import Testing
import VigilCore
@testable import VigilSources
@testable import VigilPrometheus

/// A Prometheus stand-in: answers each expr from a table, can fail on demand, counts calls.
final class FakeQuerier: MetricQuerying {
    struct State {
        var answers: [String: [Sample]] = [:]
        var failing: Set<String> = []
        var failAll = false
        var calls: [String] = []
        var inFlight = 0
        var maxInFlight = 0
        var names: [String] = []
        /// Returned with every answer, as Thanos does when a store did not answer.
        var warnings: [String] = []
    }
    let state = Mutex(State())

    func set(_ expr: String, _ samples: [Sample]) { state.withLock { $0.answers[expr] = samples } }

    /// Undoes LiveSource's combining: `label_replace(E, "vigil_query", "i", "", "") or …`.
    static func parts(_ promql: String) -> [(expr: String, tag: String?)] {
        guard promql.hasPrefix("label_replace(") else { return [(promql, nil)] }
        return promql.components(separatedBy: " or ").map { part in
            let inner = part.dropFirst("label_replace(".count)
            guard let r = inner.range(of: ", \"vigil_query\", \"") else { return (String(inner), nil) }
            return (String(inner[..<r.lowerBound]), String(inner[r.upperBound...].prefix { $0 != "\"" }))
        }
    }

    func answer(_ promql: String) throws -> [Sample] {
        var out: [Sample] = []
        for (expr, tag) in Self.parts(promql) {
            let (fail, answer) = state.withLock { ($0.failAll || $0.failing.contains(expr), $0.answers[expr] ?? []) }
            if fail { throw SourceError(kind: .connectionRefused, message: "connection refused (127.0.0.1:9)") }
            out += answer.map { s in
                var d = s.labels.dictionary
                if let tag { d["vigil_query"] = tag }
                return Sample(name: s.name, labels: Labels(d), value: s.value, timestamp: s.timestamp)
            }
        }
        return out
    }

    func query(_ promql: String, at time: Date?) async throws -> QueryResponse {
        state.withLock { s in s.calls.append(promql); s.inFlight += 1; s.maxInFlight = max(s.maxInFlight, s.inFlight) }
        try? await Task.sleep(for: .milliseconds(5))
        defer { state.withLock { $0.inFlight -= 1 } }
        return QueryResponse(result: .vector(try answer(promql)), warnings: state.withLock { $0.warnings })
    }

    func queryRange(_ promql: String, start: Date, end: Date, step: TimeInterval) async throws -> QueryResponse {
        var series: [RangeSeries] = []
        for s in try answer(promql) {
            var times: [Date] = [], values: [Double] = []
            var t = start
            while t <= end { times.append(t); values.append(s.value); t = t.addingTimeInterval(step) }
            series.append(RangeSeries(key: s.key, times: times, values: values))
        }
        return QueryResponse(result: .matrix(series), warnings: [])
    }

    func metricNames() async throws -> [String] {
        let (fail, names) = state.withLock { ($0.failAll, $0.names) }
        if fail { throw SourceError(kind: .connectionRefused, message: "connection refused (127.0.0.1:9)") }
        return names
    }
}

@Suite(.timeLimit(.minutes(5))) struct LiveSourceTests {
    static let profileText = """
        name: test
        detect: [up]
        panels:
          operators:
            queries:
              - series: cluster_operator_conditions
                expr: ops
          down:
            queries:
              - expr: up
              - series: kube_node_status_condition
                expr: nodes
          cpu:
            title: Processor
            queries:
              - series: cluster:cpu_usage_cores:sum
                expr: cpu_used
              - series: cluster:capacity_cpu_cores:sum
                expr: cpu_cap
        """
    static var profile: DashboardProfile { get throws { try ProfileLoader.parse(profileText, file: "test.yaml") } }

    static func sample(_ name: String, _ labels: [String: String], _ v: Double) -> Sample {
        Sample(name: name, labels: Labels(labels), value: v, timestamp: Date(timeIntervalSince1970: 0))
    }

    func fake() -> FakeQuerier {
        let f = FakeQuerier()
        f.set("ops", [Self.sample("", ["name": "etcd", "condition": "Degraded", "reason": "X"], 1)])
        f.set("up", [Self.sample("up", ["job": "node", "instance": "a:9100"], 0)])
        f.set("nodes", [Self.sample("whatever", ["node": "n1", "condition": "Ready", "status": "true"], 1)])
        f.set("cpu_used", [Self.sample("", [:], 3)])
        f.set("cpu_cap", [Self.sample("", [:], 8)])
        f.state.withLock { $0.names = ["up", "node_cpu_seconds_total"] }
        return f
    }

    func batches(_ ms: [SourceMessage]) -> [MetricBatch] {
        ms.compactMap { if case .metrics(let b) = $0 { b } else { nil } }
    }

    @Test func aRefreshRenamesSeriesAndAnnouncesTheProfile() async throws {
        let f = fake()
        let src = LiveSource(prometheus: f, alertmanager: nil, profile: .fixed(try Self.profile), refresh: 30, sourceName: "t", sink: { _ in })
        let t = Date(timeIntervalSince1970: 1_800_000_000)
        let ms = await src.refresh(at: t)
        let batch = try #require(batches(ms).first)
        #expect(batch.timestamp == t)
        #expect(Set(batch.samples.map(\.name)) == ["cluster_operator_conditions", "up", "kube_node_status_condition",
                                                   "cluster:cpu_usage_cores:sum", "cluster:capacity_cpu_cores:sum"])
        #expect(batch.samples.allSatisfy { $0.timestamp == t })
        #expect(ms.contains(.profile(ProfileInfo(name: "test", panelTitles: ["cpu": "Processor"], panels: ["operators", "down", "cpu"]))))
        #expect(ms.last == .clock(t))
    }

    /// Many clusters, one screen: the open anomalies of the serves this Prometheus scrapes, start
    /// and score paired by their labels, the cluster from `cluster` (else `instance`).
    @Test func theDashboardReadsServesOpenAnomaliesAndAServeDoesNot() async throws {
        let f = fake()
        let labels = ["kind": "metric", "fingerprint": "metric|up|shift|down|m1", "subject": "up", "detail": "fell"]
        f.set(LiveSource.remoteAnomalyQuery, [
            Self.sample("vigil_anomaly_open_start_timestamp_seconds", labels.merging(["cluster": "west"]) { a, _ in a }, 1_799_999_000),
            Self.sample("vigil_anomaly_open_score", labels.merging(["cluster": "west"]) { a, _ in a }, 0.7),
            Self.sample("vigil_anomaly_open_start_timestamp_seconds", labels.merging(["instance": "east:9469"]) { a, _ in a }, 1_799_998_000),
            Self.sample("vigil_anomaly_open_start_timestamp_seconds", ["kind": "nonsense", "fingerprint": "x"], 1),
        ])
        let t = Date(timeIntervalSince1970: 1_800_000_000)
        let dashboard = LiveSource(prometheus: f, alertmanager: nil, profile: .fixed(try Self.profile), refresh: 30, sourceName: "t",
                                   remoteAnomalies: true, sink: { _ in })
        let open = await dashboard.refresh(at: t).compactMap { m -> [RemoteAnomaly]? in
            if case .remoteAnomalies(let at, let list) = m, at == t { return list } else { return nil }
        }
        #expect(open == [[
            RemoteAnomaly(cluster: "east:9469", kind: .metric, fingerprint: "metric|up|shift|down|m1", subject: "up", detail: "fell",
                          start: Date(timeIntervalSince1970: 1_799_998_000), score: 0),
            RemoteAnomaly(cluster: "west", kind: .metric, fingerprint: "metric|up|shift|down|m1", subject: "up", detail: "fell",
                          start: Date(timeIntervalSince1970: 1_799_999_000), score: 0.7),
        ]])
        // Once a serve has reported, an empty answer closes its anomalies.
        f.set(LiveSource.remoteAnomalyQuery, [])
        #expect(await dashboard.refresh(at: t + 30).contains(.remoteAnomalies(at: t + 30, [])))

        let serve = LiveSource(prometheus: f, alertmanager: nil, profile: .fixed(try Self.profile), refresh: 30, sourceName: "t", sink: { _ in })
        f.state.withLock { $0.calls = [] }
        let ms = await serve.refresh(at: t)
        #expect(!ms.contains { if case .remoteAnomalies = $0 { true } else { false } })
        #expect(!f.state.withLock { $0.calls }.contains(LiveSource.remoteAnomalyQuery))
    }

    /// Thanos' `warnings` (a store that did not answer) mark every panel of that answer PARTIAL;
    /// the data still counts, and a clean answer clears it.
    @Test func warningsInAnAnswerMarkThePanelPartial() async throws {
        let f = fake()
        let src = LiveSource(prometheus: f, alertmanager: nil, profile: .fixed(try Self.profile), refresh: 30, sourceName: "t", sink: { _ in })
        f.state.withLock { $0.warnings = ["partial response: store 10.0.0.7:10901 did not answer"] }
        let ms = await src.refresh(at: Date(timeIntervalSince1970: 100))
        #expect(!batches(ms).isEmpty)
        #expect(ms.contains(.health(SourceHealth(source: "prometheus", panel: "down",
                                                 state: .partial(warnings: "partial response: store 10.0.0.7:10901 did not answer"),
                                                 lastSuccess: Date(timeIntervalSince1970: 100)))))
        f.state.withLock { $0.warnings = [] }
        let again = await src.refresh(at: Date(timeIntervalSince1970: 130))
        #expect(again.contains { if case .health(let h) = $0 { h.panel == "down" && h.state == .ok } else { false } })
    }

    @Test func aFailingPanelKeepsItsLastGoodDataAndIsMarkedStaleThenRecovers() async throws {
        let f = fake()
        let src = LiveSource(prometheus: f, alertmanager: nil, profile: .fixed(try Self.profile), refresh: 30, sourceName: "t", sink: { _ in })
        _ = await src.refresh(at: Date(timeIntervalSince1970: 100))
        f.state.withLock { $0.failing = ["nodes"] }
        let ms = await src.refresh(at: Date(timeIntervalSince1970: 130))
        let batch = try #require(batches(ms).first)
        #expect(batch.samples.contains { $0.name == "kube_node_status_condition" })
        #expect(ms.contains(.health(SourceHealth(source: "prometheus", panel: "down", state: .stale(reason: "connection refused (127.0.0.1:9)")))))
        #expect(ms.contains { if case .health(let h) = $0 { h.panel == "cpu" && h.state == .ok } else { false } })
        f.state.withLock { $0.failing = [] }
        let again = await src.refresh(at: Date(timeIntervalSince1970: 160))
        #expect(again.contains { if case .health(let h) = $0 { h.panel == "down" && h.state == .ok } else { false } })
    }

    @Test func prometheusDownAtStartIsReportedAndDetectionRetriesUntilItIsUp() async throws {
        let f = fake()
        f.state.withLock { $0.failAll = true }
        let node = try ProfileLoader.parse("""
            name: nodeish
            detect: [node_cpu_seconds_total]
            panels:
              cpu:
                queries:
                  - series: cluster:cpu_usage_cores:sum
                    expr: cpu_used
            """, file: "n.yaml")
        let src = LiveSource(prometheus: f, alertmanager: nil, profile: .detect(among: [node]), refresh: 30, sourceName: "t", sink: { _ in })
        let down = await src.refresh(at: Date(timeIntervalSince1970: 100))
        #expect(batches(down).isEmpty)
        #expect(down.contains(.health(SourceHealth(source: "prometheus", state: .stale(reason: "connection refused (127.0.0.1:9)")))))
        f.state.withLock { $0.failAll = false }
        let up = await src.refresh(at: Date(timeIntervalSince1970: 130))
        #expect(up.contains { if case .profile(let p) = $0 { p.name == "nodeish" } else { false } })
        #expect(batches(up).first?.samples.map(\.name) == ["cluster:cpu_usage_cores:sum"])
    }

    @Test func oneRequestPerPanelAndConcurrencyIsBounded() async throws {
        let f = fake()
        let src = LiveSource(prometheus: f, alertmanager: nil, profile: .fixed(try Self.profile), refresh: 30, maxConcurrent: 2,
                             sourceName: "t", sink: { _ in })
        _ = await src.refresh(at: Date())
        let (calls, maxInFlight) = f.state.withLock { ($0.calls, $0.maxInFlight) }
        #expect(calls.count == 3)              // one request per panel
        #expect(maxInFlight <= 2)
    }

    @Test func historyComesBackAsOneBatchPerInstantBeforeTheEnd() async throws {
        let f = fake()
        let src = LiveSource(prometheus: f, alertmanager: nil, profile: .fixed(try Self.profile), refresh: 30, sourceName: "t",
                             history: 300, sink: { _ in })
        let end = Date(timeIntervalSince1970: 1_800_000_000)
        let ms = await src.startUpMessages(end: end)
        let bs = batches(ms)
        #expect(bs.count == 10)   // 300 s at 30 s, the last instant left to the refresh
        #expect(bs.map(\.timestamp) == bs.map(\.timestamp).sorted())
        #expect(bs.last.map { $0.timestamp < end } == true)
        #expect(bs.allSatisfy { $0.samples.count == 5 })
        #expect(await src.startUpMessages(end: end).isEmpty) // once only
    }

    @Test func historyIsRetriedWhenPrometheusWasDownAtStart() async throws {
        let f = fake()
        f.state.withLock { $0.failAll = true }
        let src = LiveSource(prometheus: f, alertmanager: nil, profile: .fixed(try Self.profile), refresh: 30, sourceName: "t",
                             history: 300, sink: { _ in })
        let end = Date(timeIntervalSince1970: 1_800_000_000)
        #expect(batches(await src.startUpMessages(end: end)).isEmpty)
        f.state.withLock { $0.failAll = false }
        #expect(batches(await src.startUpMessages(end: end.addingTimeInterval(30))).count == 10)
    }

    @Test func detectionIsTriedOncePerRound() async throws {
        let f = fake()
        f.state.withLock { $0.failAll = true }
        let src = LiveSource(prometheus: f, alertmanager: nil, profile: .detect(among: [try Self.profile]), refresh: 30,
                             sourceName: "t", sink: { _ in })
        let t = Date(timeIntervalSince1970: 100)
        let messages = await src.startUpMessages(end: t) + (await src.refresh(at: t))
        let stale = messages.filter { if case .health(let h) = $0 { h.source == "prometheus" } else { false } }
        #expect(stale.count == 1)
    }

    /// An Alertmanager that takes `delay` seconds to answer.
    struct SlowAlertmanager: AlertListing {
        let delay: Double
        func alerts() async throws -> [Alert] {
            try await Task.sleep(for: .milliseconds(Int(delay * 1000)))
            return []
        }
    }

    /// A slow Alertmanager held back every Prometheus refresh (one round waited for both): now
    /// Prometheus data arrives on its own time, and its refreshes go on while Alertmanager hangs.
    @Test func aSlowAlertmanagerNeverDelaysPrometheusData() async throws {
        let q = FakeQuerier()
        q.set("up", [Self.sample("up", ["job": "a", "instance": "x"], 1)])
        let got = Mutex<[(Double, SourceMessage)]>([])
        let start = Date()
        let src = LiveSource(prometheus: q, alertmanager: SlowAlertmanager(delay: 30), profile: .fixed(try Self.profile),
                             refresh: 1, minimumRefresh: 1, sourceName: "t", history: 0,
                             sink: { m in got.withLock { $0.append((Date().timeIntervalSince(start), m)) } })
        let task = Task { await src.run() }
        let deadline = Date().addingTimeInterval(20)
        func metricsCount() -> Int { got.withLock { $0.filter { if case .metrics = $0.1 { return true }; return false }.count } }
        while metricsCount() < 3, Date() < deadline { try await Task.sleep(for: .milliseconds(50)) }
        task.cancel()
        let messages = got.withLock { $0 }
        let metrics = messages.filter { if case .metrics = $0.1 { return true }; return false }
        #expect(metrics.count >= 3, "Prometheus refreshes while Alertmanager hangs: \(metrics.count)")
        #expect((metrics.first?.0 ?? 99) < 2, "first data after \(metrics.first?.0 ?? -1) s")
        #expect(!messages.contains { if case .alerts = $0.1 { return true }; return false })
        #expect(messages.contains { if case .clock = $0.1 { return true }; return false })
    }

    @Test func speedKeysChangeTheRefreshWithinItsBounds() throws {
        let src = LiveSource(prometheus: nil, alertmanager: nil, profile: .fixed(try Self.profile), refresh: 30, minimumRefresh: 30,
                             sourceName: "t", sink: { _ in })
        src.setSpeed(src.speed * 2)
        #expect(src.refreshInterval == 30)     // remote floor
        src.setSpeed(src.speed / 2)
        #expect(src.refreshInterval == 60)
        src.setPaused(true)
        #expect(src.isPaused)
    }
}

/// `vigil --attach URL`: a running serve's open anomalies, read from its /metrics.
@Suite(.timeLimit(.minutes(1))) struct AttachSourceTests {
    struct FakeServe: HTTPTransport {
        var status = 200
        var body = ""
        var fails = false
        func send(_ request: HTTPRequestSpec) async throws -> HTTPResponseData {
            if fails { throw SourceError(kind: .connectionRefused, message: "connection refused (127.0.0.1:9469)") }
            #expect(request.path == "/metrics")
            return HTTPResponseData(status: status, body: Array(body.utf8))
        }
        func shutdown() async {}
    }

    static let exposition = """
        # HELP vigil_series_value The value.
        # TYPE vigil_series_value gauge
        vigil_series_value{metric="up",job="api"} 1
        # TYPE vigil_anomaly_open_start_timestamp_seconds gauge
        vigil_anomaly_open_start_timestamp_seconds{detail="node-1: disk sda failed",fingerprint="log|disk <*> failed",kind="log",subject="disk <*> failed"} 1800000000
        # TYPE vigil_anomaly_open_score gauge
        vigil_anomaly_open_score{detail="node-1: disk sda failed",fingerprint="log|disk <*> failed",kind="log",subject="disk <*> failed"} 0.93
        vigil_build_info{version="test"} 1

        """

    @Test func readsTheServesOpenAnomaliesWithItsOwnFingerprints() async {
        let t = Date(timeIntervalSince1970: 1_800_000_100)
        let messages = await AttachSource(transport: FakeServe(body: Self.exposition), sink: { _ in }).poll(at: t)
        #expect(messages == [
            .remoteAnomalies(at: t, [RemoteAnomaly(cluster: "", kind: .log, fingerprint: "log|disk <*> failed", subject: "disk <*> failed",
                                                   detail: "node-1: disk sda failed", start: Date(timeIntervalSince1970: 1_800_000_000),
                                                   score: 0.93)]),
            .health(SourceHealth(source: "serve", state: .ok, lastSuccess: t)),
        ])
    }

    @Test func aServeThatDoesNotAnswerIsSaidAndNothingIsClosed() async {
        let t = Date(timeIntervalSince1970: 1_800_000_100)
        let down = await AttachSource(transport: FakeServe(fails: true), sink: { _ in }).poll(at: t)
        #expect(down == [.health(SourceHealth(source: "serve", state: .stale(reason: "connection refused (127.0.0.1:9469)")))])
        let error = await AttachSource(transport: FakeServe(status: 503), sink: { _ in }).poll(at: t)
        #expect(error == [.health(SourceHealth(source: "serve", state: .stale(reason: "HTTP 503 from /metrics")))])
    }
}

/// A profile's `fleet:` queries: parsed and checked, then one request per dimension kind, each
/// series named by its cluster label.
@Suite(.timeLimit(.minutes(1))) struct FleetQueryTests {
    static let profileText = """
        name: fleetish
        detect: [up]
        panels:
          down:
            queries:
              - expr: up
        fleet:
          cluster_label: _id
          version: {expr: 'max by (_id, version) (cluster_version)', label: version}
          counts: {expr: 'sum by (_id, resource) (etcd_object_counts)', label: resource}
          alerts: {expr: 'count by (_id, alertname) (ALERTS{alertstate="firing"})', label: alertname}
        """

    @Test func fleetQueriesBecomeOneBatchByCluster() async throws {
        let profile = try ProfileLoader.parse(Self.profileText, file: "fleetish.yaml")
        let fleet = try #require(profile.fleet)
        #expect(fleet.clusterLabel == "_id" && fleet.conditions == nil && fleet.counts?.label == "resource")
        let f = FakeQuerier()
        f.set("up", [LiveSourceTests.sample("up", ["job": "a"], 1)])
        f.set(fleet.version.expr, [LiveSourceTests.sample("", ["_id": "c1", "version": "4.14.2"], 1),
                                   LiveSourceTests.sample("", ["version": "no cluster label"], 1)])
        f.set(fleet.counts?.expr ?? "", [LiveSourceTests.sample("", ["_id": "c1", "resource": "pods"], 312)])
        f.set(fleet.alerts?.expr ?? "", [LiveSourceTests.sample("", ["_id": "c2", "alertname": "Watchdog"], 1)])
        let source = LiveSource(prometheus: f, alertmanager: nil, profile: .fixed(profile), refresh: 30, sourceName: "t", sink: { _ in })
        let t = Date(timeIntervalSince1970: 1_800_000_000)
        let messages = await source.refresh(at: t)
        let batch = try #require(messages.compactMap { if case .fleet(let b) = $0 { b } else { nil } }.first)
        #expect(batch.timestamp == t)
        #expect(batch.versions == ["c1": "4.14.2"])
        #expect(batch.samples == [.init(cluster: "c1", dimension: "pods", kind: .count, value: 312),
                                  .init(cluster: "c2", dimension: "Watchdog", kind: .events, value: 1)])
        #expect(messages.contains(.health(SourceHealth(source: "prometheus", panel: "fleet", state: .ok, lastSuccess: t))))
        #expect(messages.contains { if case .profile(let p) = $0 { p.fleetLabel == "_id" } else { false } })
        // Three requests for the fleet, whatever the number of clusters.
        #expect(f.state.withLock { $0.calls }.filter { $0.contains("by (_id") }.count == 3)
    }

    @Test func aFleetSectionWithoutVersionIsRefusedWithItsLine() {
        let text = Self.profileText.replacingOccurrences(of: "  version: {expr: 'max by (_id, version) (cluster_version)', label: version}\n", with: "")
        #expect(throws: ProfileError.self) { try ProfileLoader.parse(text, file: "bad.yaml") }
        do { _ = try ProfileLoader.parse(text, file: "bad.yaml") } catch {
            #expect("\(error)".contains("fleet needs version"))
        }
    }
}
