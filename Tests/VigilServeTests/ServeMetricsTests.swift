import Foundation
import Testing
import VigilCore
import VigilDetect
import VigilEngine
@testable import VigilServe

/// The exposition `vigil serve` writes: what each series exports, any label set, stale series gone,
/// counters, OpenMetrics.
@Suite(.timeLimit(.minutes(1)))
struct ServeMetricsTests {
    static let t0 = Date(timeIntervalSince1970: 1_800_000_000)

    static func batch(_ i: Int, _ series: [(SeriesKey, Double)]) -> SourceMessage {
        let t = t0.addingTimeInterval(Double(i) * 30)
        return .metrics(MetricBatch(timestamp: t, samples: series.map { Sample(key: $0.0, value: $0.1, timestamp: t) }))
    }

    static func context(_ counts: ServeStats.Counts = .init(), pad: Bool = false) -> ServeMetrics.Context {
        ServeMetrics.Context(counts: counts, logs: nil, now: t0, startedAt: t0, version: "test", padCompatible: pad,
                             residentBytes: 1_000, lastIngestSeconds: 0.001, ready: true)
    }

    /// Lines of the exposition that are samples of `family`.
    static func samples(_ text: String, _ family: String) -> [String] {
        text.split(separator: "\n").map(String.init).filter { $0.hasPrefix(family + "{") || $0.hasPrefix(family + " ") }
    }

    @Test func everySeriesExportsItsBandScoreAndFlagUnderItsOwnLabels() {
        // Two label sets of one metric name, and labels that clash with Vigil's own: the reference
        // crashed with HTTP 500 on a second label set (its #168).
        let a = SeriesKey(name: "node_load1", labels: ["instance": "a", "job": "node"])
        let b = SeriesKey(name: "node_load1", labels: ["instance": "b", "job": "node", "bound": "x", "metric": "m", "__meta": "y"])
        var engine = Engine()
        for i in 0..<40 { engine.ingest(Self.batch(i, [(a, 1 + Double(i % 3)), (b, 5)])) }
        let text = MetricsExporter(help: ServeMetrics.help).render(ServeMetrics.samples(engine: engine, context: Self.context()),
                                                                  openMetrics: false)
        let expected = Self.samples(text, "vigil_series_expected")
        #expect(expected.count == 6)
        for bound in ["yhat", "lower", "upper"] {
            #expect(expected.contains { $0.contains("bound=\"\(bound)\"") && $0.contains("instance=\"a\"") })
        }
        let bLine = try? #require(Self.samples(text, "vigil_series_anomaly_score").first { $0.contains("instance=\"b\"") })
        #expect(bLine?.contains("exported_bound=\"x\"") == true)
        #expect(bLine?.contains("exported_metric=\"m\"") == true)
        #expect(bLine?.contains("exported___meta=\"y\"") == true)
        #expect(bLine?.contains("metric=\"node_load1\"") == true)
        #expect(Self.samples(text, "vigil_series_anomalous").count == 2)
        #expect(Self.samples(text, "vigil_series_anomalous").allSatisfy { $0.hasSuffix(" 0") || $0.hasSuffix(" 1") })
        #expect(Self.samples(text, "vigil_series_tracked") == ["vigil_series_tracked 2"])
        // The band brackets the expected value, in the same units.
        let yhat = Self.value(expected.first { $0.contains("instance=\"a\"") && $0.contains("yhat") })
        let lower = Self.value(expected.first { $0.contains("instance=\"a\"") && $0.contains("lower") })
        let upper = Self.value(expected.first { $0.contains("instance=\"a\"") && $0.contains("upper") })
        #expect(lower <= yhat && yhat <= upper)
    }

    static func value(_ line: String?) -> Double {
        line.flatMap { $0.split(separator: " ").last.flatMap { Double($0) } } ?? .nan
    }

    @Test func aCounterIsExportedAsItsRatePerSecond() {
        let c = SeriesKey(name: "requests_total", labels: ["job": "api"])
        var engine = Engine()
        for i in 0..<40 { engine.ingest(Self.batch(i, [(c, Double(i) * 300)])) }  // 10 per second
        let text = MetricsExporter(help: ServeMetrics.help).render(ServeMetrics.samples(engine: engine, context: Self.context()),
                                                                  openMetrics: false)
        let value = Self.samples(text, "vigil_series_value")
        #expect(value.count == 1)
        #expect(value.first?.contains("unit=\"per_second\"") == true)
        #expect(abs(Self.value(value.first) - 10) < 1e-9)
    }

    @Test func aSeriesTheEngineForgetsDisappearsFromTheExposition() {
        let keep = SeriesKey(name: "up", labels: ["instance": "a"])
        let gone = SeriesKey(name: "up", labels: ["instance": "b"])
        var engine = Engine(retention: ClusterState.Retention(seconds: 60, refreshes: 3))
        let exporter = MetricsExporter(help: ServeMetrics.help)
        for i in 0..<5 { engine.ingest(Self.batch(i, [(keep, 1), (gone, 1)])) }
        let before = exporter.render(ServeMetrics.samples(engine: engine, context: Self.context()), openMetrics: false)
        #expect(before.contains("instance=\"b\""))
        for i in 5..<20 { engine.ingest(Self.batch(i, [(keep, 1)])) }
        let after = exporter.render(ServeMetrics.samples(engine: engine, context: Self.context()), openMetrics: false)
        #expect(!after.contains("instance=\"b\""))
        #expect(after.contains("instance=\"a\""))
        #expect(Self.samples(after, "vigil_series_forgotten_total") == ["vigil_series_forgotten_total 1"])
    }

    @Test func padCompatibleViewWritesOneFamilyPerMetricWithValueTypes() {
        let k = SeriesKey(name: "cluster:cpu_usage_cores:sum", labels: ["value_type": "v"])
        var engine = Engine()
        for i in 0..<10 { engine.ingest(Self.batch(i, [(k, 2)])) }
        let text = MetricsExporter(help: ServeMetrics.help).render(ServeMetrics.samples(engine: engine, context: Self.context(pad: true)),
                                                                  openMetrics: false)
        let pad = Self.samples(text, "cluster_cpu_usage_cores_sum_vigil")
        #expect(pad.count == 4)
        for type in ["yhat", "yhat_lower", "yhat_upper", "anomaly"] {
            #expect(pad.contains { $0.contains("value_type=\"\(type)\"") && $0.contains("exported_value_type=\"v\"") })
        }
        #expect(!text.contains("cluster:cpu_usage_cores:sum_vigil"))
    }

    @Test func labelValuesAreEscapedAndTemplatesAreBounded() {
        let stats = ServeStats(expected: [])
        let weird = "say \"hi\"\\ and\nbye"
        var lines = [ScoredLogLine(record: LogRecord(timestamp: Self.t0, source: "x", line: weird), template: weird, score: 1, flagged: true)]
        for i in 0..<(ServeStats.namedTemplates + 10) {
            lines.append(ScoredLogLine(record: LogRecord(timestamp: Self.t0, source: "x", line: "t\(i)"), template: "t\(i)", score: 1, flagged: true))
        }
        lines.append(ScoredLogLine(record: LogRecord(timestamp: Self.t0, source: "x", line: "quiet"), template: "quiet", score: 0, flagged: false))
        stats.note(scored: lines)
        let counts = stats.counts
        #expect(counts.linesRead == lines.count)
        #expect(counts.linesFlagged == lines.count - 1)
        #expect(counts.flaggedByTemplate.count == ServeStats.namedTemplates + 1)
        #expect(counts.flaggedByTemplate["other"] == 11)
        let text = MetricsExporter(help: ServeMetrics.help).render(ServeMetrics.samples(engine: Engine(), context: Self.context(counts)),
                                                                  openMetrics: false)
        #expect(text.contains(#"template="say \"hi\"\\ and\nbye""#))
        let flagged = Self.samples(text, "vigil_log_template_flagged_total")
        #expect(flagged.count == ServeStats.namedTemplates + 1)
        #expect(Self.samples(text, "vigil_log_lines_flagged_total") == ["vigil_log_lines_flagged_total \(lines.count - 1)"])
    }

    @Test func openMetricsNamesCounterFamiliesWithoutTotalAndEnds() {
        let exporter = MetricsExporter(help: ServeMetrics.help)
        let samples = [ExportedSample("vigil_log_lines_read_total", .counter, [:], 3), ExportedSample("vigil_ready", .gauge, [:], 1)]
        let om = exporter.render(samples, openMetrics: true)
        #expect(om.contains("# TYPE vigil_log_lines_read counter\n"))
        #expect(om.contains("# HELP vigil_log_lines_read Log lines"))
        #expect(om.contains("\nvigil_log_lines_read_total 3"))
        #expect(om.contains("# TYPE vigil_ready gauge\n"))
        #expect(om.hasSuffix("# EOF\n"))
        let text = exporter.render(samples, openMetrics: false)
        #expect(text.contains("# TYPE vigil_log_lines_read_total counter"))
        #expect(!text.contains("# EOF"))
        #expect(MetricsExporter.wantsOpenMetrics(accept: "application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5"))
        #expect(!MetricsExporter.wantsOpenMetrics(accept: "text/plain"))
        #expect(!MetricsExporter.wantsOpenMetrics(accept: nil))
    }

    /// Each scrape writes the engine's totals as they are: a total that went down (a replay
    /// looped) reads as a counter reset, which rate() understands; fractions keep their digits.
    @Test func countersAreTheEnginesTotalsAndValuesRoundTrip() {
        let exporter = MetricsExporter(help: ServeMetrics.help)
        _ = exporter.render([ExportedSample("vigil_anomalies_raised_total", .counter, [:], 10)], openMetrics: false)
        let text = exporter.render([ExportedSample("vigil_anomalies_raised_total", .counter, [:], 4),
                                    ExportedSample("vigil_series_value", .gauge, ["metric": "x"], 0.1 + 0.2),
                                    ExportedSample("vigil_series_value", .gauge, ["metric": "y"], -2.5e-7)], openMetrics: false)
        #expect(Self.samples(text, "vigil_anomalies_raised_total") == ["vigil_anomalies_raised_total 4"])
        let values = Self.samples(text, "vigil_series_value")
        #expect(values.map(Self.value) == [0.1 + 0.2, -2.5e-7])
    }

    /// Label names are made valid, and a series repeated (two label sets made equal by that) is
    /// written once: Prometheus rejects a whole scrape with a duplicate.
    @Test func namesAreMadeValidAndARepeatedSeriesIsWrittenOnce() {
        let text = MetricsExporter(help: ServeMetrics.help).render([
            ExportedSample("vigil_series_value", .gauge, [.init("a-b", "1"), .init("metric", "m")], 1),
            ExportedSample("vigil_series_value", .gauge, [.init("a_b", "1"), .init("metric", "m")], 2),
            ExportedSample("9bad name", .gauge, [:], 3),
        ], openMetrics: false)
        #expect(Self.samples(text, "vigil_series_value") == [#"vigil_series_value{a_b="1",metric="m"} 1"#])
        #expect(Self.samples(text, "_bad_name") == ["_bad_name 3"])
    }

    @Test func unknownAndInfiniteValuesAreLeftOutNotTrapped() {
        let exporter = MetricsExporter(help: ServeMetrics.help)
        _ = exporter.render([ExportedSample("vigil_series_value", .gauge, ["metric": "x"], 1)], openMetrics: false)
        let text = exporter.render([ExportedSample("vigil_series_value", .gauge, ["metric": "x"], .nan),
                                    ExportedSample("vigil_series_anomaly_score", .gauge, ["metric": "x"], .infinity),
                                    ExportedSample("vigil_series_forgotten_total", .counter, [:], -.infinity),
                                    ExportedSample("vigil_ready", .gauge, [:], 1)], openMetrics: false)
        #expect(Self.samples(text, "vigil_series_value").isEmpty)
        #expect(Self.samples(text, "vigil_series_anomaly_score").isEmpty)
        #expect(Self.samples(text, "vigil_series_forgotten_total").isEmpty)
        #expect(Self.samples(text, "vigil_ready") == ["vigil_ready 1"])
        #expect(!text.lowercased().contains("nan") && !text.lowercased().contains("inf"))
    }
}

@Suite(.timeLimit(.minutes(1)))
struct ServeStatsTests {
    @Test func readyOnceEveryExpectedAndReportingSourceHasAnswered() {
        let stats = ServeStats(expected: ["prometheus", "alertmanager"])
        #expect(stats.waitingFor == ["alertmanager", "prometheus"])
        stats.note(.health(SourceHealth(source: "prometheus", panel: "cpu", state: .ok)))
        stats.note(.health(SourceHealth(source: "alertmanager", state: .stale(reason: "connection refused"))))
        #expect(stats.waitingFor == ["alertmanager"])
        stats.note(.health(SourceHealth(source: "alertmanager", state: .ok)))
        #expect(stats.isReady)
        // A log source that only ever failed keeps it from being ready.
        stats.note(.health(SourceHealth(source: "file /var/log/x.log", state: .stale(reason: "No such file"))))
        #expect(stats.waitingFor == ["file /var/log/x.log"])
        let c = stats.counts
        #expect(c.sourceErrors["alertmanager"] == ["connection": 1])
        #expect(c.sourceErrors["file /var/log/x.log"] == ["file": 1])
        #expect(c.sourceUp["alertmanager"] == true)
        #expect(c.sourceUp["file /var/log/x.log"] == false)
    }

    @Test func anOutageIsCountedOncePerReasonNotPerFailedRefresh() {
        let stats = ServeStats(expected: ["prometheus"])
        for _ in 0..<5 { stats.note(.health(SourceHealth(source: "prometheus", state: .stale(reason: "request timed out after 10 s")))) }
        stats.note(.health(SourceHealth(source: "prometheus", state: .stale(reason: "HTTP status 503"))))
        stats.note(.health(SourceHealth(source: "prometheus", state: .ok)))
        stats.note(.health(SourceHealth(source: "prometheus", state: .stale(reason: "timed out"))))
        #expect(stats.counts.sourceErrors["prometheus"] == ["timeout": 2, "http": 1])
    }

    @Test func reasonClassesNeverCarryTheReasonText() {
        let reasons = ["connect to https://user:secret@prom:9090 refused", "HTTP 401 Unauthorized", "bad JSON at byte 4",
                       "certificate has expired", "something else entirely"]
        let classes = reasons.map(ServeStats.reasonClass)
        #expect(classes == ["connection", "auth", "parse", "tls", "other"])
    }
}

/// The anomalies a serve has open, for a dashboard that reads many serves through one Prometheus.
@Suite(.timeLimit(.minutes(1)))
struct ServeOpenAnomalyTests {
    static let t0 = ServeMetricsTests.t0

    static func flagged(_ template: String, at t: Date) -> ScoredLogLine {
        ScoredLogLine(record: LogRecord(timestamp: t, source: "node-1", line: "disk sda failed"), template: template,
                      score: 0.93, flagged: true)
    }

    @Test func openAnomaliesAreExportedWithTheirFingerprintAndLeaveWhenSuppressedOrOver() throws {
        let exporter = MetricsExporter(help: { ServeMetrics.help($0) })
        var engine = Engine()
        engine.ingest(.clock(Self.t0))
        engine.ingest(.scoredLogs([Self.flagged("disk <*> failed", at: Self.t0)]))
        // One that came from another serve is not exported again.
        engine.ingest(.remoteAnomalies(at: Self.t0, [RemoteAnomaly(cluster: "east", kind: .log, fingerprint: "log|x", subject: "x",
                                                                   detail: "", start: Self.t0, score: 0.5)]))
        var text = exporter.render(ServeMetrics.samples(engine: engine, context: ServeMetricsTests.context()), openMetrics: false)
        let start = ServeMetricsTests.samples(text, "vigil_anomaly_open_start_timestamp_seconds")
        #expect(start == [#"vigil_anomaly_open_start_timestamp_seconds{detail="node-1: disk sda failed",fingerprint="log|disk <*> failed",kind="log",subject="disk <*> failed"} 1800000000"#])
        #expect(ServeMetricsTests.samples(text, "vigil_anomaly_open_score").first?.hasSuffix("} 0.93") == true)

        // An hour without the template: over.
        engine.ingest(.clock(Self.t0 + 3600))
        text = exporter.render(ServeMetrics.samples(engine: engine, context: ServeMetricsTests.context()), openMetrics: false)
        #expect(ServeMetricsTests.samples(text, "vigil_anomaly_open_start_timestamp_seconds").isEmpty)

        // Flagged again, then called a false positive: not asked about, not exported.
        engine.ingest(.scoredLogs([Self.flagged("disk <*> failed", at: Self.t0 + 3600)]))
        engine.confirm([Verdict(id: 1, fingerprint: .log(template: "disk <*> failed"), kind: .log, subject: "disk <*> failed",
                                value: .falsePositive, at: Self.t0 + 3600)])
        text = exporter.render(ServeMetrics.samples(engine: engine, context: ServeMetricsTests.context()), openMetrics: false)
        #expect(ServeMetricsTests.samples(text, "vigil_anomaly_open_start_timestamp_seconds").isEmpty)
    }
}
