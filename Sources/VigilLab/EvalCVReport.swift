import Foundation
import VigilDetect

/// What `vigil-lab eval nab --cv` prints: each held-out category, then the pooled and mean figures.
enum EvalCVReport {
    static let short = ["standard": "standard", "reward_low_FP_rate": "low FP", "reward_low_FN_rate": "low FN"]

    static func table(name: String, corpus: NABCorpus, dataPath: String, ours: NABCrossValidation.Outcome,
                      peers: [(String, NABCrossValidation.Outcome)], order: [String], subsetNote: String?) -> String {
        let key = order.first ?? "standard"
        var lines = ["NAB, leave one category out: \(corpus.series.count) series, \(corpus.windowCount) windows (\(dataPath))",
                     "each category scored at the thresholds chosen (NAB's sweep) on the other categories; peers the same way"]
        if let subsetNote { lines.append("subset: \(subsetNote)") }
        let ranked = peers.sorted { ($0.1.pooled[key]?.normalizedScore ?? 0) > ($1.1.pooled[key]?.normalizedScore ?? 0) }
        // Per fold: ours under every profile, then the peers under the first profile.
        lines.append(pad("held out", 24) + lpad("series", 7) + lpad("windows", 8) + order.map { lpad(short[$0] ?? $0, 10) }.joined()
                     + "   TP FP FN   | peers (\(short[key] ?? key)): " + ranked.prefix(4).map(\.0).joined(separator: ", "))
        for (i, fold) in ours.folds.enumerated() {
            let figures = order.map { p -> String in
                guard let r = fold.results[p] else { return lpad("-", 10) }
                return lpad(r.windows > 0 ? String(format: "%.2f", r.normalizedScore) : String(format: "raw %.2f", r.rawScore), 10)
            }.joined()
            let r = fold.results[key]
            let counts = r.map { String(format: "   %2d %2d %2d", $0.truePositives, $0.falsePositives, $0.falseNegatives) } ?? ""
            let peerFigures = ranked.prefix(4).map { p -> String in
                guard let pr = p.1.folds[i].results[key] else { return "-" }
                return pr.windows > 0 ? String(format: "%.2f", pr.normalizedScore) : String(format: "raw %.2f", pr.rawScore)
            }.joined(separator: "  ")
            lines.append(pad(fold.category, 24) + lpad("\(fold.series)", 7) + lpad("\(fold.results[key]?.windows ?? 0)", 8) + figures + counts + "   | " + peerFigures)
        }
        func summary(_ label: String, _ o: NABCrossValidation.Outcome) -> String {
            let pooled = order.map { lpad(o.pooled[$0].map { String(format: "%.2f", $0.normalizedScore) } ?? "-", 10) }.joined()
            let mean = order.map { lpad(o.meanOfFolds($0).map { String(format: "%.2f", $0) } ?? "-", 10) }.joined()
            return pad(label, 24) + pooled + "   |" + mean
        }
        lines.append("")
        lines.append(pad("detector", 24) + order.map { lpad(short[$0] ?? $0, 10) }.joined() + "   |" + order.map { lpad(short[$0] ?? $0, 10) }.joined())
        lines.append(pad("", 24) + "pooled over the folds (all windows)     | mean of the folds with windows")
        lines.append(summary("\(name) (ours)", ours))
        for p in ranked { lines.append(summary("  " + p.0, p.1)) }
        return lines.joined(separator: "\n")
    }

    static func json(name: String, ours: NABCrossValidation.Outcome, peers: [(String, NABCrossValidation.Outcome)], order: [String]) throws -> String {
        func object(_ o: NABCrossValidation.Outcome) -> [String: Any] {
            [
                "pooled": o.pooled.mapValues { $0.normalizedScore },
                "mean_of_folds": Dictionary(uniqueKeysWithValues: order.compactMap { p in o.meanOfFolds(p).map { (p, $0) } }),
                "folds": o.folds.map { f -> [String: Any] in
                    ["category": f.category, "series": f.series,
                     "results": f.results.mapValues { r -> [String: Any] in
                         ["normalized": r.windows > 0 ? r.normalizedScore : NSNull(), "raw": r.rawScore, "threshold": r.threshold,
                          "tp": r.truePositives, "fp": r.falsePositives, "fn": r.falseNegatives, "windows": r.windows]
                     }]
                },
            ]
        }
        var root = object(ours)
        root["detector"] = name
        root["peers"] = Dictionary(uniqueKeysWithValues: peers.map { ($0.0, object($0.1)) })
        let data = try JSONSerialization.data(withJSONObject: root, options: [.sortedKeys, .prettyPrinted])
        return String(decoding: data, as: UTF8.self)
    }

    private static func pad(_ s: String, _ n: Int) -> String { s.count >= n ? s + " " : s + String(repeating: " ", count: n - s.count) }
    private static func lpad(_ s: String, _ n: Int) -> String { s.count >= n ? " " + s : String(repeating: " ", count: n - s.count) + s }
}
