import Foundation
import VigilGenerator
import VigilSources

/// What a backfill produced and how long it took.
public struct BackfillReport: Sendable {
    /// One TSDB block `promtool` wrote.
    public struct Block: Sendable, Equatable {
        public let ulid: String
        /// Milliseconds since 1970.
        public let minTime: Int64
        public let maxTime: Int64
        public let samples: Int
        public let series: Int
    }

    /// The TSDB folder to start Prometheus on (`RealServers.prometheus(storage:)`).
    public let storage: URL
    /// The OpenMetrics (and, for the incident, log and alerts) files that were imported.
    public let recording: URL
    /// Seconds spent writing the OpenMetrics file.
    public let generateSeconds: Double
    /// Seconds `promtool tsdb create-blocks-from openmetrics` took.
    public let importSeconds: Double
    /// Size of the imported OpenMetrics file.
    public let bytes: Int
    /// The blocks, from promtool's table.
    public let blocks: [Block]
    /// promtool's stdout and stderr.
    public let promtoolOutput: String

    public var samples: Int { blocks.reduce(0) { $0 + $1.samples } }
}

/// Fills a Prometheus TSDB folder from OpenMetrics text with `promtool`, for tests and
/// benchmarks that need history in a real Prometheus.
///
/// The folders live under `$TMPDIR/vigil-live-<pid>/` and are deleted when the process exits
/// (or earlier by the caller).
public enum Backfill {
    /// Writes the sample-data recording ending at `end` (`SampleDataGenerator`) into a temporary
    /// folder and imports its `metrics.om` with `promtool tsdb create-blocks-from openmetrics`.
    /// Returns the storage folder to start Prometheus on, and the recording folder (for the
    /// replay side of a parity test).
    public static func incident(end: Date, hours: Int = 8) throws -> (storage: URL, recording: URL) {
        let report = try incidentReport(end: end, hours: hours)
        return (report.storage, report.recording)
    }

    /// `incident`, with timings and promtool's block table.
    public static func incidentReport(end: Date, hours: Int = 8) throws -> BackfillReport {
        let directory = try LiveScratch.makeDirectory("backfill-incident")
        let recording = directory.appendingPathComponent("recording")
        let started = Date()
        try SampleDataGenerator(end: end, hours: hours).write(to: recording)
        let generated = Date().timeIntervalSince(started)
        return try importOpenMetrics(recording.appendingPathComponent(SampleDataGenerator.metricsFile),
                                     into: directory.appendingPathComponent("storage"),
                                     recording: recording, generateSeconds: generated)
    }

    /// Synthetic OpenMetrics with exactly `series` series over `minutes` at 30 s ending at `end`,
    /// backfilled; for a collection benchmark. About 90 % are `apiserver_request_total{code,verb,
    /// resource,instance}` counters, the rest `node_cpu_seconds_total{instance,cpu,mode}`
    /// counters and `up{job,instance}` gauges. Deterministic for the same arguments.
    /// Returns the storage folder; the OpenMetrics file is deleted after the import.
    public static func synthetic(series: Int, minutes: Int, end: Date) throws -> URL {
        try syntheticReport(series: series, minutes: minutes, end: end).storage
    }

    /// `synthetic`, with timings and promtool's block table (`recording` is gone by then).
    public static func syntheticReport(series: Int, minutes: Int, end: Date) throws -> BackfillReport {
        let directory = try LiveScratch.makeDirectory("backfill-synthetic")
        let file = directory.appendingPathComponent("synthetic.om")
        let started = Date()
        try SyntheticOpenMetrics(series: series, minutes: minutes, end: end).write(to: file)
        let generated = Date().timeIntervalSince(started)
        defer { try? FileManager.default.removeItem(at: file) }
        return try importOpenMetrics(file, into: directory.appendingPathComponent("storage"),
                                     recording: file, generateSeconds: generated)
    }

    /// Runs `promtool tsdb create-blocks-from openmetrics <file> <storage>` (10 minutes at most).
    public static func importOpenMetrics(_ file: URL, into storage: URL, recording: URL? = nil,
                                         generateSeconds: Double = 0) throws -> BackfillReport {
        let promtool = try ServerBinaries.require("promtool")
        let bytes = (try? FileManager.default.attributesOfItem(atPath: file.path)[.size] as? Int) ?? 0
        let result = try ProcessRunner.run(promtool, ["tsdb", "create-blocks-from", "openmetrics", file.path, storage.path],
                                           environment: RealServers.serverEnvironment(), timeout: 600)
        let blocks = parseBlocks(result.stdout)
        guard !blocks.isEmpty else {
            throw RealServerError("promtool wrote no blocks from \(file.path):\n\(result.stdout)\n\(result.stderr)")
        }
        return BackfillReport(storage: storage, recording: recording ?? file.deletingLastPathComponent(),
                              generateSeconds: generateSeconds, importSeconds: result.seconds, bytes: bytes,
                              blocks: blocks, promtoolOutput: result.stdout + result.stderr)
    }

    /// promtool's table: `BLOCK ULID  MIN TIME  MAX TIME  DURATION  NUM SAMPLES  NUM CHUNKS  NUM SERIES  SIZE`.
    static func parseBlocks(_ output: String) -> [BackfillReport.Block] {
        output.split(whereSeparator: \.isNewline).compactMap { line in
            let f = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
            guard f.count >= 8, f[0].count == 26, let minT = Int64(f[1]), let maxT = Int64(f[2]),
                  let samples = Int(f[4]), let series = Int(f[6]) else { return nil }
            return BackfillReport.Block(ulid: String(f[0]), minTime: minT, maxTime: maxT, samples: samples, series: series)
        }
    }
}
