import Foundation
import VigilCore

/// Reading a recording directory: `metrics.om` (required), `cluster.log` and `alerts.json`
/// (optional).
extension ReplayRecording {
    /// The files of a recording folder.
    public static let metricsFile = "metrics.om"
    public static let logFile = "cluster.log"
    public static let alertsFile = "alerts.json"

    public static func load(from directory: URL) throws -> ReplayRecording {
        let metricsURL = directory.appendingPathComponent(Self.metricsFile)
        guard FileManager.default.fileExists(atPath: metricsURL.path) else {
            throw ReplayError.missingMetrics(path: metricsURL.path)
        }
        let batches = try loadBatches(metricsURL)
        guard let first = batches.first?.timestamp else { throw ReplayError.noSamples(path: metricsURL.path) }
        let logURL = directory.appendingPathComponent(Self.logFile)
        let logs = FileManager.default.fileExists(atPath: logURL.path)
            ? parseLog(try read(logURL), source: logURL.lastPathComponent, startingAt: first) : []
        let alertsURL = directory.appendingPathComponent(Self.alertsFile)
        let alerts = FileManager.default.fileExists(atPath: alertsURL.path) ? try loadAlerts(alertsURL) : []
        return ReplayRecording(batches: batches, logs: logs, alertEpisodes: alerts)
    }

    private static func read(_ url: URL) throws -> String {
        // A FIFO would block the start; a directory or an unreadable file is said in plain words.
        if let why = FileReason.unreadable(url.path) { throw ReplayError.unreadable(path: url.path, reason: why) }
        do {
            return String(decoding: try Data(contentsOf: url), as: UTF8.self)
        } catch {
            throw ReplayError.unreadable(path: url.path, reason: FileReason.describe(error, path: url.path))
        }
    }

    /// Samples grouped by timestamp; within a batch, in file order.
    private static func loadBatches(_ url: URL) throws -> [MetricBatch] {
        let samples: [Sample]
        do {
            samples = try OpenMetricsParser.parse(try read(url), defaultTimestamp: Date(timeIntervalSince1970: 0), requireEOF: true)
        } catch let error as OpenMetricsError {
            throw ReplayError.invalidMetrics(path: url.path, error)
        }
        var index: [Date: Int] = [:]
        var groups: [[Sample]] = []
        for sample in samples {
            if let k = index[sample.timestamp] {
                groups[k].append(sample)
            } else {
                index[sample.timestamp] = groups.count
                groups.append([sample])
            }
        }
        return groups.map { MetricBatch(timestamp: $0[0].timestamp, samples: $0) }.sorted { $0.timestamp < $1.timestamp }
    }

    /// Lines of `<RFC 3339 time> <component> <message>`: the component becomes the record's source
    /// and the message its line. A line without a leading time (a continuation, a stack trace)
    /// keeps the previous line's time and source and is kept whole.
    static func parseLog(_ text: String, source: String, startingAt start: Date) -> [LogRecord] {
        var records: [LogRecord] = []
        var time = start
        var component = source
        for raw in text.split(separator: "\n", omittingEmptySubsequences: true) {
            let line = raw.hasSuffix("\r") ? raw.dropLast() : raw
            guard !line.isEmpty else { continue }
            let bytes = Array(line.utf8)
            if let (date, length) = RFC3339.parse(prefixOf: bytes), length < bytes.count, bytes[length] == 32 {
                time = date
                let rest = String(decoding: bytes[(length + 1)...], as: UTF8.self)
                if let space = rest.firstIndex(of: " ") {
                    component = String(rest[..<space])
                    records.append(LogRecord(timestamp: time, source: component, line: String(rest[rest.index(after: space)...])))
                } else {
                    records.append(LogRecord(timestamp: time, source: component, line: rest))
                }
            } else {
                records.append(LogRecord(timestamp: time, source: component, line: String(line)))
            }
        }
        return records
    }

    private static func loadAlerts(_ url: URL) throws -> [Alert] {
        if let why = FileReason.unreadable(url.path) { throw ReplayError.unreadable(path: url.path, reason: why) }
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw ReplayError.unreadable(path: url.path, reason: FileReason.describe(error, path: url.path))
        }
        let decoded: [AlertmanagerAlert]
        do {
            decoded = try JSONSyntax.decode([AlertmanagerAlert].self, from: data)
        } catch {
            throw ReplayError.invalidAlerts(path: url.path, reason: String(describing: error))
        }
        // An alert the replay cannot place in time is an error, never dropped without a word.
        for (i, a) in decoded.enumerated() where RFC3339.parse(a.startsAt) == nil {
            let name = a.labels["alertname"].map { " (\($0))" } ?? ""
            throw ReplayError.invalidAlerts(path: url.path, reason: "alert \(i + 1)\(name): startsAt '\(a.startsAt)' is not an RFC 3339 time")
        }
        return decoded.map(\.alert)
    }
}
