import Testing
@testable import VigilDetect

/// Deterministic noise so tests do not depend on a global random source.
struct TestRNG {
    var state: UInt64
    mutating func next() -> Double {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return Double((z ^ (z >> 31)) >> 11) / Double(1 << 53)
    }
}

@Suite(.timeLimit(.minutes(5))) struct RobustZScoreDetectorTests {
    @Test(arguments: [1, 7, 99])
    func aSpikeInNoiseScoresHighAndNoiseScoresLow(seed: UInt64) {
        var rng = TestRNG(state: seed)
        var d = RobustZScoreDetector(window: 60)
        var quiet: [Double] = []
        for _ in 0..<200 { quiet.append(d.update(100 + rng.next() * 4 - 2)) }
        let spike = d.update(160)
        #expect(spike > 0.99)
        // After warm-up, ordinary noise stays well under the half-way score.
        #expect(quiet.dropFirst(10).allSatisfy { $0 < 0.5 })
    }

    @Test func aFlatLineIsQuietAndASmallStepOnItIsNotInfinite() {
        var d = RobustZScoreDetector()
        for _ in 0..<50 { #expect(d.update(5) == 0) }
        let step = d.update(5.05)
        #expect(step < 0.5)
        let jump = d.update(50)
        #expect(jump > 0.99)
    }

    @Test func nonFiniteValuesScoreZeroAndAreNotLearned() {
        var d = RobustZScoreDetector()
        for i in 0..<30 { _ = d.update(Double(i % 3)) }
        #expect(d.update(.nan) == 0)
        #expect(d.update(.infinity) == 0)
        #expect(d.update(1) < 0.5)
    }

    @Test func sameInputGivesSameScores() {
        func run() -> [Double] {
            var rng = TestRNG(state: 5)
            var d = RobustZScoreDetector()
            return (0..<300).map { _ in d.update(rng.next() * 10) }
        }
        #expect(run() == run())
    }

    @Test func coldStartScoresZeroUntilFiveValues() {
        var d = RobustZScoreDetector()
        for v in [1.0, 1000, -5, 3] { #expect(d.update(v) == 0) }
    }
}
