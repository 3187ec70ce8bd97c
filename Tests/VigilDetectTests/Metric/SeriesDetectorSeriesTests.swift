@testable import VigilDetect
import Foundation
import Testing

/// Seasons, counters and awkward inputs: gaps, duplicates, non-finite values.
@Suite(.timeLimit(.minutes(5))) struct SeriesDetectorSeriesTests {
    @Test(arguments: [UInt64(5), 11, 23])
    func aDailyPatternIsDetectedAndAMissingPeakAlarms(seed: UInt64) {
        let days = 8, perDay = 288
        var v = Synth.daily(days * perDay, seed: seed)
        // Day 7: the afternoon peak does not happen (the value stays at the mean where it should be high).
        let t = Synth.times(v.count)
        let changed = (6 * perDay..<7 * perDay).filter { sin(2 * .pi * t[$0] / 86_400) > 0.5 }
        for i in changed { v[i] = 100 + (v[i] - 100 - 20 * sin(2 * .pi * t[i] / 86_400)) }
        var d = SeriesDetector()
        var out: [DetectorOutput] = []
        for i in v.indices { out.append(d.update(time: t[i], value: v[i])) }
        #expect(d.seasonPeriod == 86_400)
        let check1 = out[3 * perDay].season == .daily
        #expect(check1)
        // Quiet while the pattern repeats (after two days of learning), an alarm during the changed day.
        let check2 = Synth.alarms(out, 3 * perDay..<6 * perDay) <= 2
        #expect(check2)
        let first = Synth.firstAlarm(out, from: changed.first!)
        #expect(first != nil && first! <= changed.last!)
        let check3 = out[changed.first! + 20].expected > 110   // the forecast still expects the peak
        #expect(check3)
    }

    @Test func noiseHasNoSeason() {
        var d = SeriesDetector()
        let v = Synth.noise(3000, seed: 9), t = Synth.times(3000)
        for i in v.indices { _ = d.update(time: t[i], value: v[i]) }
        #expect(d.seasonPeriod == nil)
    }

    @Test(arguments: [UInt64(2), 17, 99])
    func aCounterIsRecognisedAndItsResetDoesNotAlarm(seed: UInt64) {
        var rng = MetricRNG(seed: seed)
        var total = 5_000.0, values: [Double] = []
        for i in 0..<2000 {
            if i == 1500 { total = 0 }                       // the process restarted
            total += 50 + 5 * rng.normal()                  // ~50 per 5 minutes
            values.append(total)
        }
        var d = SeriesDetector()
        let t = Synth.times(values.count)
        var out: [DetectorOutput] = []
        for i in values.indices { out.append(d.update(time: t[i], value: values[i])) }
        #expect(d.isCounter)
        let check4 = Synth.alarms(out, 1490..<1520) == 0
        #expect(check4)
        // Outputs are rates per second: about 50 / 300.
        let check5 = abs(out[1800].expected - 50.0 / 300) < 0.02
        #expect(check5)
    }

    @Test func aGaugeIsNotACounter() {
        var d = SeriesDetector()
        let v = Synth.noise(100, seed: 4), t = Synth.times(100)
        for i in v.indices { _ = d.update(time: t[i], value: v[i]) }
        #expect(!d.isCounter)
    }

    @Test(arguments: [UInt64(8), 31, 64])
    func gapsInTimeDoNotAlarm(seed: UInt64) {
        let v = Synth.noise(2000, seed: seed)
        var t = Synth.times(2000)
        // Two outages: 6 hours and 2 days without samples.
        for i in 800..<2000 { t[i] += 6 * 3600 }
        for i in 1400..<2000 { t[i] += 2 * 86_400 }
        let gapped = Synth.run(v, times: t), regular = Synth.run(v)
        let afterGaps = Synth.alarms(gapped, 800..<805) + Synth.alarms(gapped, 1400..<1405)
        #expect(afterGaps == 0)
        let extra = Synth.alarms(gapped, 0..<2000) - Synth.alarms(regular, 0..<2000)
        #expect(extra <= 0)
    }

    @Test func duplicatesAndOutOfOrderTimesAreHarmless() {
        let v = Synth.noise(1500, seed: 12)
        var t = Synth.times(1500)
        for i in stride(from: 600, to: 1500, by: 50) { t[i] = t[i - 1] }          // duplicated timestamps
        for i in stride(from: 625, to: 1500, by: 100) { t[i] = t[i - 1] - 60 }     // a step back in time
        let out = Synth.run(v, times: t)
        let check8 = Synth.alarms(out, 500..<1500) <= 3
        #expect(check8)
        let check9 = out.allSatisfy { $0.score.isFinite && $0.expected.isFinite && $0.lower <= $0.upper }
        #expect(check9)
    }

    @Test func nonFiniteValuesAreSkippedAndChangeNothingElse() {
        var v = Synth.noise(1200, seed: 21)
        v[1000] += 15
        let t = Synth.times(1200)
        let clean = Synth.run(v, times: t)
        var d = SeriesDetector()
        var withHoles: [DetectorOutput] = []
        for i in v.indices {
            if i % 97 == 5 {
                for bad in [Double.nan, .infinity, -.infinity] {
                    let o = d.update(time: t[i], value: bad)
                    #expect(o.score == 0 && !o.isAnomaly)
                    let check10 = o.expected == (withHoles.last?.expected ?? 0)
                    #expect(check10)
                }
            }
            withHoles.append(d.update(time: t[i], value: v[i]))
        }
        let check11 = withHoles == clean
        #expect(check11)
        let check12 = withHoles[1000].isAnomaly
        #expect(check12)
        let nanTime = d.update(time: .nan, value: 100)
        #expect(nanTime.score == 0)
    }
}
