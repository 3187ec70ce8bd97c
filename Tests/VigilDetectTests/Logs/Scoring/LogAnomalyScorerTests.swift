import Foundation
import Testing
import VigilCore
@testable import VigilDetect

@Suite(.timeLimit(.minutes(5))) struct LogAnomalyScorerTests {
    /// A routine log: four templates with changing numbers, one line a second.
    static func routine(_ n: Int, seed: UInt64 = 5) -> [(text: String, time: Double)] {
        var rng = SplitMix64(seed: seed)
        let forms = [
            "node-%d INFO heartbeat ok latency %d ms",
            "node-%d INFO request served path /api/v%d status 200",
            "node-%d DEBUG cache refreshed entries %d",
            "node-%d INFO job %d finished in time",
        ]
        return (0..<n).map { i in
            var text = forms[rng.nextInt(forms.count)]
            while let r = text.range(of: "%d") { text.replaceSubrange(r, with: String(rng.nextInt(5000))) }
            return (text, Double(i))
        }
    }

    static var config: LogScorerConfig {
        var c = LogScorerConfig()
        c.som.width = 8; c.som.height = 8
        return c
    }

    @Test func novelLineScoresAboveEveryTrainingLine() {
        let lines = Self.routine(600)
        let model = LogScoringModel.train(lines: lines, config: Self.config)
        var scorer = LogAnomalyScorer(model: model)
        let top = lines.map { scorer.score($0.text, at: $0.time).score }.max() ?? 1
        // No severity word: only unseen tokens, a new template and distance make it stand out.
        let novel = scorer.score("node-7 quokka wombat migration stalled near marsupial 42", at: 700)
        #expect(novel.score > top)
        #expect(novel.firstSighting == 1)
        #expect(novel.novelty > 0.5)
        #expect(novel.flagged)
        // Seen once, its template and tokens are no longer unseen.
        let again = scorer.score("node-9 quokka wombat migration stalled near marsupial 43", at: 701)
        #expect(again.firstSighting == 0 && again.novelty < novel.novelty)
    }

    @Test func unseenTokenInKnownShapeRaisesNovelty() {
        let model = LogScoringModel.train(lines: Self.routine(400), config: Self.config)
        var scorer = LogAnomalyScorer(model: model)
        let known = scorer.score("node-3 INFO heartbeat ok latency 12 ms", at: 500)
        let odd = scorer.score("node-3 INFO heartbeat zorblax latency 12 ms", at: 501)
        #expect(odd.novelty > known.novelty + 0.1)
        #expect(odd.score > known.score)
    }

    @Test func burstOfATemplateIsFlaggedAboveItsBaseline() {
        var config = Self.config
        config.bucketWidth = 10
        let model = LogScoringModel.train(lines: Self.routine(300), config: config)
        var scorer = LogAnomalyScorer(model: model)
        // One line of each routine template per bucket for 40 buckets: the baseline, no burst
        // (the mix matches training, so no template's share of the recent lines rises either).
        var steady: [Double] = []
        let forms = ["node-1 INFO heartbeat ok latency 3 ms", "node-1 INFO request served path /api/v1 status 200",
                     "node-1 DEBUG cache refreshed entries 8", "node-1 INFO job 5 finished in time"]
        for b in 0..<40 {
            for (j, f) in forms.enumerated() { steady.append(scorer.score(f, at: 1000 + Double(b) * 10 + Double(j)).burst) }
        }
        #expect(steady.allSatisfy { $0 < 0.2 })
        // Then 30 in one bucket.
        var last = LogLineScore(score: 0, flagged: false, novelty: 0, rarity: 0, firstSighting: 0, burst: 0, severity: 0)
        for i in 0..<30 { last = scorer.score("node-1 INFO job \(i) finished in time", at: 1400 + Double(i) * 0.1) }
        #expect(last.burst > 0.8)
        #expect(last.score > scorer.model.trainingMean)
    }

    @Test func templateTakingOverTheRecentLinesBurstsWhateverTheirSpacing() {
        var config = Self.config
        config.bucketWidth = 60
        let model = LogScoringModel.train(lines: Self.routine(400), config: config)
        var scorer = LogAnomalyScorer(model: model)
        // Lines 10 minutes apart: never two in one time bucket, but one template takes over.
        var bursts: [Double] = []
        for i in 0..<40 { bursts.append(scorer.score("node-4 DEBUG cache refreshed entries \(i)", at: 10_000 + Double(i) * 600).burst) }
        #expect(bursts[0] < 0.1)
        #expect(bursts[39] > 0.5)
    }

    /// A template that comes in runs as a rule (a backup writing its chunks) bursts in training
    /// too: the same run again is hardly news, while the same run of a template that never burst
    /// in training (a config reload, as rare overall) is.
    @Test func aBurstNoLargerThanInTrainingIsNotNews() {
        var config = Self.config
        config.bucketWidth = 60
        func run(_ form: String, _ n: Int, at t: Double) -> [(text: String, time: Double)] {
            (0..<n).map { (form.replacingOccurrences(of: "#", with: String($0)), t + Double($0) * 0.5) }
        }
        let backup = "node-3 INFO backup chunk # stored", reload = "node-3 INFO config # reloaded"
        var training: [(text: String, time: Double)] = []
        for k in 0..<3 {
            let part = Self.routine(200, seed: UInt64(k + 1)).map { (text: $0.text, time: $0.time + Double(k) * 1_000) }
            training += part
            training += run(backup, 20, at: Double(k) * 1_000 + 500)
            // As many reloads as backup chunks, spread out.
            training += (0..<20).map { (reload.replacingOccurrences(of: "#", with: String($0)), Double(k) * 1_000 + 5 + Double($0) * 10) }
        }
        training.sort { $0.time < $1.time }
        let model = LogScoringModel.train(lines: training, config: config)
        func key(_ form: String) -> String { LogLineText.analyze(form.replacingOccurrences(of: "#", with: "1")).template }
        let backupCeiling = model.burstCeilings[key(backup)] ?? BurstCeiling()
        let reloadCeiling = model.burstCeilings[key(reload)] ?? BurstCeiling()
        #expect(backupCeiling.share > 0.25 && backupCeiling.share > 3 * reloadCeiling.share)
        func peak(_ form: String, _ m: LogScoringModel) -> Double {
            var scorer = LogAnomalyScorer(model: m)
            for l in Self.routine(100, seed: 4) { _ = scorer.score(l.text, at: 5_000 + l.time) }
            return run(form, 20, at: 5_200).map { scorer.score($0.text, at: $0.time).burst }.max() ?? 0
        }
        var plain = model
        plain.burstCeilings = [:]
        // The backup's run counts for much less than without its ceiling; the reload's about as much.
        #expect(peak(backup, model) < 0.5 * peak(backup, plain))
        #expect(peak(reload, model) > 0.8 * peak(reload, plain))
        #expect(peak(reload, model) > 2 * peak(backup, model))
    }

    /// A warning that comes all day is above the threshold in training as at inference: it is
    /// routine, flagged only above the highest score it reached in training.
    @Test func aRoutineWarningIsNotFlaggedEveryTime() {
        var training = Self.routine(600)
        for i in stride(from: 5, to: 600, by: 10) { training[i].text = "node-1 WARN disk latency high on sdb: \(i % 7 + 20) ms" }
        let model = LogScoringModel.train(lines: training, config: Self.config)
        let warning = LogLineText.analyze("node-1 WARN disk latency high on sdb: 23 ms").template
        #expect(model.routineCeilings[warning] != nil)
        var scorer = LogAnomalyScorer(model: model)
        var plain = model
        plain.routineCeilings = [:]
        var without = LogAnomalyScorer(model: plain)
        for l in Self.routine(50, seed: 3) { _ = scorer.score(l.text, at: 1_000 + l.time); _ = without.score(l.text, at: 1_000 + l.time) }
        #expect(without.score("node-1 WARN disk latency high on sdb: 24 ms", at: 1_100).flagged)
        #expect(!scorer.score("node-1 WARN disk latency high on sdb: 24 ms", at: 1_100).flagged)
        // Something new is still news.
        #expect(scorer.score("node-1 ERROR disk sdb failed, remounting read-only", at: 1_101).flagged)
    }

    @Test func emptyModelCalibratesAThresholdFromItsFirstScores() {
        var scorer = LogAnomalyScorer(model: .empty(config: Self.config))
        var flagged: [Bool] = []
        for l in Self.routine(LogAnomalyScorer.coldStartLines) { flagged.append(scorer.score(l.text, at: l.time).flagged) }
        #expect(!flagged.contains(true))
        #expect(scorer.threshold.isFinite)
        for l in Self.routine(60, seed: 8) { _ = scorer.score(l.text, at: l.time) }
        let standout = scorer.score("node-2 FATAL kernel panic: quokka wombat corrupted", at: 100)
        #expect(standout.flagged)
    }

    @Test func thresholdIsMeanPlusKStdOfTrainingScores() {
        let lines = Self.routine(300)
        var config = Self.config
        config.k = 2.5
        let model = LogScoringModel.train(lines: lines, config: config)
        var replay = LogAnomalyScorer(model: model)
        let scores = lines.map { replay.score(parsed: LogLineText.analyze($0.text), at: $0.time, learn: false).score }
        let mean = scores.reduce(0, +) / Double(scores.count)
        let std = (scores.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(scores.count)).squareRoot()
        #expect(abs(model.trainingMean - mean) < 1e-12)
        #expect(abs(model.trainingStd - std) < 1e-12)
        #expect(abs(model.threshold - (mean + 2.5 * std)) < 1e-12)
        #expect(scores.filter { $0 > model.threshold }.count <= scores.count / 10)
    }

    @Test func emptyModelSeesEverythingAsNewButFlagsNothing() {
        var scorer = LogAnomalyScorer(model: .empty())
        let s = scorer.score("anything at all", at: 0)
        #expect(s.firstSighting == 1 && s.novelty == 1)
        #expect(!s.flagged)
    }

    @Test func retrainInstallsAModelThatKnowsTheNewLines() {
        var scorer = LogAnomalyScorer(model: .empty(config: Self.config))
        let lines = Self.routine(200)
        scorer.retrain(lines: lines)
        #expect(scorer.model.lineCount == 200)
        #expect(scorer.score(lines[0].text, at: 300).firstSighting == 0)
    }

    @Test func saveAndLoadGiveIdenticalScores() throws {
        let lines = Self.routine(300)
        let model = LogScoringModel.train(lines: lines, config: Self.config)
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-log-model-\(UInt32.random(in: 0...UInt32.max)).json")
        defer { try? FileManager.default.removeItem(at: url) }
        try model.save(to: url)
        let loaded = try LogScoringModel.load(from: url)
        #expect(loaded == model)
        var a = LogAnomalyScorer(model: model), b = LogAnomalyScorer(model: loaded)
        let probe = Self.routine(100, seed: 9) + [("node-2 ERROR quokka failed", 999)]
        for l in probe { #expect(a.score(l.text, at: l.time) == b.score(l.text, at: l.time)) }
    }

    @Test func loadRejectsAnotherVersion() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-log-model-v99-\(UInt32.random(in: 0...UInt32.max)).json")
        defer { try? FileManager.default.removeItem(at: url) }
        try Data(#"{"version": 99}"#.utf8).write(to: url)
        #expect(throws: LogScoringModelError.unsupportedVersion(99)) { try LogScoringModel.load(from: url) }
    }

    @Test func severityWordsAreGeneric() {
        #expect(LogSeverity.level(["kernel", "FATAL", "oops"]) == 0.9)
        #expect(LogSeverity.level(["Error:", "reading"]) == 0.6)
        #expect(LogSeverity.level(["[WARN]", "disk", "failing"]) == 0.27)
        #expect(LogSeverity.level(["all", "good"]) == 0)
    }

    @Test func levelFieldWinsOverMessageWords() {
        // The line's own level: routine even with alarming words in the message.
        #expect(LogSeverity.level(["RAS", "KERNEL", "INFO", "critical", "input", "interrupt"]) == 0)
        #expect(LogSeverity.level(["[INFO]", "retry", "after", "failure"]) == 0)
        #expect(LogSeverity.level(["RAS", "KERNEL", "FATAL", "data", "TLB", "error", "interrupt"]) == 1)
        #expect(LogSeverity.level(["ERROR:", "panic", "averted"]) == 0.6)
        #expect(LogSeverity.level(["level=warn", "disk", "failed"]) == 0.3)
        #expect(LogSeverity.level(["severity=INFO", "fatal", "words"]) == 0)
        // No level field: the message words decide; upper-case non-level words are no field.
        #expect(LogSeverity.level(["HTTP", "GET", "connection", "refused"]) == 0.6)
        #expect(LogSeverity.level(["Lustre", "mount", "FAILED"]) == 0.6)
        #expect(LogSeverity.level(["kernel", "fatal", "Lustre", "mount", "FAILED"]) == 1)
    }

    @Test func aLevelWithoutANamedFailureIsANotchLower() {
        // Context printed at an event's level (a register dump, a stack frame) names no failure.
        #expect(LogSeverity.level(["RAS", "KERNEL", "FATAL", "instruction", "address:", "<*>"]) == 0.9)
        #expect(LogSeverity.level(["RAS", "KERNEL", "FATAL", "data", "storage", "interrupt"]) == 0.9)
        #expect(LogSeverity.level(["ERROR", "at", "com.example.Foo.run(Foo.java:<*>)"]) == 0.54)
        // The event itself names it, in any of the failure vocabularies; the level word alone does not count.
        #expect(LogSeverity.level(["FATAL", "mount", "FAILED"]) == 1)
        #expect(LogSeverity.level(["ERROR", "NullPointerException:", "exception", "in", "handler"]) == 0.6)
        #expect(LogSeverity.level(["level=error", "msg=\"error", "syncing", "pod\""]) == 0.6)
        #expect(LogSeverity.level(["ERROR", "ERROR"]) == 0.6)
        // Still a level above the next: a critical line without words outranks any error line.
        #expect(LogSeverity.level(["FATAL", "x"]) > LogSeverity.level(["ERROR", "failed"]))
        // Routine levels and lines without a level field are unchanged.
        #expect(LogSeverity.level(["INFO", "all", "good"]) == 0)
        #expect(LogSeverity.level(["disk", "failed"]) == 0.6)
    }

    @Test func refusedRequestIsOneLevelBelowItsLine() {
        func level(_ line: String) -> Double { LogSeverity.lineLevel(line.split(separator: " ").map(String.init)) }
        // The caller's request was wrong: one step down, whatever the punctuation and case.
        #expect(level("RAS APP FATAL ciod: Error loading /a/b.rts: invalid or missing program image, No such file or directory") == 0.6)
        #expect(level("ERROR open /etc/app.yaml: permission denied") == 0.3)
        #expect(level("exec /bin/x failed (Exec format error)") == 0.3)
        #expect(level("[WARN] mkdir /tmp/x: File exists") == 0)
        #expect(level("FATAL bind 127.0.0.1:80: Address already in use") == 0.6)
        // The system failed: the line keeps its level.
        #expect(level("RAS APP FATAL ciod: LOGIN chdir(/p/gb1/x) failed: Input/output error") == 1)
        #expect(level("FATAL read message prefix failed on socket, Connection reset by peer") == 1)
        #expect(level("ERROR write /var/data failed: No space left on device") == 0.6)
        // Only the whole phrase, in order; a routine line stays routine.
        #expect(level("FATAL open failed: no file such or directory") == 1)
        #expect(level("FATAL access denied by policy") == 1)
        #expect(level("FATAL open failed: No such file") == 1)
        #expect(level("INFO lookup: No such file or directory") == 0)
        #expect(!LogSeverity.requestError(["denied"]))
        #expect(LogSeverity.requestError(["(Permission", "denied)"]))
    }

    @Test func refusedRequestScoresBelowSystemFailureOfTheSameLevel() {
        var scorer = LogAnomalyScorer(model: LogScoringModel.train(lines: Self.routine(400), config: Self.config))
        let refused = scorer.score("node-4 FATAL job start: open /home/u/run.sh: Permission denied", at: 500)
        let failed = scorer.score("node-4 FATAL job start: open /home/u/run.sh: Input/output error", at: 501)
        #expect(refused.severity == 0.6 && failed.severity == 1)
        #expect(failed.score > refused.score)
    }
}

@Suite(.timeLimit(.minutes(5))) struct LogScoringMetricsTests {
    @Test func rocAndBestF1() {
        let labels = [true, true, false, false, false]
        let perfect = LogScoringMetrics(scores: [0.9, 0.8, 0.3, 0.2, 0.1], labels: labels, flagged: [true, true, false, false, false])
        #expect(perfect.rocAUC == 1 && perfect.bestF1 == 1 && perfect.f1 == 1)
        let reversed = LogScoringMetrics(scores: [0.1, 0.2, 0.7, 0.8, 0.9], labels: labels, flagged: [false, false, true, true, true])
        #expect(reversed.rocAUC == 0 && reversed.precision == 0)
        let ties = LogScoringMetrics(scores: [0.5, 0.5, 0.5, 0.5, 0.5], labels: labels, flagged: [true, true, true, true, true])
        #expect(ties.rocAUC == 0.5 && ties.recall == 1 && abs(ties.precision - 0.4) < 1e-12)
    }
}
