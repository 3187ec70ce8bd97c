import Foundation
import Testing
@testable import VigilDetect

/// Leave-one-category-out: each category is scored at thresholds chosen on the others.
@Suite(.timeLimit(.minutes(5))) struct NABCrossValidationTests {
    /// Two categories whose best thresholds differ: each fold must use the other's.
    @Test func aFoldIsScoredAtTheThresholdTheOtherCategoriesChose() {
        func series(_ category: String, _ name: String) -> NABSeries {
            NABSeries(category: category, name: name, timestamps: (0..<1000).map { "\($0)" },
                      values: Array(repeating: 0, count: 1000), windows: [(start: 500, end: 540)])
        }
        let corpus = NABCorpus(series: [series("a", "1"), series("b", "1")])
        // Category a flags its window at 0.6 (and has noise at 0.5); b flags its window at 0.4 only.
        var a = [Double](repeating: 0, count: 1000), b = [Double](repeating: 0, count: 1000)
        a[510] = 0.6; a[300] = 0.5; b[510] = 0.4
        let outcome = NABCrossValidation.run(corpus: corpus, scores: [a, b], profiles: ["standard": .standard])
        #expect(outcome.folds.map(\.category) == ["a", "b"])
        // Fold a uses b's threshold (0.4): a's noise at 0.5 now counts as a false positive.
        let foldA = try! #require(outcome.folds[0].results["standard"])
        #expect(foldA.truePositives == 1 && foldA.falsePositives == 1)
        // Fold b uses a's threshold (0.6): b's detection at 0.4 is missed.
        let foldB = try! #require(outcome.folds[1].results["standard"])
        #expect(foldB.truePositives == 0 && foldB.falseNegatives == 1)
        // Pooled: the two folds' totals over both windows, on the usual 0–100 scale.
        let pooled = try! #require(outcome.pooled["standard"])
        #expect(abs(pooled.rawScore - (foldA.rawScore + foldB.rawScore)) < 1e-12)
        #expect(pooled.windows == 2 && pooled.truePositives == 1 && pooled.falseNegatives == 1)
        // In-sample, one threshold for both does better than either fold: CV is the harder test.
        let inSample = NABScorer().score(corpus: corpus, scores: [a, b])["standard"]!
        #expect(inSample.normalizedScore > pooled.normalizedScore)
    }

    /// Scoring at a fixed threshold agrees with the sweep at the threshold the sweep chose.
    @Test func fixedThresholdScoringAgreesWithTheSweep() throws {
        let corpus = try NABFixture.corpus.get()
        var rng = SystemRandomNumberGenerator()
        let scores = corpus.series.map { s in s.values.map { _ in Double.random(in: 0...1, using: &rng) < 0.995 ? 0.1 : 0.9 } }
        let swept = NABScorer().score(corpus: corpus, scores: scores)["standard"]!
        let fixed = NABScorer.result(corpus: corpus, scores: scores, profile: .standard, threshold: swept.threshold)
        #expect(abs(fixed.rawScore - swept.rawScore) < 1e-9, "\(fixed.rawScore) vs \(swept.rawScore)")
    }
}
