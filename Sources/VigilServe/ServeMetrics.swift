import Foundation
import VigilCore
import VigilDetect
import VigilEngine

/// The metrics `vigil serve` exports, made from the engine's state on each scrape. The mapping is
/// in docs/metrics.md.
public enum ServeMetrics {
    /// Everything one scrape says, besides the engine.
    public struct Context: Sendable {
        public var counts: ServeStats.Counts
        public var logs: LogPipeline.Status?
        public var now: Date
        public var startedAt: Date
        public var version: String
        /// Also write the series in the Prometheus anomaly detector's (PAD's) form.
        public var padCompatible: Bool
        public var residentBytes: Double?
        /// Seconds the engine spent on the latest metric batch.
        public var lastIngestSeconds: Double?
        public var ready: Bool
        /// The syslog receiver's totals, when one listens.
        public var syslog: Syslog?
        public init(counts: ServeStats.Counts, logs: LogPipeline.Status?, now: Date, startedAt: Date, version: String,
                    padCompatible: Bool = false, residentBytes: Double? = nil, lastIngestSeconds: Double? = nil, ready: Bool,
                    syslog: Syslog? = nil) {
            self.counts = counts; self.logs = logs; self.now = now; self.startedAt = startedAt; self.version = version
            self.padCompatible = padCompatible; self.residentBytes = residentBytes
            self.lastIngestSeconds = lastIngestSeconds; self.ready = ready; self.syslog = syslog
        }
    }

    /// What the syslog receiver counted (VigilLogSources' SyslogIntake.Counts, carried here as
    /// plain numbers).
    public struct Syslog: Sendable, Equatable {
        public var received: [String: Int]
        public var dropped: [String: Int]
        public var truncated: Int
        public var connections: Int
        public var connectionErrors: Int
        public init(received: [String: Int], dropped: [String: Int], truncated: Int, connections: Int, connectionErrors: Int) {
            self.received = received; self.dropped = dropped; self.truncated = truncated
            self.connections = connections; self.connectionErrors = connectionErrors
        }
    }

    /// Labels a series' own labels may not take: they are Vigil's (`metric`, `bound`,
    /// `value_type`); such a label is written `exported_<name>`, as Prometheus does for a
    /// target's labels that clash with its own. A label reserved for Prometheus (`__…`) is too.
    public static let reserved: Set<String> = ["metric", "bound", "value_type", "unit"]

    /// The series' labels as exported: its own labels (renamed where they clash, made valid),
    /// with `metric` set to its metric name (and `unit="per_second"` on a counter, whose values are
    /// its rate). Any label set works, several per metric name included. Sorted by name.
    public static func labels(of key: SeriesKey, isRate: Bool = false) -> [ExportedSample.Label] {
        var out: [ExportedSample.Label] = [.init("metric", key.name)]
        var used: Set<String> = ["metric"]
        if isRate { out.append(.init("unit", "per_second")); used.insert("unit") }
        for (name, value) in key.labels.pairs {
            var exported = MetricsExporter.labelName(name)
            if reserved.contains(exported) || exported.hasPrefix("__") { exported = "exported_" + exported }
            while !used.insert(exported).inserted { exported = "exported_" + exported }
            out.append(.init(exported, value))
        }
        return out.sorted { $0.name < $1.name }
    }

    public static func samples(engine: Engine, context c: Context) -> [ExportedSample] {
        var out: [ExportedSample] = []
        let model = engine.cluster.anomalies
        out.reserveCapacity(model.latest.count * (c.padCompatible ? 10 : 6) + 64)
        for (key, f) in model.latest {
            // A counter is scored (and its band drawn) as its per-second rate, not its total.
            let labels = labels(of: key, isRate: f.output.isRate)
            // Rendered once for the series' five (or nine) samples.
            let base = MetricsExporter.renderLabels(labels)
            out.append(ExportedSample("vigil_series_value", .gauge, rendered: base, [], f.value))
            for (bound, value) in [("yhat", f.yhat), ("lower", f.yhatLower), ("upper", f.yhatUpper)] {
                out.append(ExportedSample("vigil_series_expected", .gauge, rendered: base, [.init("bound", bound)], value))
            }
            out.append(ExportedSample("vigil_series_anomaly_score", .gauge, rendered: base, [], f.output.score))
            out.append(ExportedSample("vigil_series_anomalous", .gauge, rendered: base, [], f.anomaly))
            if c.padCompatible {
                let pad = MetricsExporter.renderLabels(labels.filter { $0.name != "metric" })  // the family name says it
                let name = padName(key.name)
                for (type, value) in [("yhat", f.yhat), ("yhat_lower", f.yhatLower), ("yhat_upper", f.yhatUpper), ("anomaly", f.anomaly)] {
                    out.append(ExportedSample(name, .gauge, rendered: pad, [.init("value_type", type)], value))
                }
            }
        }
        out.append(ExportedSample("vigil_series_tracked", .gauge, [:], Double(engine.cluster.seriesTracked)))
        out.append(ExportedSample("vigil_series_forgotten_total", .counter, [:], Double(engine.cluster.forgotten)))
        if let score = engine.cluster.anomalyHistory.last {
            out.append(ExportedSample("vigil_cluster_anomaly_score", .gauge, [:], score))
        }

        // Anomalies raised and verdicts in force, by kind and status.
        let book = engine.anomalies
        let now = engine.clock ?? c.now
        var items: [String: [String: Int]] = [:]
        for item in book.items.values {
            items[item.kind.rawValue, default: [:]][label(book.status(of: item, now: now)), default: 0] += 1
        }
        for kind in AnomalyKind.allCases {
            for status in [TriageStatus.new, .correct, .falsePositive, .snoozed] {
                out.append(ExportedSample("vigil_anomalies", .gauge, ["kind": kind.rawValue, "status": label(status)],
                                          Double(items[kind.rawValue]?[label(status)] ?? 0)))
            }
        }
        // Each open anomaly the operator is asked about (not one a verdict suppressed): what a
        // dashboard reading many serves through one Prometheus lists, named by its cluster. Bounded by
        // the raise policy (a few an hour, not one per flagged sample). Anomalies that came from other
        // serves are not exported again.
        for item in book.items.values.sorted(by: { $0.id < $1.id }) where book.isActive(item, now: now) {
            if case .clustered = item.fingerprint { continue }
            let status = book.status(of: item, now: now)
            guard status == .new || status == .correct else { continue }
            let labels = ["kind": item.kind.rawValue, "fingerprint": item.fingerprint.stored, "subject": item.subject,
                          "detail": String(item.detail.prefix(200))]
            out.append(ExportedSample("vigil_anomaly_open_start_timestamp_seconds", .gauge, labels, item.time.timeIntervalSince1970))
            out.append(ExportedSample("vigil_anomaly_open_score", .gauge, labels, item.score))
        }
        // Fleet: one series per cluster and score kind (the reference's one gauge was overwritten by
        // whichever of its two scores came last).
        for score in engine.fleetScores {
            out.append(ExportedSample("vigil_fleet_score", .gauge, ["cluster": score.cluster, "version": score.version, "kind": "vigil"], score.score))
            if let r = engine.fleetReference.finalResource[score.cluster] {
                out.append(ExportedSample("vigil_fleet_score", .gauge, ["cluster": score.cluster, "version": r.version, "kind": "reference_resource"], r.score))
            }
            if let a = engine.fleetReference.finalAlert[score.cluster] {
                out.append(ExportedSample("vigil_fleet_score", .gauge, ["cluster": score.cluster, "version": a.version, "kind": "reference_alert"], a.score))
            }
        }
        out.append(ExportedSample("vigil_anomalies_raised_total", .counter, [:], Double(book.notified)))
        out.append(ExportedSample("vigil_anomalies_suppressed_total", .counter, [:], Double(book.suppressedRepeats)))
        var verdicts: [String: [String: Int]] = [:]
        for v in book.verdicts.values where v.inForce(at: now) {
            verdicts[v.kind.rawValue, default: [:]][label(v.status), default: 0] += 1
        }
        for kind in AnomalyKind.allCases {
            for status in [TriageStatus.correct, .falsePositive, .snoozed] {
                out.append(ExportedSample("vigil_verdicts", .gauge, ["kind": kind.rawValue, "status": label(status)],
                                          Double(verdicts[kind.rawValue]?[label(status)] ?? 0)))
            }
        }

        // Log detection: the reference's LAD gauges' meaning, with bounded labels.
        out.append(ExportedSample("vigil_log_lines_read_total", .counter, [:], Double(c.counts.linesRead)))
        out.append(ExportedSample("vigil_log_lines_flagged_total", .counter, [:], Double(c.counts.linesFlagged)))
        for (template, n) in c.counts.flaggedByTemplate {
            out.append(ExportedSample("vigil_log_template_flagged_total", .counter, ["template": template], Double(n)))
        }
        if let sys = c.syslog {
            // Every transport and reason, zero included: a rate() over them starts at the first scrape.
            for transport in ["udp", "tcp", "tls"] {
                out.append(ExportedSample("vigil_syslog_messages_received_total", .counter, ["transport": transport],
                                          Double(sys.received[transport] ?? 0)))
            }
            for reason in ["rate_limited", "queue_full"] {
                out.append(ExportedSample("vigil_syslog_messages_dropped_total", .counter, ["reason": reason],
                                          Double(sys.dropped[reason] ?? 0)))
            }
            out.append(ExportedSample("vigil_syslog_messages_truncated_total", .counter, [:], Double(sys.truncated)))
            out.append(ExportedSample("vigil_syslog_connections_total", .counter, [:], Double(sys.connections)))
            out.append(ExportedSample("vigil_syslog_connection_errors_total", .counter, [:], Double(sys.connectionErrors)))
        }
        if let logs = c.logs {
            out.append(ExportedSample("vigil_log_model_trained", .gauge, [:], logs.trained ? 1 : 0))
            out.append(ExportedSample("vigil_log_models_installed_total", .counter, [:], Double(logs.modelsInstalled)))
            out.append(ExportedSample("vigil_log_training_lines", .gauge, [:], Double(logs.trainingLines)))
            if let t = logs.threshold { out.append(ExportedSample("vigil_log_threshold", .gauge, [:], t)) }
            if let at = logs.installedAt {
                out.append(ExportedSample("vigil_log_model_age_seconds", .gauge, [:], max(0, c.now.timeIntervalSince(at))))
            }
        }

        // Sources and self.
        for (source, up) in c.counts.sourceUp {
            out.append(ExportedSample("vigil_source_up", .gauge, ["source": source], up ? 1 : 0))
        }
        for (source, reasons) in c.counts.sourceErrors {
            for (reason, n) in reasons {
                out.append(ExportedSample("vigil_source_errors_total", .counter, ["source": source, "reason": reason], Double(n)))
            }
        }
        out.append(ExportedSample("vigil_metric_batches_total", .counter, [:], Double(c.counts.batches)))
        if let t = c.counts.lastDataTime {
            out.append(ExportedSample("vigil_last_data_timestamp_seconds", .gauge, [:], t.timeIntervalSince1970))
        }
        if let s = c.lastIngestSeconds {
            out.append(ExportedSample("vigil_refresh_duration_seconds", .gauge, [:], s))
        }
        out.append(ExportedSample("vigil_ready", .gauge, [:], c.ready ? 1 : 0))
        out.append(ExportedSample("vigil_build_info", .gauge, ["version": c.version], 1))
        out.append(ExportedSample("process_start_time_seconds", .gauge, [:], c.startedAt.timeIntervalSince1970))
        if let rss = c.residentBytes {
            out.append(ExportedSample("process_resident_memory_bytes", .gauge, [:], rss))
        }
        return out
    }

    /// A status as a label value: new, correct, false_positive, snoozed.
    public static func label(_ status: TriageStatus) -> String {
        status.rawValue.replacingOccurrences(of: " ", with: "_")
    }

    /// PAD's family name for a metric: `<metric>_vigil` (PAD wrote `<metric>_prophet`).
    /// A recording rule's colons become underscores (an exporter's names have none).
    public static func padName(_ metric: String) -> String { metric.replacingOccurrences(of: ":", with: "_") + "_vigil" }

    /// `# HELP` of each family.
    public static func help(_ name: String) -> String {
        switch name {
        case "vigil_series_value": "The series' latest value as the detector scored it: the value, or a counter's per-second rate (unit=per_second)."
        case "vigil_series_expected": "The detector's expected value of the series (bound=yhat) and its band (lower, upper), in the unit of vigil_series_value."
        case "vigil_series_anomaly_score": "How anomalous the series' latest sample is, 0 to 1; from the detector's threshold it is flagged."
        case "vigil_series_anomalous": "1 when the series' latest sample is flagged anomalous, else 0."
        case "vigil_series_tracked": "Series the engine holds state for."
        case "vigil_series_forgotten_total": "Series forgotten after going missing (their state dropped)."
        case "vigil_cluster_anomaly_score": "The cluster anomaly score of the latest batch (0 to 1): the mean of the three highest flagged series scores, or a flagged log line's score if higher; the dashboard's sparkline."
        case "vigil_anomalies": "Anomalies on the Anomalies list, by kind and by the status their verdict gives them."
        case "vigil_anomaly_open_start_timestamp_seconds": "Each open anomaly raised to the operator (not suppressed), by kind, fingerprint, subject and detail: when it started."
        case "vigil_anomaly_open_score": "Each open anomaly raised to the operator: its score, 0 to 1."
        case "vigil_fleet_score": "Fleet mode: how unlike its peers each cluster is, by score kind: vigil (0 to 1), reference_resource and reference_alert (the reference scorer's, unbounded)."
        case "vigil_anomalies_raised_total": "Anomalies raised to the operator (not suppressed by a verdict)."
        case "vigil_anomalies_suppressed_total": "Repeats of anomalies marked false positive or snoozed, kept quiet."
        case "vigil_verdicts": "Verdicts in force, by kind and status."
        case "vigil_syslog_messages_received_total": "Syslog messages received, by transport (udp, tcp, tls), before rate limits."
        case "vigil_syslog_messages_dropped_total": "Syslog messages dropped: rate_limited (a sender over --syslog-rate) or queue_full (more than --syslog-queue waiting)."
        case "vigil_syslog_messages_truncated_total": "Syslog messages cut at 256 KiB (kept, the rest skipped)."
        case "vigil_syslog_connections_total": "Syslog TCP and TLS connections accepted."
        case "vigil_syslog_connection_errors_total": "Syslog connection errors: failed TLS handshakes, resets, UDP receive errors."
        case "vigil_log_lines_read_total": "Log lines scored by the log detector."
        case "vigil_log_lines_flagged_total": "Log lines flagged anomalous."
        case "vigil_log_template_flagged_total": "Flagged log lines by template: the first 20 templates flagged have their own label, the rest count as other."
        case "vigil_log_model_trained": "1 once a log model trained on real lines is in use (before that, lines are scored by the cold-start rules)."
        case "vigil_log_models_installed_total": "Log models installed (trained or loaded)."
        case "vigil_log_training_lines": "Lines the log model in use was trained on."
        case "vigil_log_threshold": "The log score above which a line is flagged (training mean + k standard deviations; before training, the cold-start threshold)."
        case "vigil_log_model_age_seconds": "Seconds since the log model in use was installed."
        case "vigil_source_up": "1 when the source's latest report was an answer, 0 when it failed."
        case "vigil_source_errors_total": "Source outages, by source and a bounded reason class."
        case "vigil_metric_batches_total": "Metric batches ingested."
        case "vigil_last_data_timestamp_seconds": "Data time of the newest metric batch (Unix seconds)."
        case "vigil_refresh_duration_seconds": "Seconds the engine spent on the latest metric batch."
        case "vigil_ready": "1 once every source has answered at least once (as /-/ready)."
        case "vigil_build_info": "Vigil's version."
        case "process_start_time_seconds": "Start time of the process (Unix seconds)."
        case "process_resident_memory_bytes": "Resident memory of the process, in bytes."
        default:
            name.hasSuffix("_vigil")
                ? "PAD-compatible forecast of the metric: value_type yhat, yhat_lower, yhat_upper, anomaly (0/1)."
                : name
        }
    }

    /// Resident memory of this process from /proc (Linux); nil elsewhere.
    public static func residentBytes() -> Double? {
        guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return nil }
        let fields = text.split(separator: " ")
        guard fields.count > 1, let pages = Double(fields[1]) else { return nil }
        return pages * Double(sysconf(Int32(_SC_PAGESIZE)))
    }
}
