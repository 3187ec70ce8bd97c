import Foundation
import Testing
@testable import VigilDetect

@Suite(.timeLimit(.minutes(5))) struct LogFeedbackTests {
    static var config: LogScorerConfig { LogAnomalyScorerTests.config }
    static let noisy = "node-3 ERROR backup job skipped: target busy"
    static let disk = "node-7 ERROR disk sda failed reading sector 1234"
    static let diskTwin = "node-8 ERROR disk sdb failed reading sector 99"
    static let unrelated = "node-2 ERROR quokka wombat migration aborted"

    static func trained() -> LogAnomalyScorer {
        LogAnomalyScorer(model: LogScoringModel.train(lines: LogAnomalyScorerTests.routine(600), config: config))
    }

    static func template(_ line: String) -> String { LogLineText.analyze(line).template }

    @Test func falsePositiveTemplateIsNoLongerFlagged() {
        var scorer = Self.trained()
        let before = scorer.score(Self.noisy, at: 700)
        #expect(before.flagged)
        scorer.applyFeedback(template: Self.template(Self.noisy), isAnomaly: false)
        let after = scorer.score("node-9 ERROR backup job skipped: target busy", at: 701)
        #expect(!after.flagged)
        #expect(after.score < scorer.threshold)
        // Other templates are untouched.
        #expect(scorer.score(Self.unrelated, at: 702).flagged)
    }

    @Test func confirmedTemplateBoostsCloseTemplatesOnly() {
        var plain = Self.trained(), taught = Self.trained()
        taught.applyFeedback(template: Self.template(Self.disk), isAnomaly: true)
        let twinPlain = plain.score(Self.diskTwin, at: 700), twinTaught = taught.score(Self.diskTwin, at: 700)
        #expect(twinTaught.score > twinPlain.score)
        let otherPlain = plain.score(Self.unrelated, at: 701), otherTaught = taught.score(Self.unrelated, at: 701)
        #expect(otherTaught.score == otherPlain.score)
        // A routine line is not dragged up by the shared header words.
        let routine = "node-1 INFO heartbeat ok latency 3 ms"
        #expect(taught.score(routine, at: 702).score == plain.score(routine, at: 702).score)
    }

    @Test func laterVerdictWins() {
        var scorer = Self.trained()
        let t = Self.template(Self.noisy)
        scorer.applyFeedback(template: t, isAnomaly: false)
        scorer.applyFeedback(template: t, isAnomaly: true)
        #expect(scorer.feedback.confirmed.contains(t) && !scorer.feedback.falsePositives.contains(t))
        #expect(scorer.score(Self.noisy, at: 700).flagged)
    }

    @Test func falsePositivesTrainAsNormalAndSurviveRetrainAndSave() throws {
        var lines = LogAnomalyScorerTests.routine(500)
        lines += (0..<20).map { (text: "node-\($0) ERROR backup job skipped: target busy", time: Double(500 + $0)) }
        let t = Self.template(Self.noisy)
        let plain = LogScoringModel.train(lines: lines, config: Self.config)
        let model = LogScoringModel.train(lines: lines, config: Self.config, falsePositives: [t])
        #expect(model.falsePositiveTemplates == [t])
        // Trained on as normal data: counted, and the threshold follows the raw training scores.
        #expect(model.templateCounts[t] == 20)
        #expect(model.threshold == plain.threshold)
        var fresh = LogAnomalyScorer(model: model)
        #expect(!fresh.score(Self.noisy, at: 900).flagged)
        #expect(fresh.feedback.falsePositives == [t])
        // The scorer's own verdicts go into its next training.
        var scorer = Self.trained()
        scorer.applyFeedback(template: t, isAnomaly: false)
        scorer.retrain(lines: lines)
        #expect(scorer.model.falsePositiveTemplates == [t])
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-log-fp-\(UInt32.random(in: 0...UInt32.max)).json")
        defer { try? FileManager.default.removeItem(at: url) }
        try model.save(to: url)
        #expect(try LogScoringModel.load(from: url).falsePositiveTemplates == [t])
    }

    @Test func feedbackIsDeterministic() {
        var a = Self.trained(), b = Self.trained()
        for verdict in [(Self.disk, true), (Self.noisy, false)] {
            a.applyFeedback(template: Self.template(verdict.0), isAnomaly: verdict.1)
            b.applyFeedback(template: Self.template(verdict.0), isAnomaly: verdict.1)
        }
        #expect(a.feedback == b.feedback)
        let probe = LogAnomalyScorerTests.routine(50, seed: 11).map(\.text) + [Self.diskTwin, Self.noisy, Self.unrelated]
        for (i, line) in probe.enumerated() { #expect(a.score(line, at: 800 + Double(i)) == b.score(line, at: 800 + Double(i))) }
    }

    @Test func operatorAnswersTopFlaggedDistinctTemplatesInScoreOrder() {
        func s(_ v: Double, _ f: Bool) -> LogLineScore {
            LogLineScore(score: v, flagged: f, novelty: 0, rarity: 0, firstSighting: 0, burst: 0, severity: 0)
        }
        var answered: Set<String> = ["old"]
        let verdicts = LogScoringEvaluation.operatorVerdicts(
            [s(0.9, true), s(0.95, true), s(0.99, false), s(0.8, true), s(0.9, true), s(0.85, true)],
            templates: ["a", "b", "c", "a", "d", "old"], labels: [true, false, true, true, true, false],
            budget: 2, answered: &answered)
        #expect(verdicts.map(\.template) == ["b", "a"])
        #expect(verdicts.map(\.isAnomaly) == [false, true])
        #expect(answered == ["old", "a", "b"])
    }

    @Test func configWithoutNewerSettingsStillDecodes() throws {
        let old = #"{"k": 2, "vectorWeight": 0.3}"#
        let c = try JSONDecoder().decode(LogScorerConfig.self, from: Data(old.utf8))
        #expect(c.k == 2 && c.vectorWeight == 0.3)
        #expect(c.feedbackSimilarity == LogScorerConfig().feedbackSimilarity && c.burstWindow == LogScorerConfig().burstWindow)
    }

    /// A stream where one noisy template keeps being flagged: verdicts on it must not lower F1.
    @Test func feedbackDoesNotHurtOnAStream() {
        var lines = LogAnomalyScorerTests.routine(900, seed: 21)
        var labels = [Bool](repeating: false, count: lines.count)
        for i in stride(from: 120, to: 900, by: 37) {
            lines[i] = ("node-\(i % 7) ERROR backup job skipped: target busy \(i)", Double(i))
        }
        for i in stride(from: 300, to: 900, by: 97) {
            lines[i] = ("node-\(i % 5) FATAL disk sd\(i % 3) corrupted sector \(i) lost", Double(i))
            labels[i] = true
        }
        func f1(_ o: LogScoringEvaluation.Outcome) -> Double {
            LogScoringMetrics(scores: o.scores.map(\.score), labels: labels, flagged: o.scores.map(\.flagged)).f1
        }
        let plain = LogScoringEvaluation.streaming(lines: lines, every: 100, window: 10_000, config: Self.config)
        let taught = LogScoringEvaluation.streaming(lines: lines, every: 100, window: 10_000, config: Self.config,
                                                    labels: labels, feedback: 5)
        #expect(f1(taught) >= f1(plain))
        #expect(taught.scores.filter(\.flagged).count < plain.scores.filter(\.flagged).count)
    }
}
