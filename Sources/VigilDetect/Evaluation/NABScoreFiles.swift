import Foundation

/// Per-series score files, `DIR/<category>/<series>.csv` with a header holding `timestamp` and
/// `anomaly_score` (what `vigil-lab eval nab --write-scores` writes and `--scores-from` reads, and
/// what NAB's own result files hold among other columns).
public enum NABScoreFiles {
    /// Writes `timestamp,value,anomaly_score` per series, timestamps as in the input.
    public static func write(corpus: NABCorpus, scores: [[Double]], to dir: URL) throws {
        guard scores.count == corpus.series.count else {
            throw NABError("\(scores.count) score arrays for \(corpus.series.count) series")
        }
        for (s, rowScores) in zip(corpus.series, scores) {
            guard rowScores.count == s.values.count else {
                throw NABError("\(s.relativePath): \(rowScores.count) scores for \(s.values.count) rows")
            }
            let folder = dir.appendingPathComponent(s.category)
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            var text = "timestamp,value,anomaly_score\n"
            text.reserveCapacity(s.values.count * 48)
            for i in s.values.indices {
                text += "\(s.timestamps[i]),\(format(s.values[i])),\(format(rowScores[i]))\n"
            }
            try Data(text.utf8).write(to: folder.appendingPathComponent("\(s.name).csv"))
        }
    }

    /// Reads the `anomaly_score` column of every series of `corpus` from `dir`; each file must
    /// have exactly the series' rows (timestamps are checked, so a shifted file is caught).
    public static func read(from dir: URL, corpus: NABCorpus) throws -> [[Double]] {
        try corpus.series.map { s in
            let url = dir.appendingPathComponent(s.relativePath)
            guard FileManager.default.fileExists(atPath: url.path) else { throw NABError("\(url.path): missing") }
            let csv = try NABCSV.read(url)
            guard let scoreColumn = csv.header.firstIndex(of: "anomaly_score") else {
                throw NABError("\(url.path): no anomaly_score column in the header")
            }
            let timeColumn = csv.header.firstIndex(of: "timestamp")
            guard csv.fields.count == s.values.count else {
                throw NABError("\(url.path): \(csv.fields.count) rows, but the series has \(s.values.count)")
            }
            return try csv.fields.enumerated().map { i, f in
                guard f.count > scoreColumn, let v = Double(f[scoreColumn].trimmingCharacters(in: .whitespaces)) else {
                    throw NABError("\(url.path):\(i + 2): anomaly_score is not a number")
                }
                if let timeColumn, f.count > timeColumn, f[timeColumn] != s.timestamps[i] {
                    throw NABError("\(url.path):\(i + 2): timestamp \(f[timeColumn]) where the series has \(s.timestamps[i])")
                }
                return v
            }
        }
    }

    /// Integers without a trailing ".0" (as NAB writes them); other values with full precision.
    static func format(_ v: Double) -> String {
        if v.isFinite, v == v.rounded(), abs(v) < 1e15 { return String(Int64(v)) }
        return "\(v)"
    }
}
