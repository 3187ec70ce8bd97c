@testable import VigilDetect
import Testing

/// Determinism, the expected band, the refractory hold-down and the size of the state.
@Suite(.timeLimit(.minutes(5))) struct SeriesDetectorPropertyTests {
    @Test(arguments: [UInt64(1), 77])
    func theSameInputGivesTheSameOutput(seed: UInt64) {
        var v = Synth.daily(3000, seed: seed, sigma: 3)
        v[2500] += 60
        let check1 = Synth.run(v) == Synth.run(v)
        #expect(check1)
    }

    @Test(arguments: [(UInt64(3), false), (UInt64(4), true)])
    func theBandHoldsMostOrdinarySamples(seed: UInt64, seasonal: Bool) {
        let n = 4000
        let v = seasonal ? Synth.daily(n, seed: seed, sigma: 2) : Synth.noise(n, seed: seed, sigma: 2)
        let out = Synth.run(v)
        let inside = (1000..<n).filter { out[$0].lower <= v[$0] && v[$0] <= out[$0].upper }.count
        let share = Double(inside) / Double(n - 1000)
        #expect(share > 0.7 && share < 0.9)
    }

    @Test func scoresAreHeldAfterADetectionButTheRawScoreIsNot() {
        var v = Synth.noise(1500, seed: 5)
        for i in 1200..<1500 { v[i] += 30 }      // a big, lasting shift: every view fires
        let out = Synth.run(v)
        let check2 = out[1200].isAnomaly
        #expect(check2)
        let held = DetectorConfig.standard.refractory
        let check3 = out[1201...(1200 + held)].allSatisfy { $0.score == 0 }
        #expect(check3)
        let check4 = out[1201...(1200 + held)].contains { $0.rawScore >= DetectorConfig.standard.threshold }
        #expect(check4)
        let check5 = out.allSatisfy { (0...1).contains($0.score) && (0...1).contains($0.rawScore) }
        #expect(check5)
    }

    @Test func stateIsSmallEnoughForTenThousandSeries() {
        var d = SeriesDetector()
        let v = Synth.daily(20_000, seed: 6), t = Synth.times(20_000)
        for i in v.indices { _ = d.update(time: t[i], value: v[i]) }
        #expect(d.stateBytes <= 8 * 1024)
        // The struct (two sets of range views, the rest inline) stays small to copy; buffers are counted above.
        let check6 = MemoryLayout<SeriesDetector>.size <= 1536
        #expect(check6)
        // 10,000 series in under 100 MB, with room for allocator overhead.
        #expect(10_000 * (d.stateBytes + 128) < 100_000_000)
    }

    @Test func ranges_forgetAfterTheirMemory() {
        var r = RangeNovelty()
        r.learn(1000, memory: 10)
        for _ in 0..<25 { r.learn(1, memory: 10) }
        #expect(r.hi == 1)
        #expect(r.excess(2, floor: 0.1) > 0)
    }

    @Test func levelsNeverVisitedInsideTheRangeAreNovel() {
        var g = GapNovelty()
        for i in 0..<200 { g.learn(i % 2 == 0 ? 0 : 10, memory: 8192) }
        #expect(g.gap(5, floor: 1e-9) > 0.4)
        #expect(g.gap(0.01, floor: 1e-9) == 0)
        #expect(g.gap(20, floor: 1e-9) == 0)   // outside the range: RangeNovelty's job
    }
}
