import Foundation
import VigilEngine
import VigilRuntime
import VigilDetect

/// Published group accuracies (original LogHub truth) of the peers, as the data README gives them.
enum EvalParsePeers {
    /// Drain with per-dataset tuned settings: Zhu et al., "Tools and Benchmarks for Automated Log
    /// Parsing", ICSE-SEIP 2019, table of group accuracy on the LogHub 2k samples.
    static let drainTuned: [String: Double] = [
        "HDFS": 0.998, "Hadoop": 0.948, "Spark": 0.920, "Zookeeper": 0.967, "OpenStack": 0.733, "BGL": 0.963,
        "HPC": 0.887, "Thunderbird": 0.955, "Windows": 0.997, "Linux": 0.690, "Android": 0.911, "Proxifier": 0.527,
    ]
    /// Drain3 0.9.11 with its default settings (no per-dataset tuning), measured on the same
    /// samples and truth (../shared/data/README.md).
    static let drain3Default: [String: Double] = [
        "HDFS": 0.998, "Hadoop": 0.954, "Spark": 0.923, "Zookeeper": 0.967, "BGL": 0.969, "HPC": 0.741,
        "Thunderbird": 0.955, "Windows": 0.571, "Linux": 0.684, "Android": 0.605, "Proxifier": 0.026, "OpenStack": 0.310,
    ]
}

struct EvalParseRow: Codable {
    var system: String
    var scores: ParseScores
    var templates: Int
    var unmatchedLines: Int
    var drainGA: Double?
    var drain3GA: Double?
    var linesPerSecond: Double?
    var linesPerCPUSecond: Double?
}

struct EvalParseReport: Codable {
    var dataPath: String
    var truth: String
    var rows: [EvalParseRow]
    /// Systems the chosen truth does not cover.
    var skipped: [String]

    func mean(_ value: (EvalParseRow) -> Double?) -> Double? {
        let values = rows.compactMap(value)
        return values.isEmpty ? nil : values.reduce(0, +) / Double(values.count)
    }

    func json() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }

    func table() -> String {
        func f(_ v: Double?) -> String { v.map { String(format: "%.3f", $0) } ?? "  -  " }
        func pad(_ s: String, _ n: Int) -> String { s.count >= n ? s : s + String(repeating: " ", count: n - s.count) }
        let showRate = rows.contains { $0.linesPerSecond != nil }
        var out = "LogHub 2k, truth \(truth), data \(dataPath); one miner configuration for all systems\n"
        out += "(peers: published GA on the loghub_orig truth, whichever truth is chosen here)\n"
        out += pad("system", 12) + "   GA     PA    FGA  templates | Drain GA  Drain3 GA" + (showRate ? " | lines/s wall, CPU" : "") + "\n"
        for r in rows {
            out += pad(r.system, 12) + " \(f(r.scores.groupAccuracy))  \(f(r.scores.parsingAccuracy))  \(f(r.scores.groupF1))"
            out += "  " + pad(String(r.templates), 9) + " |   \(f(r.drainGA))     \(f(r.drain3GA))"
            if let rate = r.linesPerSecond, let cpu = r.linesPerCPUSecond { out += " | " + String(format: "%.0f, %.0f", rate, cpu) }
            if r.unmatchedLines > 0 { out += "  (\(r.unmatchedLines) lines outside the log format)" }
            out += "\n"
        }
        out += pad("mean", 12) + " \(f(mean { $0.scores.groupAccuracy }))  \(f(mean { $0.scores.parsingAccuracy }))"
        out += "  \(f(mean { $0.scores.groupF1 }))  " + pad("", 9) + " |   \(f(mean { $0.drainGA }))     \(f(mean { $0.drain3GA }))"
        if let rate = mean({ $0.linesPerSecond }), let cpu = mean({ $0.linesPerCPUSecond }) {
            out += " | " + String(format: "%.0f, %.0f", rate, cpu)
        }
        out += "\n"
        if !skipped.isEmpty { out += "not in this truth: \(skipped.joined(separator: ", ")) (means over the \(rows.count) others)\n" }
        return out
    }
}
