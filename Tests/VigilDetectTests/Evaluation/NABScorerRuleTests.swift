import Foundation
import Testing
@testable import VigilDetect

/// One hand-made case per scoring rule of ../shared/data/README.md. Series have 1,000 rows, so
/// the first 150 are probation.
@Suite(.timeLimit(.minutes(5))) struct NABScorerRuleTests {
    let std = NABProfile.standard
    func ss(_ x: Double) -> Double { NABScorer.scaledSigmoid(x) }

    @Test func probationIsMinOf15PercentAnd750Rows() {
        #expect(NABSeries.probationRows(count: 1000) == 150)
        #expect(NABSeries.probationRows(count: 4032) == 604)
        #expect(NABSeries.probationRows(count: 10_000) == 750)
        #expect(NABSeries.probationRows(count: 6) == 0)
    }

    @Test func detectionsDuringProbationCountForNothing() {
        // One in probation outside any window, one in probation inside a window that starts there.
        let c = handMade(count: 1000, windows: [(140, 159)], detections: [10, 145])
        let r = NABScorer.result(corpus: c.corpus, scores: c.scores, profile: std, threshold: 1)
        #expect(r.falsePositives == 0 && r.truePositives == 0 && r.falseNegatives == 1)
        #expect(r.rawScore == -1)
        // A detection in the window after probation still counts, with the window's full width.
        let later = handMade(count: 1000, windows: [(140, 159)], detections: [10, 145, 155])
        let r2 = NABScorer.result(corpus: later.corpus, scores: later.scores, profile: std, threshold: 1)
        #expect(abs(r2.rawScore - ss(-5.0 / 20) / ss(-1)) < 1e-12)
    }

    @Test func onlyTheEarliestDetectionInAWindowCounts() {
        let c = handMade(count: 1000, windows: [(200, 209)], detections: [202, 205, 209])
        let r = NABScorer.result(corpus: c.corpus, scores: c.scores, profile: std, threshold: 1)
        #expect(r.truePositives == 1 && r.falsePositives == 0)
        #expect(abs(r.rawScore - ss(-8.0 / 10) / ss(-1)) < 1e-12)
        // At the window's first row the credit is exactly tpWeight.
        let first = handMade(count: 1000, windows: [(200, 209)], detections: [200])
        #expect(abs(NABScorer.result(corpus: first.corpus, scores: first.scores, profile: std, threshold: 1).rawScore - 1) < 1e-12)
        // The sweep keeps the earliest too when a later row scores higher.
        var scores = Array(repeating: 0.0, count: 1000)
        scores[205] = 0.9
        scores[202] = 0.5
        let s = handMade(count: 1000, windows: [(200, 209)], scores: scores)
        let best = NABScorer(profiles: ["standard": std]).score(corpus: s.corpus, scores: s.scores)["standard"]
        #expect(best?.threshold == 0.5)
        #expect(abs((best?.rawScore ?? 0) - ss(-8.0 / 10) / ss(-1)) < 1e-12)
    }

    @Test func aFalsePositiveBeforeTheFirstWindowCostsFpWeight() {
        let c = handMade(count: 1000, windows: [(600, 619)], detections: [300])
        let r = NABScorer.result(corpus: c.corpus, scores: c.scores, profile: std, threshold: 1)
        #expect(r.falsePositives == 1 && r.falseNegatives == 1)
        #expect(abs(r.rawScore - (-0.11 - 1)) < 1e-12)
        let none = handMade(count: 1000, windows: [], detections: [300])
        #expect(abs(NABScorer.result(corpus: none.corpus, scores: none.scores, profile: .rewardLowFP, threshold: 1).rawScore + 0.22) < 1e-12)
    }

    @Test(arguments: [1, 9, 27, 28, 40, 500])
    func falsePositivesAfterAWindowDecayWithDistance(after k: Int) {
        // Window of 10 rows ending at 209: the distance is measured in (width − 1) = 9 rows.
        let c = handMade(count: 1000, windows: [(200, 209)], detections: [200, 209 + k])
        let r = NABScorer.result(corpus: c.corpus, scores: c.scores, profile: std, threshold: 1)
        let fp = r.rawScore - 1  // the window itself was found at its first row: +1
        let expected = 0.11 * ss(Double(k) / 9)
        #expect(abs(fp - expected) < 1e-12)
        #expect(fp < 0 && fp >= -0.11)
        // More than three widths away the cost is the full fpWeight.
        if Double(k) / 9 > 3 { #expect(ss(Double(k) / 9) == -1) }
    }

    @Test func theNearestPrecedingWindowIsTheReference() {
        let c = handMade(count: 1000, windows: [(200, 209), (400, 419)], detections: [425])
        let r = NABScorer.result(corpus: c.corpus, scores: c.scores, profile: std, threshold: 1)
        #expect(abs(r.rawScore - (-2 + 0.11 * ss(6.0 / 19))) < 1e-12)
        let sweep = NABScorer(profiles: ["s": std]).score(corpus: c.corpus, scores: c.scores)["s"]
        // That lone false positive only lowers the total: no detections (1.1) is best.
        #expect(sweep?.threshold == 1.1 && sweep?.rawScore == -2)
    }

    @Test func aMissedWindowCostsFnWeight() {
        let c = handMade(count: 1000, windows: [(200, 209), (500, 509)])
        for (profile, fn) in [(NABProfile.standard, 1.0), (NABProfile.rewardLowFN, 2.0)] {
            let r = NABScorer.result(corpus: c.corpus, scores: c.scores, profile: profile, threshold: 0.5)
            #expect(r.rawScore == -2 * fn && r.falseNegatives == 2)
        }
        let results = NABScorer().score(corpus: c.corpus, scores: c.scores)
        #expect(results.values.allSatisfy { $0.normalizedScore == 0 && $0.threshold == 1.1 })
    }

    @Test func tiesGoToTheHigherThreshold() {
        // 0.8 finds the window at its start; 0.6 adds only a later row of the same window: a tie.
        var scores = Array(repeating: 0.0, count: 1000)
        scores[200] = 0.8
        scores[205] = 0.6
        let c = handMade(count: 1000, windows: [(200, 209)], scores: scores)
        let r = NABScorer(profiles: ["s": std]).score(corpus: c.corpus, scores: c.scores)["s"]
        #expect(r?.threshold == 0.8)
        #expect(r?.normalizedScore == 100)
        // Only probation rows ever score: every threshold ties, and 1.1 (no detections) wins.
        let quiet = handMade(count: 1000, windows: [(200, 209)], detections: [3, 7])
        #expect(NABScorer(profiles: ["s": std]).score(corpus: quiet.corpus, scores: quiet.scores)["s"]?.threshold == 1.1)
    }

    @Test func normalisedScoreIs100ForPerfectAnd0ForNull() {
        let c = handMade(count: 1000, windows: [(200, 209), (600, 649)], detections: [200, 600])
        for r in NABScorer().score(corpus: c.corpus, scores: c.scores).values {
            #expect(abs(r.normalizedScore - 100) < 1e-9 && r.threshold == 1)
        }
        let null = handMade(count: 1000, windows: [(200, 209)], scores: Array(repeating: 0.5, count: 1000))
        for r in NABScorer().score(corpus: null.corpus, scores: null.scores).values {
            #expect(r.normalizedScore == 0 && r.threshold == 1.1)
        }
    }

    @Test(arguments: [1, 2, 3, 4, 5] as [UInt64])
    func theSweepFindsTheBestThresholdOfABruteForceSearch(seed: UInt64) {
        var rng = TestRNG(state: seed)
        // Coarse scores so that many rows share a value; two series, a window one row wide included.
        let series = [(600, [(120, 149), (300, 300), (400, 439)]), (300, [(200, 219)])].map { n, w in
            NABSeries(category: "t", name: "s\(n)", timestamps: Array(repeating: "", count: n),
                      values: Array(repeating: 0, count: n), windows: w.map { (start: $0.0, end: $0.1) })
        }
        let corpus = NABCorpus(series: series)
        let scores = series.map { s in s.values.map { _ in (rng.next() * 20).rounded() / 20 } }
        for (name, profile) in NABProfile.nab {
            let sweep = NABScorer(profiles: [name: profile]).score(corpus: corpus, scores: scores)[name]
            let thresholds = Set(scores.joined() + [1.1]).sorted(by: >)
            var best: NABResult?
            for t in thresholds {
                let r = NABScorer.result(corpus: corpus, scores: scores, profile: profile, threshold: t)
                if best.map({ r.rawScore > $0.rawScore + 1e-12 }) ?? true { best = r }
            }
            #expect(sweep?.threshold == best?.threshold)
            #expect(abs((sweep?.rawScore ?? 0) - (best?.rawScore ?? 1)) < 1e-9)
            #expect(sweep?.falsePositives == best?.falsePositives && sweep?.truePositives == best?.truePositives)
        }
    }

    @Test func nanScoresNeverDetect() {
        var scores = Array(repeating: Double.nan, count: 1000)
        scores[200] = 0.7
        let c = handMade(count: 1000, windows: [(200, 209)], scores: scores)
        let r = NABScorer(profiles: ["s": std]).score(corpus: c.corpus, scores: c.scores)["s"]
        #expect(r?.threshold == 0.7 && r?.falsePositives == 0 && r?.truePositives == 1)
    }
}
