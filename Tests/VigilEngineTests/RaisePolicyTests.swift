import Testing
import VigilDetect
@testable import VigilEngine

@Suite(.timeLimit(.minutes(1))) struct RaisePolicyTests {
    func event(peak: Double, samples: Int, actual: Double = 300, band: ClosedRange<Double> = 100...200) -> AnomalyEvent {
        var e = AnomalyEvent(start: 0, peak: 0, end: nil, peakScore: peak, expectedLower: band.lowerBound,
                             expectedUpper: band.upperBound, actual: actual, cause: .newExtreme, season: .none, explanation: "")
        e.samples = samples
        return e
    }

    @Test func aStrongPeakIsRaisedAtOnceAWeakOneOnlyOnceItHasLasted() {
        let p = RaisePolicy.standard
        #expect(p.raises(event(peak: p.peakScore, samples: 1)))
        #expect(!p.raises(event(peak: p.peakScore - 0.01, samples: 1)))
        #expect(!p.raises(event(peak: p.sustainedScore, samples: p.sustainedSamples - 1)))
        #expect(p.raises(event(peak: p.sustainedScore, samples: p.sustainedSamples)))
        // Lasting is not enough below the sustained level.
        #expect(!p.raises(event(peak: p.sustainedScore - 0.01, samples: 1_000)))
    }

    @Test func anExcursionTooSmallToMatterIsNeverRaised() {
        let p = RaisePolicy.standard
        // 237 against a band up to 236: new to the detector, not news to an operator.
        #expect(!p.raises(event(peak: 0.99, samples: 50, actual: 237, band: 200...236)))
        #expect(p.raises(event(peak: 0.99, samples: 1, actual: 260, band: 200...236)))
        // Inside the band (volatility, pattern changes) size does not apply.
        #expect(p.raises(event(peak: 0.99, samples: 1, actual: 150)))
    }

    @Test func anUnvisitedLevelNeedsItsOwnPeakEvenWhenItLasts() {
        let p = RaisePolicy.standard
        // A lasting excursion named by the least specific view is not enough at the sustained level…
        var e = event(peak: p.sustainedScore, samples: p.sustainedSamples)
        e.cause = .unvisitedLevel
        #expect(p.sustainedScore < p.unvisitedLevelScore)
        #expect(!p.raises(e))
        // …it is at the unvisited-level peak, and a strong peak still needs both.
        e.peakScore = p.unvisitedLevelScore
        #expect(p.raises(e))
        e.samples = 1
        #expect(p.raises(e) == (p.unvisitedLevelScore >= p.peakScore))
        e.peakScore = max(p.peakScore, p.unvisitedLevelScore)
        #expect(p.raises(e))
    }

    @Test func thePeakOnlyPolicyIgnoresLength() {
        let p = RaisePolicy.peakOnly
        #expect(!p.raises(event(peak: 0.89, samples: 100_000)))
        #expect(p.raises(event(peak: 0.9, samples: 1)))
    }

    @Test func theTrackerCountsAnEventsSamples() {
        var t = AnomalyTracker(threshold: 0.5, quietSamples: 2)
        func out(_ s: Double) -> DetectorOutput {
            DetectorOutput(expected: 1, lower: 0, upper: 2, score: s, isAnomaly: s >= 0.5, rawScore: s, cause: .shift,
                           season: .none, profile: NoveltyProfile(), value: 5, isRate: false)
        }
        _ = t.update(time: 0, value: 5, output: out(0.1))
        _ = t.update(time: 1, value: 5, output: out(0.7))
        #expect(t.current?.samples == 1)
        _ = t.update(time: 2, value: 5, output: out(0.6))
        _ = t.update(time: 3, value: 5, output: out(0.3))
        #expect(t.current?.samples == 3)
        _ = t.update(time: 4, value: 5, output: out(0.1))
        let closed = t.update(time: 5, value: 5, output: out(0.1))
        #expect(closed?.samples == 5)
        #expect(t.current == nil)
    }
}
