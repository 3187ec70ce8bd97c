import ArgumentParser
import Foundation
import VigilEngine
import VigilRuntime
import VigilDetect

/// `vigil-lab eval parse`: mines the LogHub 2k samples with the one default miner configuration and
/// scores the templates against a ground truth, beside the published figures of Drain.
struct EvalParse: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "parse",
        abstract: "Mine templates from the LogHub 2k samples and score them (GA, PA, FGA).",
        discussion: """
        Each line's <Content> is cut out with LogHub's documented log format of its system (the truth \
        templates are of the content); the miner runs with its single default configuration on all systems. \
        Peers: Drain with per-system tuned settings (Zhu et al., ICSE-SEIP 2019) and Drain3 0.9.11 defaults.
        """)

    @Option(name: .long, help: "LogHub folder holding <System>/<System>_2k.log and truths (default: ../shared/data/loghub).")
    var data: String?

    @Option(name: .long, help: "Ground truth: loghub_orig, khan_corrected or loghub2_corrected.")
    var truth = "loghub_orig"

    @Flag(name: .long, help: "Print JSON instead of a table.")
    var json = false

    @Option(name: .long, help: "Also write DIR/<S>/<S>_2k.vigil.events.csv and .templates.csv.")
    var write: String?

    @Option(name: .long, help: "Also time add() over each sample repeated N times (steady-state throughput, one core).")
    var bench: Int?

    static let truths = ["loghub_orig", "khan_corrected", "loghub2_corrected"]

    func run() throws {
        guard Self.truths.contains(truth) else {
            throw UserError("unknown truth '\(truth)'; pass one of \(Self.truths.joined(separator: ", "))")
        }
        let root = try dataRoot()
        var rows: [EvalParseRow] = []
        var skipped: [String] = []
        for system in LogHubFormat.systems {
            // Not every truth covers every system (loghub2_corrected has no Android nor Windows).
            let events = root.appendingPathComponent("\(system)/\(system)_2k.\(truth).events.csv").path
            guard FileManager.default.fileExists(atPath: events) else {
                skipped.append(system)
                continue
            }
            let sample: LogHubSample
            do { sample = try LogHubSample.load(system: system, from: root, truth: truth) } catch let e as LogHubSample.LoadError {
                throw UserError("\(root.path): \(e.description)")
            }
            var miner = TemplateMiner()
            let ids = sample.contents.map { miner.add($0).templateID }
            // PA compares each line's final template: the one its cluster has after the whole sample.
            let templates = ids.map { miner.template($0) }
            let scores = ParseMetrics.score(parsed: ids, truth: sample.truthIDs,
                                            parsedTemplates: templates, trueTemplates: sample.truthTemplates)
            var row = EvalParseRow(system: system, scores: scores, templates: miner.templateCount,
                                   unmatchedLines: sample.unmatchedLines,
                                   drainGA: EvalParsePeers.drainTuned[system], drain3GA: EvalParsePeers.drain3Default[system])
            if let n = bench, n > 0 {
                let rate = Self.throughput(sample.contents, repeats: n)
                row.linesPerSecond = rate.wall
                row.linesPerCPUSecond = rate.cpu
            }
            rows.append(row)
            if let out = write { try Self.write(system: system, ids: ids, miner: miner, to: URL(fileURLWithPath: out)) }
        }
        let report = EvalParseReport(dataPath: root.path, truth: truth, rows: rows, skipped: skipped)
        print(json ? try report.json() : report.table())
    }

    /// Lines per second of `add()` over `lines` repeated `repeats` times into one miner: by wall
    /// clock, and by this thread's CPU time (steadier when other processes share the cores).
    static func throughput(_ lines: [String], repeats: Int) -> (wall: Double, cpu: Double) {
        var miner = TemplateMiner()
        var sink = 0
        let clock = ContinuousClock()
        let start = clock.now
        let cpuStart = threadCPUSeconds()
        for _ in 0..<repeats {
            for line in lines { sink &+= miner.add(line).templateID }
        }
        let cpu = threadCPUSeconds() - cpuStart
        let wall = EvalNAB.seconds(clock.now - start)
        // Using `sink` keeps the optimiser from dropping the work it measures.
        if sink == Int.min { print(sink) }
        let n = Double(lines.count * repeats)
        return (n / max(wall, 1e-9), n / max(cpu, 1e-9))
    }

    static func threadCPUSeconds() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }

    static func write(system: String, ids: [Int], miner: TemplateMiner, to dir: URL) throws {
        let folder = dir.appendingPathComponent(system)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        var events = "LineId,EventId\n"
        for (i, id) in ids.enumerated() { events += "\(i + 1),E\(id)\n" }
        var templates = "EventId,EventTemplate\n"
        for id in 1...max(miner.templateCount, 1) where id <= miner.templateCount {
            templates += "E\(id),\(CSV.field(miner.template(id)))\n"
        }
        try events.write(to: folder.appendingPathComponent("\(system)_2k.vigil.events.csv"), atomically: true, encoding: .utf8)
        try templates.write(to: folder.appendingPathComponent("\(system)_2k.vigil.templates.csv"), atomically: true, encoding: .utf8)
    }

    /// --data, else ../shared/data/loghub from the current directory (the project root's sibling).
    private func dataRoot() throws -> URL {
        let root = URL(fileURLWithPath: data ?? "../shared/data/loghub")
        guard FileManager.default.fileExists(atPath: root.appendingPathComponent("HDFS/HDFS_2k.log").path) else {
            if data == nil {
                throw UserError("""
                    no LogHub data at ../shared/data/loghub (from \(FileManager.default.currentDirectoryPath)); pass --data DIR, \
                    a folder holding <System>/<System>_2k.log and <System>_2k.<truth>.events.csv / .templates.csv
                    """)
            }
            throw UserError("\(root.path): not a LogHub folder (no HDFS/HDFS_2k.log)")
        }
        return root
    }
}
