@testable import VigilDetect
import Testing

@Suite(.timeLimit(.minutes(5))) struct AnomalyTrackerTests {
    @Test func anEventOpensAtTheAnomalyAndClosesWhenItIsOver() {
        var v = Synth.noise(1500, seed: 8)
        for i in 1200..<1212 { v[i] += 40 }
        let t = Synth.times(v.count)
        var d = SeriesDetector()
        var tracker = AnomalyTracker()
        var closed: [AnomalyEvent] = []
        var openAt: Double?
        for i in v.indices {
            let o = d.update(time: t[i], value: v[i])
            if let e = tracker.update(time: t[i], value: v[i], output: o) { closed.append(e) }
            if i == 1200 { openAt = tracker.current?.start }
        }
        let e = closed.last
        #expect(e != nil)
        #expect(e?.start == t[1200])
        #expect(openAt == t[1200])
        #expect((e?.end ?? 0) > t[1211])
        #expect((e?.actual ?? 0) > 130)
        #expect(e?.explanation.hasPrefix("value 1") == true)
        #expect(e?.explanation.contains("above expected") == true)
        #expect(e?.explanation.contains(" min") == true)
        #expect(tracker.current == nil)
    }

    @Test func explanationsReadLikeTheBrief() {
        let e = AnomalyEvent(start: 0, peak: 60, end: 360, peakScore: 0.9, expectedLower: 120, expectedUpper: 180,
                             actual: 412, cause: .newExtreme, season: .daily, explanation: "")
        #expect(AnomalyTracker.explain(e, until: 360) == "value 412 above expected 120–180 for 6 min; new high; daily pattern")
        #expect(AnomalyTracker.duration(30) == "30 s")
        #expect(AnomalyTracker.duration(5400) == "90 min")
        #expect(AnomalyTracker.number(0.0123) == "0.0123")
    }
}
