import ArgumentParser
import Foundation
import VigilEngine
import VigilRuntime
import VigilDetect

/// `vigil-lab eval logs`: the log anomaly scorer on LogHub's labelled BGL sample, in two protocols.
struct EvalLogs: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "logs",
        abstract: "Score the log anomaly scorer on LogHub BGL (line labels).",
        discussion: """
        Each line's first field is its label (`-` normal, else an alert category); it is cut off before \
        scoring, and the next field (epoch seconds) is the line's time. Protocol 1 trains on the first half \
        and scores the second with that model; protocol 2 streams over the whole file, scoring each line \
        with the model trained on the lines before it and retraining every --every lines (the lines before \
        the first training meet an empty model and count). Reference (word2vec + SOM): ROC-AUC 0.39-0.75.
        """)

    @Option(name: .long, help: "BGL_2k.log, or a folder holding it or BGL/BGL_2k.log (default: ../shared/data/loghub/BGL/BGL_2k.log).")
    var data: String?

    @Option(name: .long, help: "Threshold = mean + K·std of the training scores (default: the scorer's).")
    var k: Double?

    @Option(name: .long, help: "Retrain every N lines in the streaming protocol.")
    var every = 250

    @Option(name: .long, help: "Write FILE with LineId,score,flagged (streaming protocol: every line).")
    var write: String?

    @Option(name: .long, help: ArgumentHelp(
        "Simulate operator feedback on the top N flagged templates (repeatable or a comma list: 10,25,50).",
        discussion: "Protocol 1: verdicts on the training half, then retrain and infer. Protocol 2: up to N verdicts per retraining on the lines since the last one."))
    var feedback: [String] = []

    @Option(name: .long, help: "Write FILE, a TSV of every scored line's signals, the bar it had to pass to be flagged, and its template, in both protocols.")
    var signals: String?

    func run() throws {
        let file = try dataFile()
        let (lines, labels) = try EvalLogsData.read(file)
        guard lines.count >= 4 else { throw UserError("\(file.path): too few lines (\(lines.count))") }
        var config = LogScorerConfig()
        if let k { config.k = k }
        let split = lines.count / 2
        let first = LogScoringEvaluation.trainThenInfer(lines: lines, split: split, config: config)
        let stream = LogScoringEvaluation.streaming(lines: lines, every: every, window: 100_000, config: config)
        print("\(file.path): \(lines.count) lines, \(labels.filter { $0 }.count) alerts; k = \(config.k)")
        print("protocol                      lines alerts  prec.  recall   F1    bestF1  ROC-AUC  train s  score lines/s")
        Self.row("1 train 1st half, infer 2nd", first, labels: Array(labels[split...]))
        Self.row("2 streaming, retrain /\(every)", stream, labels: labels)
        for n in try feedbackBudgets() {
            let f1 = LogScoringEvaluation.trainThenInfer(lines: lines, split: split, config: config, labels: labels, feedback: n)
            let f2 = LogScoringEvaluation.streaming(lines: lines, every: every, window: 100_000, config: config,
                                                    labels: labels, feedback: n)
            Self.row("1 + feedback \(n)", f1, labels: Array(labels[split...]))
            Self.row("2 + feedback \(n)/retrain", f2, labels: labels)
        }
        if let signals {
            try EvalLogsData.signalsTable([(1, first, split), (2, stream, 0)], lines: lines, labels: labels)
                .write(toFile: signals, atomically: true, encoding: .utf8)
        }
        if let write {
            var out = "LineId,score,flagged\n"
            for (i, s) in stream.scores.enumerated() { out += "\(i + 1),\(s.score),\(s.flagged ? 1 : 0)\n" }
            try out.write(toFile: write, atomically: true, encoding: .utf8)
        }
    }

    static func row(_ name: String, _ o: LogScoringEvaluation.Outcome, labels: [Bool]) {
        let m = LogScoringMetrics(scores: o.scores.map(\.score), labels: labels, flagged: o.scores.map(\.flagged))
        let rate = o.scoreSeconds > 0 ? Double(o.scores.count) / o.scoreSeconds : 0
        let cells = [m.precision, m.recall, m.f1, m.bestF1, m.rocAUC].map { String(format: "%.3f", $0) }
        print(name.padding(toLength: 29, withPad: " ", startingAt: 0),
              String(format: "%5d %6d", m.lines, m.positives), cells.joined(separator: "  "),
              String(format: "  %7.2f  %9.0f", o.trainSeconds, rate))
    }

    /// The --feedback values, each a positive count.
    private func feedbackBudgets() throws -> [Int] {
        try feedback.flatMap { $0.split(separator: ",") }.map { part in
            guard let n = Int(part.trimmingCharacters(in: .whitespaces)), n > 0 else {
                throw UserError("--feedback: '\(part)' is not a positive count")
            }
            return n
        }
    }

    /// --data as a file, or a folder holding BGL_2k.log or BGL/BGL_2k.log.
    private func dataFile() throws -> URL {
        let path = data ?? "../shared/data/loghub/BGL/BGL_2k.log"
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir) else {
            throw UserError("no BGL sample at \(path) (from \(FileManager.default.currentDirectoryPath)); pass --data FILE or DIR")
        }
        guard isDir.boolValue else { return URL(fileURLWithPath: path) }
        for candidate in ["BGL_2k.log", "BGL/BGL_2k.log"] {
            let url = URL(fileURLWithPath: path).appendingPathComponent(candidate)
            if FileManager.default.fileExists(atPath: url.path) { return url }
        }
        throw UserError("\(path): no BGL_2k.log or BGL/BGL_2k.log in it")
    }
}

/// Reading of a labelled LogHub BGL file.
enum EvalLogsData {
    /// One row per scored line: protocol, line number, label, time, the score, the bar it had to pass,
    /// whether it was flagged, its signals and template.
    static func signalsTable(_ runs: [(Int, LogScoringEvaluation.Outcome, Int)], lines: [(text: String, time: Double)], labels: [Bool]) -> String {
        var out = "protocol\tline\tlabel\ttime\tscore\tbar\tflagged\tnovelty\trarity\tfirst\tburst\tseverity\ttemplate\n"
        for (protocolNumber, outcome, offset) in runs {
            for (j, s) in outcome.scores.enumerated() {
                let i = offset + j
                let cells = [s.score, s.novelty, s.rarity, s.firstSighting, s.burst, s.severity].map { String(format: "%.6f", $0) }
                out += "\(protocolNumber)\t\(i + 1)\t\(labels[i] ? 1 : 0)\t\(lines[i].time)\t\(cells[0])\t\(String(format: "%.6f", outcome.bars[j]))\t\(s.flagged ? 1 : 0)\t"
                out += cells[1...].joined(separator: "\t") + "\t" + outcome.templates[j] + "\n"
            }
        }
        return out
    }

    /// Lines without their label field, with their times (epoch seconds when the first remaining
    /// field is a number, else the line's index), and whether each is an alert.
    static func read(_ url: URL) throws -> (lines: [(text: String, time: Double)], labels: [Bool]) {
        let text = try String(contentsOf: url, encoding: .utf8)
        var lines: [(text: String, time: Double)] = []
        var labels: [Bool] = []
        for raw in text.split(separator: "\n", omittingEmptySubsequences: true) {
            let fields = raw.split(separator: " ", maxSplits: 1)
            guard let label = fields.first else { continue }
            let rest = fields.count > 1 ? String(fields[1]) : ""
            let time = rest.split(separator: " ", maxSplits: 1).first.flatMap { Double($0) } ?? Double(lines.count)
            labels.append(label != "-")
            lines.append((rest, time))
        }
        return (lines, labels)
    }
}
