@testable import VigilDetect
import Testing

/// Injected changes in noise: the detector alarms at (or soon after) the change, its raw score peaks
/// near it, and the quiet stretch before stays nearly free of alarms. (Novelty is "beyond anything seen",
/// so pure Gaussian noise still breaks a record by the tolerance now and then: about one alarm per 2,000
/// samples once the history is a few thousand samples long, more while it is young. The bound is two
/// alarms plus 0.2 % of the stretch.)
@Suite(.timeLimit(.minutes(5))) struct SeriesDetectorChangeTests {
    static let cases: [(seed: UInt64, length: Int)] = [(1, 1500), (7, 2000), (42, 3000), (1234, 2500)]

    /// Samples after warm-up checked for quiet, and the allowed alarm fraction there.
    static let quietFrom = 500
    /// Alarms in the quiet stretch, and how many are allowed there.
    static func quiet(_ out: [DetectorOutput], until c: Int) -> (alarms: Int, allowed: Int) {
        (Synth.alarms(out, quietFrom..<c), Int(0.002 * Double(c - quietFrom)) + 2)
    }

    @Test(arguments: cases)
    func aSpikeAlarmsAtTheSpike(seed: UInt64, length: Int) {
        var v = Synth.noise(length, seed: seed)
        let c = length - 300
        v[c] += 12
        let out = Synth.run(v)
        let check1 = out[c].isAnomaly
        #expect(check1)
        let check2 = out[c].cause == .newExtreme
        #expect(check2)
        let peak = (c - 200..<c + 50).max { out[$0].rawScore < out[$1].rawScore }
        #expect(peak == c)
        let q = Self.quiet(out, until: c)
        #expect(q.alarms <= q.allowed)
    }

    @Test(arguments: cases)
    func aDipAlarmsAtTheDip(seed: UInt64, length: Int) {
        var v = Synth.noise(length, seed: seed)
        let c = length - 300
        v[c] -= 12
        let out = Synth.run(v)
        let check3 = out[c].isAnomaly
        #expect(check3)
        let check4 = out[c].expected > out[c].upper - 10 && v[c] < out[c].lower
        #expect(check4)
        let q = Self.quiet(out, until: c)
        #expect(q.alarms <= q.allowed)
    }

    @Test(arguments: cases)
    func aLevelShiftAlarmsWithinAFewSamples(seed: UInt64, length: Int) {
        var v = Synth.noise(length, seed: seed)
        let c = length - 300
        for i in c..<length { v[i] += 4 }   // 4 sigma: within the noise's range at first, not for long
        let out = Synth.run(v)
        let first = Synth.firstAlarm(out, from: c)
        #expect(first != nil && first! - c <= 10)
        let q = Self.quiet(out, until: c)
        #expect(q.alarms <= q.allowed)
    }

    @Test(arguments: cases)
    func aTrendChangeAlarmsOnceTheTrendLeavesTheRange(seed: UInt64, length: Int) {
        var v = Synth.noise(length, seed: seed)
        let c = length - 300
        for i in c..<length { v[i] += 0.05 * Double(i - c) }   // +15 sigma over 300 samples
        let out = Synth.run(v)
        let first = Synth.firstAlarm(out, from: c)
        #expect(first != nil && first! - c <= 120)
        let q = Self.quiet(out, until: c)
        #expect(q.alarms <= q.allowed)
    }

    @Test(arguments: [300, 1000, 2500])
    func aFlatLineIsQuietAndItsFirstChangeAlarms(length: Int) {
        var v = [Double](repeating: 45, count: length)
        v.append(contentsOf: [Double](repeating: 46, count: 50))
        let out = Synth.run(v)
        let check5 = Synth.alarms(out, 0..<length) == 0
        #expect(check5)
        let check6 = out[length].isAnomaly
        #expect(check6)
        let check7 = out[0..<length].allSatisfy { $0.rawScore == 0 }
        #expect(check7)
    }

    @Test func aFlatLineWithSlightJitterIsNotAlarmedByTheJitter() {
        var rng = MetricRNG(seed: 3)
        let v = (0..<2000).map { _ in 45 + 1e-9 * rng.normal() }
        let out = Synth.run(v)
        let check8 = Synth.alarms(out, 100..<2000) == 0
        #expect(check8)
    }
}
