@testable import VigilDetect
import Foundation
import Testing

/// The operator simulation behind `vigil-lab eval nab --feedback`, on a small made-up corpus.
@Suite(.timeLimit(.minutes(5))) struct NABFeedbackTests {
    static var config: DetectorConfig { AnomalyFeedbackTests.forgetful }

    static func stamp(_ seconds: Double) -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "UTC")
        f.dateFormat = "yyyy-MM-dd HH:mm:ss"
        return f.string(from: Date(timeIntervalSince1970: seconds))
    }

    /// "a": the same harmless one-sample spike three times (forgotten in between), then a real dip in a
    /// window.
    /// "b", starting later: one real spike in a window.
    static let corpus: NABCorpus = {
        func series(_ name: String, offset: Int, bumps: [Int: Double], windows: [(start: Int, end: Int)], seed: UInt64) -> NABSeries {
            let v = AnomalyFeedbackTests.wave(3000, seed: seed, bumps: bumps, burst: 1)
            let t = (0..<v.count).map { stamp(Synth.start + Double($0 + offset) * Synth.step) }
            return NABSeries(category: "made", name: name, timestamps: t, values: v, windows: windows)
        }
        return NABCorpus(series: [
            series("a", offset: 0, bumps: [1000: 8, 1700: 8, 2400: 8, 2700: -12], windows: [(2650, 2750)], seed: 4),
            series("b", offset: 500, bumps: [2000: 15], windows: [(1950, 2050)], seed: 6),
        ])
    }()

    @Test func withoutAnswersItScoresLikeThePlainDetector() throws {
        let o = try NABFeedbackSimulation.run(corpus: Self.corpus, answers: 0, config: Self.config)
        for (k, s) in Self.corpus.series.enumerated() {
            var d = SeriesDetector(config: Self.config)
            let t = s.timestamps.compactMap { NABTime.parse($0) }
            #expect(o.scores[k] == zip(t, s.values).map { d.update(time: $0, value: $1).score })
        }
        #expect(o.answered == 0)
        #expect(o.events >= 5 && o.truePositiveEvents >= 2)
        #expect(o.windowsFound == 2 && o.windows == 2)
    }

    @Test func rejectingTheFirstSpikeSilencesItsRepeatsAndKeepsTheRealAnomalies() throws {
        let none = try NABFeedbackSimulation.run(corpus: Self.corpus, answers: 0, config: Self.config)
        // The first two events in time are in "a": a stray change of volatility, then the first spike.
        let two = try NABFeedbackSimulation.run(corpus: Self.corpus, answers: 2, config: Self.config)
        let all = try NABFeedbackSimulation.run(corpus: Self.corpus, answers: 100, config: Self.config)
        #expect(two.rejected == 2 && two.confirmed == 0)
        // The spike's two repeats no longer open events.
        #expect(two.events - two.truePositiveEvents <= none.events - none.truePositiveEvents - 2)
        #expect(two.windowsFound == none.windowsFound)
        #expect(two.precision > none.precision && two.f1 > none.f1)
        // Answering everything: no window lost, fewer false events than without answers.
        #expect(all.answered == all.events && all.windowsFound == none.windowsFound)
        #expect(all.events - all.truePositiveEvents < none.events - none.truePositiveEvents)
        let scorer = NABScorer(profiles: ["standard": .standard])
        let before = scorer.score(corpus: Self.corpus, scores: none.scores)["standard"]?.normalizedScore ?? 0
        let after = scorer.score(corpus: Self.corpus, scores: two.scores)["standard"]?.normalizedScore ?? 0
        #expect(after >= before)
    }

    @Test func theSimulationIsDeterministic() throws {
        let a = try NABFeedbackSimulation.run(corpus: Self.corpus, answers: 3, config: Self.config)
        let b = try NABFeedbackSimulation.run(corpus: Self.corpus, answers: 3, config: Self.config)
        #expect(a.scores == b.scores && a.events == b.events && a.answered == b.answered)
    }

    @Test func topAnswersTheHighestPeaksWhenTheyClose() throws {
        let none = try NABFeedbackSimulation.run(corpus: Self.corpus, answers: 0, config: Self.config)
        let base = try NABFeedbackSimulation.run(corpus: Self.corpus, answers: 0, chosen: nil, config: Self.config)
        let top = try NABFeedbackSimulation.run(corpus: Self.corpus, answers: 1, selection: .top, config: Self.config)
        // One answer: the event of highest peak, which is real (the big spike of "b" or the dip of "a").
        let best = base.events.max { $0.peak < $1.peak }
        let window = best.map { e in Self.corpus.series[e.series].windows.contains { $0.start <= e.row && e.row <= $0.end } }
        #expect(window == true)
        #expect(top.answered == 1 && top.confirmed == 1)
        // Confirming it loses no window; the first pass is the run without answers.
        #expect(top.windowsFound == none.windowsFound)
        #expect(base.outcome.events == none.events)
    }

    /// `vigil-lab eval nab --raised-only`: the operator answers only the events the screen shows.
    @Test func theOperatorAnswersOnlyWhatIsShown() throws {
        let none = try NABFeedbackSimulation.run(corpus: Self.corpus, answers: 0, config: Self.config)
        #expect(none.shownEvents == none.events && none.shownInWindow == none.truePositiveEvents)
        #expect(none.shownWindowsFound == none.windowsFound)
        for selection in NABFeedbackSimulation.Selection.allCases {
            let hidden = try NABFeedbackSimulation.run(corpus: Self.corpus, answers: 100, selection: selection,
                                                       config: Self.config, shown: { _ in false })
            #expect(hidden.answered == 0 && hidden.shownEvents == 0 && hidden.shownWindowsFound == 0 && hidden.scores == none.scores)
        }
        // Shown once the peak reaches the highest: one event, a real one (see topAnswersTheHighestPeaksWhenTheyClose).
        let base = try NABFeedbackSimulation.run(corpus: Self.corpus, answers: 0, chosen: nil, config: Self.config)
        let peaks = base.events.map(\.peak).sorted(by: >)
        try #require(peaks.count >= 3 && peaks[0] > peaks[1])
        let cut = peaks[0]
        for selection in NABFeedbackSimulation.Selection.allCases {
            let o = try NABFeedbackSimulation.run(corpus: Self.corpus, answers: 100, selection: selection,
                                                  config: Self.config, shown: { $0.peakScore >= cut })
            #expect(o.shownEvents == 1 && o.shownInWindow == 1 && o.shownWindowsFound == 1)
            // Every event is flagged and counted as before; only the one shown was answered.
            #expect(o.confirmed == 1 && o.rejected == 0, "\(selection)")
            #expect(o.events == none.events && o.windowsFound == none.windowsFound)
        }
    }
}
