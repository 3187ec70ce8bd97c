import Foundation
import VigilEngine
import VigilRuntime
import VigilDetect

/// What `vigil-lab eval nab` found, printed as a table or as JSON.
struct EvalReport {
    var dataPath: String
    var corpus: NABCorpus
    var profileOrder: [String]
    var name = ""
    /// The detector run, when a detector ran (not for --scores-from).
    var run: NABEvaluation.Run?
    var ours: [String: NABResult] = [:]
    var peers: [(name: String, results: [String: NABResult])] = []
    /// Scoring our detector's rows under every profile (the threshold sweeps).
    var scoringSeconds = 0.0
    /// Set when only some series were scored (--scores-from a partial run).
    var subsetNote: String?
    var loadSeconds = 0.0
    /// Everything: loading, the detector, scoring ours and the peers.
    var totalSeconds = 0.0

    func table() -> String {
        var lines = ["NAB: \(corpus.series.count) series, \(corpus.rowCount) rows, \(corpus.windowCount) windows (\(dataPath))"]
        if let subsetNote { lines.append("subset: \(subsetNote); peers scored on the same series") }
        let short = ["standard": "standard", "reward_low_FP_rate": "low FP", "reward_low_FN_rate": "low FN"]
        let columns = profileOrder.map { short[$0] ?? $0 }
        lines.append(pad("detector", 24) + columns.map { lpad($0, 10) }.joined()
                     + "   threshold / TP FP FN (\(profileOrder.first ?? ""))")
        func row(_ label: String, _ r: [String: NABResult]) -> String {
            let figures = profileOrder.map { lpad(r[$0].map { String(format: "%.2f", $0.normalizedScore) } ?? "-", 10) }.joined()
            guard let first = profileOrder.first, let f = r[first] else { return pad(label, 24) + figures }
            return pad(label, 24) + figures + String(format: "   %.4f / %d %d %d", f.threshold, f.truePositives, f.falsePositives, f.falseNegatives)
        }
        lines.append(row(run == nil ? "\(name) (files)" : "\(name) (ours)", ours))
        if !peers.isEmpty {
            lines.append("peers, same scorer and rows:")
            let key = profileOrder.first ?? "standard"
            for p in peers.sorted(by: { ($0.results[key]?.normalizedScore ?? 0) > ($1.results[key]?.normalizedScore ?? 0) }) {
                lines.append(row("  " + p.name, p.results))
            }
        }
        if let run {
            lines.append(String(format: "%@: %d points in %.3f s = %.0f points/s (detector only); scoring %.3f s",
                                name, run.points, run.detectorSeconds, run.pointsPerSecond, scoringSeconds))
        } else {
            lines.append(String(format: "%@: scores read from files; scoring %.3f s", name, scoringSeconds))
        }
        lines.append(String(format: "total %.2f s (loading the corpus %.2f s)", totalSeconds, loadSeconds))
        return lines.joined(separator: "\n")
    }

    func json() throws -> String {
        func figures(_ r: [String: NABResult]) -> [String: Any] {
            r.mapValues { $0.normalizedScore }
        }
        var object: [String: Any] = figures(ours)
        object["detector"] = name
        object["details"] = ours.mapValues { r -> [String: Any] in
            ["threshold": r.threshold, "raw": r.rawScore, "tp": r.truePositives, "fp": r.falsePositives,
             "fn": r.falseNegatives, "windows": r.windows]
        }
        object["peers"] = Dictionary(uniqueKeysWithValues: peers.map { ($0.name, figures($0.results)) })
        object["series"] = corpus.series.count
        if let subsetNote { object["subset"] = subsetNote }
        object["points"] = corpus.rowCount
        object["scoring_seconds"] = scoringSeconds
        object["total_seconds"] = totalSeconds
        if let run {
            object["detector_seconds"] = run.detectorSeconds
            object["points_per_second"] = run.pointsPerSecond
        }
        let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .prettyPrinted])
        return String(decoding: data, as: UTF8.self)
    }

    private func pad(_ s: String, _ n: Int) -> String { s.count >= n ? s + " " : s + String(repeating: " ", count: n - s.count) }
    private func lpad(_ s: String, _ n: Int) -> String { s.count >= n ? " " + s : String(repeating: " ", count: n - s.count) + s }
}
