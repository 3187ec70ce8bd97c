import Foundation

/// One of NAB's cost profiles (`config/profiles.json`).
public struct NABProfile: Sendable, Equatable {
    public var tpWeight: Double
    public var fpWeight: Double
    public var fnWeight: Double

    public init(tpWeight: Double, fpWeight: Double, fnWeight: Double) {
        self.tpWeight = tpWeight
        self.fpWeight = fpWeight
        self.fnWeight = fnWeight
    }

    public static let standard = NABProfile(tpWeight: 1, fpWeight: 0.11, fnWeight: 1)
    public static let rewardLowFP = NABProfile(tpWeight: 1, fpWeight: 0.22, fnWeight: 1)
    public static let rewardLowFN = NABProfile(tpWeight: 1, fpWeight: 0.11, fnWeight: 2)
    /// NAB's three profiles by name, as in its profiles.json.
    public static let nab: [String: NABProfile] = [
        "standard": .standard, "reward_low_FP_rate": .rewardLowFP, "reward_low_FN_rate": .rewardLowFN,
    ]
    /// The order NAB reports them in.
    public static let nabOrder = ["standard", "reward_low_FP_rate", "reward_low_FN_rate"]

    /// `{ name: { "CostMatrix": { "tpWeight": …, "fpWeight": …, "fnWeight": … } } }`.
    public static func load(from url: URL) throws -> [String: NABProfile] {
        let data: Data
        do { data = try Data(contentsOf: url) } catch { throw NABError("\(url.path): cannot read (\(error.localizedDescription))") }
        guard let object = try? JSONSerialization.jsonObject(with: data), let dict = object as? [String: Any] else {
            throw NABError("\(url.path): expected a JSON object of profiles")
        }
        var out: [String: NABProfile] = [:]
        for (name, value) in dict {
            guard let cost = (value as? [String: Any])?["CostMatrix"] as? [String: Any],
                  let tp = (cost["tpWeight"] as? NSNumber)?.doubleValue,
                  let fp = (cost["fpWeight"] as? NSNumber)?.doubleValue,
                  let fn = (cost["fnWeight"] as? NSNumber)?.doubleValue else {
                throw NABError("\(url.path): profile \(name) lacks CostMatrix tpWeight/fpWeight/fnWeight")
            }
            out[name] = NABProfile(tpWeight: tp, fpWeight: fp, fnWeight: fn)
        }
        return out
    }
}

/// A detector's NAB score under one profile, at the threshold that maximised it.
public struct NABResult: Sendable, Equatable {
    /// 100 · (S − S_null) / (S_perfect − S_null); 0 when the corpus has no windows.
    public var normalizedScore: Double
    /// S, the summed weighted score over all series.
    public var rawScore: Double
    /// Rows scoring ≥ threshold are detections; 1.1 means none (scores are in [0, 1]).
    public var threshold: Double
    /// Windows with at least one detection.
    public var truePositives: Int
    /// Detections outside every window (after probation).
    public var falsePositives: Int
    /// Windows without a detection.
    public var falseNegatives: Int
    public var windows: Int
}

/// NAB's scorer (see ../shared/data/README.md and NAB's scorer.py / sweeper.py): probation,
/// scaled-sigmoid credit for the earliest detection in each window, false positives weighted by
/// their distance after the previous window, and one threshold per profile over all series.
public struct NABScorer: Sendable {
    public var profiles: [String: NABProfile]

    public init(profiles: [String: NABProfile] = NABProfile.nab) { self.profiles = profiles }

    /// Per profile, the best result over every candidate threshold (each distinct score and 1.1).
    /// `scores` holds one array per series, one score per row; missing rows and NaN never detect.
    public func score(corpus: NABCorpus, scores: [[Double]]) -> [String: NABResult] {
        let candidates = NABCandidates(corpus: corpus, scores: scores)
        return profiles.mapValues { candidates.sweep($0) }
    }

    /// The result at one fixed threshold, computed directly row by row (no sweep): the plain
    /// statement of the rules, used to check the sweep and to score a detector's own threshold.
    public static func result(corpus: NABCorpus, scores: [[Double]], profile: NABProfile, threshold: Double) -> NABResult {
        var total = 0.0, tp = 0, fp = 0, fn = 0
        for (k, s) in corpus.series.enumerated() {
            let row = k < scores.count ? scores[k] : []
            let detected = { (i: Int) in i < row.count && row[i] >= threshold }
            for w in s.windows {
                // The earliest detection after probation is the one that counts.
                let from = max(w.start, s.probationRows)
                if from <= w.end, let i = (from...w.end).first(where: detected) {
                    total += truePositiveCredit(row: i, window: w) * profile.tpWeight
                    tp += 1
                } else {
                    total -= profile.fnWeight
                    fn += 1
                }
            }
            for i in s.probationRows..<max(s.probationRows, s.values.count) where detected(i) {
                guard !s.windows.contains(where: { $0.start <= i && i <= $0.end }) else { continue }
                let previous = s.windows.last(where: { $0.end < i })
                total += falsePositiveUnit(row: i, previousWindow: previous) * profile.fpWeight
                fp += 1
            }
        }
        return makeResult(total: total, profile: profile, windows: corpus.windowCount, threshold: threshold,
                          tp: tp, fp: fp, fn: fn)
    }

    /// scaledSigmoid(x) = −1 for x > 3, else 2/(1 + e^(5x)) − 1: near +1 at x = −1, 0 at x = 0.
    public static func scaledSigmoid(_ x: Double) -> Double {
        x > 3 ? -1 : 2 / (1 + exp(5 * x)) - 1
    }

    /// Credit, before tpWeight, for a first detection at `row` in `window`: from ~1 at its start
    /// down to ~0.1 at its end (relative to the credit at the start, scaledSigmoid(−1)).
    public static func truePositiveCredit(row i: Int, window w: (start: Int, end: Int)) -> Double {
        let width = Double(w.end - w.start + 1)
        return scaledSigmoid(-Double(w.end - i + 1) / width) / scaledSigmoid(-1)
    }

    /// Cost, before fpWeight (≤ 0), of a detection outside every window: −1 before any window has
    /// ended; after one, it grows from ~0 right after it to −1 three widths later. A window one
    /// row wide divides by zero (as in NAB): the distance is infinite and the cost −1.
    public static func falsePositiveUnit(row i: Int, previousWindow: (start: Int, end: Int)?) -> Double {
        guard let p = previousWindow else { return -1 }
        return scaledSigmoid(Double(abs(p.end - i)) / Double(p.end - p.start))
    }

    static func makeResult(total: Double, profile: NABProfile, windows: Int, threshold: Double,
                           tp: Int, fp: Int, fn: Int) -> NABResult {
        let null = -profile.fnWeight * Double(windows), perfect = profile.tpWeight * Double(windows)
        let normalized = perfect > null ? 100 * (total - null) / (perfect - null) : 0
        return NABResult(normalizedScore: normalized, rawScore: total, threshold: threshold,
                         truePositives: tp, falsePositives: fp, falseNegatives: fn, windows: windows)
    }
}
