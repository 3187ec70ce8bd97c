import Foundation
import Testing
@testable import VigilDetect

/// Range views on the values less their daily pattern (`DetectorConfig.deseasonalizeBelow`).
@Suite(.timeLimit(.minutes(1))) struct SeriesDetectorDeseasonTests {
    static let day = 288   // 5-minute samples

    /// A daily swing of 3 σ with a shift of 4 σ for three hours at the day's low, on day 9: every
    /// value stays inside the range the swing has shown, so only the values less the pattern see it.
    static func hiddenShift() -> (values: [Double], window: Range<Int>) {
        var v = Synth.daily(12 * day, seed: 21, amplitude: 3, sigma: 1)
        let t = Synth.times(v.count)
        // The day's low: the phase where sin is -1.
        func phase(_ i: Int) -> Double { sin(2 * Double.pi * t[i] / 86_400) }
        let low = (8 * day..<9 * day).min { phase($0) < phase($1) }!
        let window = (low - 18)..<(low + 18)
        for i in window { v[i] += 4 }
        return (v, window)
    }

    @Test func aShiftHiddenInTheDaysSwingIsFound() {
        let (v, window) = Self.hiddenShift()
        let out = Synth.run(v)
        #expect(Synth.alarms(out, window.lowerBound..<(window.upperBound + 12)) >= 1)
        var raw = DetectorConfig.standard
        raw.deseasonalizeBelow = 0
        let before = Synth.run(v, config: raw)
        // The ranges of the raw values do not see it (the reason for the second set of ranges).
        #expect(Synth.alarms(before, window.lowerBound..<(window.upperBound + 12)) == 0)
    }

    @Test func theDaysSwingItselfIsNotNews() {
        let v = Synth.daily(12 * Self.day, seed: 22, amplitude: 3, sigma: 1)
        let out = Synth.run(v)
        var raw = DetectorConfig.standard
        raw.deseasonalizeBelow = 0
        let before = Synth.run(v, config: raw)
        let after2Days = (2 * Self.day)..<v.count
        #expect(Synth.alarms(out, after2Days) <= max(3, Synth.alarms(before, after2Days)))
    }

    @Test func aValueBeyondFloatsRangeLeavesThePatternAlone() {
        // The daily profile is kept in Float: 1e39 makes a bin infinite; the values less the pattern
        // must not become infinite or NaN (the range views would be fed them).
        var v = Synth.daily(4 * Self.day, seed: 23, amplitude: 3, sigma: 1)
        v[3 * Self.day] = 1e39
        let out = Synth.run(v)
        #expect(out.allSatisfy { (0...1).contains($0.score) && (0...1).contains($0.rawScore) })
        #expect(out[3 * Self.day].isAnomaly)
    }
}
