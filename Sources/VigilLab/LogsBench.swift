import ArgumentParser
import Foundation
import VigilEngine
import VigilRuntime
import VigilCore
import VigilDetect

/// `vigil-lab bench logs FILE`: template mining throughput, scorer training time and inference
/// throughput on one log file, and the process's peak memory. `bench/reference/logs_reference.py`
/// measures the reference pipeline (Drain3, word2vec + MiniSom) on the same file.
struct LogsBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "logs",
        abstract: "Lines/s of TemplateMiner, train time and lines/s of LogAnomalyScorer on a log file, and peak memory.",
        discussion: """
        Every line is passed whole (header included), as the reference script does; a line's time is its \
        index (one line per second). Mining times TemplateMiner.add over every line (--passes times, each with a fresh miner: \
        the median, best and first pass are printed), then again as the app \
        mines (the header found and cut by LogMasker.message, the message mined). The scorer keys lines \
        as the app's log pipeline does (a second miner learning them), trains on the first --train-fraction \
        (LogScoringModel.train) and scores the rest (LogAnomalyScorer.score); train and inference include \
        that keying. The templates flagged most are listed. Peak memory is getrusage's ru_maxrss for the \
        whole process (file text included).
        """)

    @Argument(help: "A log file, one line per record.") var file: String

    @Option(name: .long, help: "Mining passes over the file (each with a fresh miner); the median, best and first are printed.")
    var passes = 5

    @Option(name: .long, help: "Share of the lines (from the start) the scorer trains on.")
    var trainFraction = 0.5

    @Option(name: .long, help: "Whole time (s) of the reference pipeline on the same file, for the ratio (default: 233, bench/reference/logs_reference.py on HDFS_2k x50).")
    var referenceSeconds = 233.0

    func run() throws {
        let t0 = monotonicSeconds()
        let text = try String(contentsOfFile: file, encoding: .utf8)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: true).map { String($0) }
        let readSeconds = monotonicSeconds() - t0
        guard lines.count >= 2 else { throw UserError("\(file): too few lines (\(lines.count))") }
        guard passes >= 1 else { throw UserError("--passes must be at least 1") }
        guard trainFraction > 0, trainFraction < 1 else { throw UserError("--train-fraction must lie in (0, 1)") }
        let split = min(lines.count - 1, max(1, Int(Double(lines.count) * trainFraction)))

        // 1. Template mining over every line, `passes` times with a fresh miner each.
        var sink = 0
        var miner = TemplateMiner(), appMiner = TemplateMiner()
        var mineTimes: [Double] = [], appMineTimes: [Double] = []
        for _ in 0..<passes {
            miner = TemplateMiner()
            let m0 = monotonicSeconds()
            for line in lines { sink &+= miner.add(line).templateID }
            mineTimes.append(monotonicSeconds() - m0)
            // 1b. As the app mines: the header found and cut (`LogMasker.message`), the message mined.
            appMiner = TemplateMiner()
            let a0 = monotonicSeconds()
            for line in lines { sink &+= appMiner.add(LogMasker.message(line[...])).templateID }
            appMineTimes.append(monotonicSeconds() - a0)
        }

        // 2. Scorer, keyed as `LogPipeline` keys lines (a miner learning them, the training window
        //    re-keyed by its templates): train on the first part, score the rest.
        let s0 = monotonicSeconds()
        var keys = TemplateMiner()
        for i in 0..<split { _ = keys.add(lines[i]) }
        let training = (0..<split).map { (line: LogLineText.analyze(lines[$0], matching: keys), time: Double($0)) }
        let model = LogScoringModel.train(parsed: training, config: LogScorerConfig())
        let trainSeconds = monotonicSeconds() - s0
        var scorer = LogAnomalyScorer(model: model)
        var flagged = 0
        var flaggedTemplates: [String: Int] = [:]
        let i0 = monotonicSeconds()
        for i in split..<lines.count {
            let parsed = LogLineText.analyze(lines[i], miner: &keys)
            if scorer.score(parsed, at: Double(i)).flagged { flagged += 1; flaggedTemplates[parsed.template, default: 0] += 1 }
        }
        let inferSeconds = monotonicSeconds() - i0
        let inferred = lines.count - split

        print("logs: \(file), \(lines.count) lines (read + split \(String(format: "%.2f", readSeconds)) s; release build expected)")
        print("  mining:    \(Self.rates(lines.count, mineTimes)), \(miner.templateCount) templates")
        print("  mining as the app does (header cut, message mined): \(Self.rates(lines.count, appMineTimes)), \(appMiner.templateCount) templates")
        print(String(format: "  train:     %.3f s on %d lines (%d tokens in word2vec)",
                     trainSeconds, split, model.word2vec.words.count))
        print(String(format: "  inference: %.0f lines/s (%.3f s, %d lines, %d flagged)",
                     Double(inferred) / inferSeconds, inferSeconds, inferred, flagged))
        let whole = trainSeconds + inferSeconds
        print(String(format: "  whole:     %.3f s (train + inference); %.0fx faster than the reference's %.0f s",
                     whole, referenceSeconds / whole, referenceSeconds))
        print(String(format: "  peak memory: %.1f MB (ru_maxrss)  [checksum %d]", Self.peakMegabytes(), sink % 10))
        let top = flaggedTemplates.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.prefix(3)
        for (template, n) in top { print("  flagged \(n)× \(template.prefix(100))") }
    }

    /// "median N lines/s (best B, first F; P passes)" for `lines` lines timed `seconds` per pass.
    static func rates(_ lines: Int, _ seconds: [Double]) -> String {
        let sorted = seconds.sorted()
        let rate = { (s: Double) in String(format: "%.0f", Double(lines) / max(s, 1e-9)) }
        return "median \(rate(sorted[sorted.count / 2])) lines/s (best \(rate(sorted[0])), first \(rate(seconds[0])); \(seconds.count) passes)"
    }

    /// ru_maxrss in MB (kilobytes on Linux, bytes on macOS).
    static func peakMegabytes() -> Double {
        var u = rusage()
        #if os(macOS)
        getrusage(RUSAGE_SELF, &u)
        return Double(u.ru_maxrss) / 1_048_576
        #else
        getrusage(RUSAGE_SELF.rawValue, &u)
        return Double(u.ru_maxrss) / 1024
        #endif
    }
}
