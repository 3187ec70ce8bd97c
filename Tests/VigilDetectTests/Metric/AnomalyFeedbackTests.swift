@testable import VigilDetect
import Foundation
import Testing

/// Operator feedback on metric anomalies: fingerprints, and what a verdict changes in the detector.
@Suite(.timeLimit(.minutes(5))) struct AnomalyFeedbackTests {
    /// Ranges forget after 300–600 samples, so an excursion repeated 1,500 samples later is news again
    /// without feedback (in the dashboard that takes `DetectorConfig.memory`, about three days).
    static var forgetful: DetectorConfig { var c = DetectorConfig.standard; c.memory = 300; return c }
    static let first = 1000, repeatAt = 2500

    /// A fast wave (period 25 samples) with a little noise: stable ranges, no chance records. Each bump
    /// lasts `burst` samples (say, a batch job of 20 minutes).
    static func wave(_ n: Int, seed: UInt64, bumps: [Int: Double], burst: Int = 4) -> [Double] {
        var rng = MetricRNG(seed: seed)
        var v = (0..<n).map { i in 100 + 3 * sin(2 * .pi * Double(i) / 25) + 0.3 * rng.normal() }
        for (start, height) in bumps { for i in start..<min(n, start + burst) { v[i] += height } }
        return v
    }

    /// Streams `v` through a detector and a tracker; the event that opened at `answerAt` gets `verdict`
    /// when it closes, as an operator judges an event from the list.
    static func stream(_ v: [Double], answerAt: Int? = nil, verdict: Bool = false,
                       config: DetectorConfig = forgetful) -> (out: [DetectorOutput], answered: AnomalyEvent?) {
        var d = SeriesDetector(config: config)
        var tracker = AnomalyTracker(threshold: config.threshold)
        var answered: AnomalyEvent?
        let t = Synth.times(v.count)
        let out = v.indices.map { i in
            let o = d.update(time: t[i], value: v[i])
            if let e = tracker.update(time: t[i], value: v[i], output: o), let a = answerAt, e.start == t[a] {
                d.applyFeedback(e, isAnomaly: verdict)
                answered = e
            }
            return o
        }
        return (out, answered)
    }

    static func peak(_ out: [DetectorOutput], at i: Int) -> Double { out[i..<i + 5].map(\.rawScore).max() ?? 0 }

    static func event(actual: Double, lower: Double = 90, upper: Double = 110, cause: AnomalyCause = .newExtreme) -> AnomalyEvent {
        AnomalyEvent(start: 0, peak: 0, end: nil, peakScore: 0.9, expectedLower: lower, expectedUpper: upper,
                     actual: actual, cause: cause, season: .none, explanation: "")
    }

    @Test func theSameShapeHasTheSameFingerprintAndOtherSeriesOrShapesDoNot() {
        let a = Self.event(actual: 131), again = Self.event(actual: 133, lower: 91, upper: 111)
        #expect(fingerprint(seriesKey: "cpu", event: a) == fingerprint(seriesKey: "cpu", event: again))
        #expect(fingerprint(seriesKey: "cpu", event: a) == .metric(series: "cpu", shape: "newExtreme|up|m2"))
        #expect(fingerprint(seriesKey: "cpu", event: a) != fingerprint(seriesKey: "mem", event: a))
        #expect(fingerprint(seriesKey: "cpu", event: a) != fingerprint(seriesKey: "cpu", event: Self.event(actual: 69)))
        #expect(fingerprint(seriesKey: "cpu", event: a) != fingerprint(seriesKey: "cpu", event: Self.event(actual: 400)))
        #expect(fingerprint(seriesKey: "cpu", event: a) != fingerprint(seriesKey: "cpu", event: Self.event(actual: 131, cause: .shift)))
        #expect(Self.event(actual: 100).magnitudeBucket == 0)
        #expect(Self.event(actual: 1e30, lower: 5, upper: 5).magnitudeBucket == AnomalyEvent.maxMagnitudeBucket)
    }

    @Test func theFingerprintOfAStreamedRepeatMatchesTheFirst() {
        let v = Self.wave(4000, seed: 3, bumps: [Self.first: 8, Self.repeatAt: 8])
        var d = SeriesDetector(config: Self.forgetful), tracker = AnomalyTracker()
        var opened: [AnomalyEvent] = []
        let t = Synth.times(v.count)
        for i in v.indices {
            let o = d.update(time: t[i], value: v[i])
            _ = tracker.update(time: t[i], value: v[i], output: o)
            if i == Self.first || i == Self.repeatAt, let e = tracker.current { opened.append(e) }
        }
        #expect(opened.count == 2)
        #expect(Set(opened.map { fingerprint(seriesKey: "s", event: $0) }).count == 1)
    }

    @Test func aClosedEventHoldsEveryViewItsFlaggedSamplesReached() {
        let v = Self.wave(2000, seed: 8, bumps: [Self.first: 8])
        var d = SeriesDetector(config: Self.forgetful), tracker = AnomalyTracker()
        let t = Synth.times(v.count)
        var closed: [AnomalyEvent] = []
        for i in v.indices {
            if let e = tracker.update(time: t[i], value: v[i], output: d.update(time: t[i], value: v[i])) { closed.append(e) }
        }
        let e = closed.first { $0.start == t[Self.first] }
        // The burst is a new high at once, moves the 8-sample average two samples later.
        #expect((e?.profile[.newExtreme] ?? 0) > 0)
        #expect((e?.profile[.shift] ?? 0) > 0)
    }

    @Test(arguments: [UInt64(1), 7, 42])
    func aFalsePositiveSilencesItsRepeatButNotAMuchLargerOneNorADip(seed: UInt64) {
        let th = DetectorConfig.standard.threshold
        let plain = Self.stream(Self.wave(4000, seed: seed, bumps: [Self.first: 8, Self.repeatAt: 8]))
        #expect(Self.peak(plain.out, at: Self.first) >= th)
        #expect(Self.peak(plain.out, at: Self.repeatAt) >= th)   // without feedback the repeat alarms

        let taught = Self.stream(Self.wave(4000, seed: seed, bumps: [Self.first: 8, Self.repeatAt: 8]), answerAt: Self.first)
        #expect(taught.answered != nil)
        #expect(Self.peak(taught.out, at: Self.repeatAt) < th)
        #expect(Synth.alarms(taught.out, Self.repeatAt - 5..<Self.repeatAt + 30) == 0)

        let larger = Self.stream(Self.wave(4000, seed: seed, bumps: [Self.first: 8, Self.repeatAt: 60]), answerAt: Self.first)
        #expect(Self.peak(larger.out, at: Self.repeatAt) >= th)
        let dip = Self.stream(Self.wave(4000, seed: seed, bumps: [Self.first: 8, Self.repeatAt: -8]), answerAt: Self.first)
        #expect(Self.peak(dip.out, at: Self.repeatAt) >= th)
    }

    @Test(arguments: [UInt64(2), 9])
    func aConfirmedAnomalyRaisesTheScoreOfASimilarOne(seed: UInt64) {
        let v = Self.wave(4000, seed: seed, bumps: [Self.first: 8, Self.repeatAt: 8])
        let plain = Self.stream(v), confirmed = Self.stream(v, answerAt: Self.first, verdict: true)
        #expect(confirmed.answered != nil)
        #expect(confirmed.out[..<(Self.first + 5)] == plain.out[..<(Self.first + 5)])
        #expect(confirmed.out[Self.repeatAt].rawScore > plain.out[Self.repeatAt].rawScore)
        // The cause of the event is the view raised; its excess before feedback is the same.
        #expect(confirmed.out[Self.repeatAt].profile == plain.out[Self.repeatAt].profile)
    }

    @Test(arguments: [UInt64(2), 9])
    func aConfirmationNeverMakesAQuietSampleAlarm(seed: UInt64) throws {
        // A smaller bump later: news, but under the threshold without feedback.
        let v = Self.wave(4000, seed: seed, bumps: [Self.first: 8, Self.repeatAt: 1.2])
        let plain = Self.stream(v), confirmed = Self.stream(v, answerAt: Self.first, verdict: true)
        let th = DetectorConfig.standard.threshold
        try #require(confirmed.answered != nil)
        let quiet = Self.peak(plain.out, at: Self.repeatAt)
        try #require(quiet > 0.1 && quiet < th)
        // Without the rule the boost would raise it (as it raises a similar bump that alarms, above).
        #expect(Self.peak(confirmed.out, at: Self.repeatAt) == quiet)
        #expect(!confirmed.out[Self.repeatAt..<(Self.repeatAt + 5)].contains { $0.isAnomaly })
    }

    @Test func anEventWithoutAProfileStillTeachesItsCause() throws {
        let v = Self.wave(4000, seed: 5, bumps: [Self.first: 8, Self.repeatAt: 8])
        var d = SeriesDetector(config: Self.forgetful), tracker = AnomalyTracker()
        let t = Synth.times(v.count)
        var repeatScore = 1.0
        var taught: AnomalyEvent?
        for i in v.indices {
            let o = d.update(time: t[i], value: v[i])
            _ = tracker.update(time: t[i], value: v[i], output: o)
            if i == Self.first, var e = tracker.current {
                e.profile = NoveltyProfile()           // as if restored from storage
                d.applyFeedback(e, isAnomaly: false)
                taught = e
            }
            if i == Self.repeatAt { repeatScore = o.rawScore }
        }
        // Only the view that named the cause is known, so only it is quieter.
        #expect(d.hasFeedback)
        let e = try #require(taught)
        #expect(d.gains.gain(e.cause, e.direction) < 1 && d.gains.gain(e.cause, e.direction == .up ? .down : .up) == 1)
        #expect(repeatScore < Self.stream(v).out[Self.repeatAt].rawScore)
    }

    @Test func feedbackIsDeterministic() {
        let v = Self.wave(3000, seed: 11, bumps: [Self.first: 8, 2200: 12])
        let a = Self.stream(v, answerAt: Self.first), b = Self.stream(v, answerAt: Self.first)
        #expect(a.out == b.out)
        #expect(a.answered == b.answered)
    }
}
