import Foundation

/// Leave-one-category-out scoring: for each category, every profile's threshold is chosen on the
/// other categories (NAB's sweep) and applied, unchanged, to the held-out one. What a detector
/// scores this way is what it can be expected to score on a category it was never tuned on; the
/// usual NAB figure chooses one threshold on all the rows it then scores.
public enum NABCrossValidation {
    public struct Fold: Sendable {
        /// The held-out category.
        public var category: String
        public var series: Int
        /// Per profile: the held-out rows scored at the threshold chosen on the rest.
        public var results: [String: NABResult]
    }

    public struct Outcome: Sendable {
        public var folds: [Fold]
        /// Per profile: every fold's held-out total added up and normalised over the whole corpus
        /// (null and perfect of all windows), so it reads on the same scale as the usual figure.
        public var pooled: [String: NABResult]

        /// Per profile: the mean of the folds' normalised scores, over folds that have windows (a
        /// category without anomalies has no normalised score, only false positives).
        public func meanOfFolds(_ profile: String) -> Double? {
            let scored = folds.compactMap { f -> Double? in
                guard let r = f.results[profile], r.windows > 0 else { return nil }
                return r.normalizedScore
            }
            return scored.isEmpty ? nil : scored.reduce(0, +) / Double(scored.count)
        }
    }

    /// Categories in first-seen order.
    public static func categories(_ corpus: NABCorpus) -> [String] {
        var seen: [String] = []
        for s in corpus.series where !seen.contains(s.category) { seen.append(s.category) }
        return seen
    }

    public static func run(corpus: NABCorpus, scores: [[Double]], profiles: [String: NABProfile]) -> Outcome {
        run(corpus: corpus, candidates: [(name: "", scores: scores)], profiles: profiles).outcome
    }

    /// Nested choice: per fold and profile, the candidate (one detector configuration's scores) that
    /// scores best under NAB's sweep on the other categories is applied, at the threshold chosen
    /// there, to the held-out one. Returns, per held-out category and profile, the candidate chosen.
    public static func run(corpus: NABCorpus, candidates: [(name: String, scores: [[Double]])],
                           profiles: [String: NABProfile]) -> (outcome: Outcome, chosen: [String: [String: String]]) {
        var folds: [Fold] = []
        var chosen: [String: [String: String]] = [:]
        var totals: [String: (total: Double, tp: Int, fp: Int, fn: Int)] = [:]
        for category in categories(corpus) {
            let held = corpus.series.indices.filter { corpus.series[$0].category == category }
            let rest = corpus.series.indices.filter { corpus.series[$0].category != category }
            let train = NABCorpus(series: rest.map { corpus.series[$0] })
            let test = NABCorpus(series: held.map { corpus.series[$0] })
            var best: [String: (index: Int, result: NABResult)] = [:]
            for (c, candidate) in candidates.enumerated() {
                let sweeps = NABCandidates(corpus: train, scores: rest.map { $0 < candidate.scores.count ? candidate.scores[$0] : [] })
                for (name, profile) in profiles {
                    let r = sweeps.sweep(profile)
                    if best[name].map({ r.rawScore > $0.result.rawScore }) ?? true { best[name] = (c, r) }
                }
            }
            var results: [String: NABResult] = [:]
            for (name, profile) in profiles {
                guard let b = best[name] else { continue }
                let testScores = held.map { $0 < candidates[b.index].scores.count ? candidates[b.index].scores[$0] : [] }
                let r = NABScorer.result(corpus: test, scores: testScores, profile: profile, threshold: b.result.threshold)
                results[name] = r
                chosen[category, default: [:]][name] = candidates[b.index].name
                var t = totals[name] ?? (0, 0, 0, 0)
                t.total += r.rawScore; t.tp += r.truePositives; t.fp += r.falsePositives; t.fn += r.falseNegatives
                totals[name] = t
            }
            folds.append(Fold(category: category, series: held.count, results: results))
        }
        var pooled: [String: NABResult] = [:]
        for (name, t) in totals {
            guard let profile = profiles[name] else { continue }
            var r = NABScorer.makeResult(total: t.total, profile: profile, windows: corpus.windowCount, threshold: .nan,
                                         tp: t.tp, fp: t.fp, fn: t.fn)
            r.threshold = .nan
            pooled[name] = r
        }
        return (Outcome(folds: folds, pooled: pooled), chosen)
    }
}
