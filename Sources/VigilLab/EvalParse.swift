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

    @Flag(name: .long, help: ArgumentHelp(
        "Choose the miner's settings on half the systems and score the other half, both ways.",
        discussion: "The systems alternate between the halves in LogHub's order. On each half every setting of the grid (similarity threshold, routing tokens, whether masked positions count) is scored by mean group accuracy; the best is applied to the other half. Prints each system at the settings chosen without it, the mean, and the defaults' in-sample mean."))
    var cv = false

    static let truths = ["loghub_orig", "khan_corrected", "loghub2_corrected"]

    /// The settings the cross-validation chooses among.
    static let grid: [MinerConfig] = {
        var out: [MinerConfig] = []
        for st in [0.5, 0.6, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95] {
            for prefix in [1, 2, 3] {
                for ignore in [true, false] {
                    out.append(MinerConfig(similarityThreshold: st, prefixTokens: prefix, ignoreWildcardsInSimilarity: ignore))
                }
            }
        }
        return out
    }()

    static func describe(_ c: MinerConfig) -> String {
        String(format: "st %.2f, %d routing tokens, masked positions %@", c.similarityThreshold, c.prefixTokens,
               c.ignoreWildcardsInSimilarity ? "left out" : "counted")
    }

    private func crossValidate(root: URL) throws {
        var samples: [LogHubSample] = []
        for system in LogHubFormat.systems(in: root)
        where FileManager.default.fileExists(atPath: root.appendingPathComponent("\(system)/\(system)_2k.\(truth).events.csv").path) {
            do { samples.append(try LogHubSample.load(system: system, from: root, truth: truth)) } catch let e as LogHubSample.LoadError {
                throw UserError("\(root.path): \(e.description)")
            }
        }
        guard samples.count >= 2 else { throw UserError("\(root.path): --cv needs at least two systems") }
        func ga(_ s: LogHubSample, _ c: MinerConfig) -> Double {
            var miner = TemplateMiner(config: c)
            let ids = s.contents.map { miner.add(LogMasker.structured($0[...])).templateID }
            return ParseMetrics.score(parsed: ids, truth: s.truthIDs, parsedTemplates: ids.map { miner.template($0) },
                                      trueTemplates: s.truthTemplates).groupAccuracy
        }
        // Every system under every setting once: the folds only pick among these.
        let table = Self.grid.map { c in samples.map { ga($0, c) } }
        let halves = [Array(stride(from: 0, to: samples.count, by: 2)), Array(stride(from: 1, to: samples.count, by: 2))]
        var held = [Double](repeating: .nan, count: samples.count)
        var lines = ["LogHub 2k, truth \(truth): miner settings chosen on half the systems, scored on the other half (\(root.path))",
                     "grid: \(Self.grid.count) settings (similarity 0.50–0.95, 1–3 routing tokens, masked positions left out or counted)"]
        for (k, tune) in halves.enumerated() {
            let test = halves[1 - k]
            let best = Self.grid.indices.max { a, b in
                let ma = tune.map { table[a][$0] }.reduce(0, +), mb = tune.map { table[b][$0] }.reduce(0, +)
                // Ties go to the earlier setting (the grid's order), so the choice is reproducible.
                return ma < mb || (ma == mb && a > b)
            } ?? 0
            for i in test { held[i] = table[best][i] }
            let tuneMean = tune.map { table[best][$0] }.reduce(0, +) / Double(tune.count)
            lines.append(String(format: "fold %d: chosen on %@ (mean GA %.3f there): %@", k + 1,
                                tune.map { samples[$0].system }.joined(separator: ", "), tuneMean, Self.describe(Self.grid[best])))
        }
        let defaults = Self.grid.firstIndex(of: .standard)
        let pad = { (s: String, n: Int) in s.count >= n ? s : s + String(repeating: " ", count: n - s.count) }
        lines.append(pad("system", 12) + "  GA held out  GA defaults | Drain GA (tuned per system)  Drain3 GA (defaults)")
        for (i, s) in samples.enumerated() {
            let d = defaults.map { String(format: "%.3f", table[$0][i]) } ?? "  -  "
            let drain = EvalParsePeers.drainTuned[s.system].map { String(format: "%.3f", $0) } ?? "  -  "
            let drain3 = EvalParsePeers.drain3Default[s.system].map { String(format: "%.3f", $0) } ?? "  -  "
            lines.append(pad(s.system, 12) + String(format: "  %11.3f", held[i]) + "  " + pad(d, 11) + " | " + pad(drain, 28) + drain3)
        }
        let mean = held.reduce(0, +) / Double(held.count)
        let defaultMean = defaults.map { d in samples.indices.map { table[d][$0] }.reduce(0, +) / Double(samples.count) }
        let drains = samples.compactMap { EvalParsePeers.drainTuned[$0.system] }, drain3s = samples.compactMap { EvalParsePeers.drain3Default[$0.system] }
        lines.append(pad("mean", 12) + String(format: "  %11.3f", mean) + "  " + pad(defaultMean.map { String(format: "%.3f", $0) } ?? "-", 11)
                     + " | " + pad(drains.isEmpty ? "-" : String(format: "%.3f", drains.reduce(0, +) / Double(drains.count)), 28)
                     + (drain3s.isEmpty ? "-" : String(format: "%.3f", drain3s.reduce(0, +) / Double(drain3s.count))))
        lines.append("held out: each system at the settings chosen without it; defaults: MinerConfig.standard on every system (chosen on all twelve: in-sample)")
        print(lines.joined(separator: "\n"))
    }

    func run() throws {
        guard Self.truths.contains(truth) else {
            throw UserError("unknown truth '\(truth)'; pass one of \(Self.truths.joined(separator: ", "))")
        }
        let root = try dataRoot()
        var rows: [EvalParseRow] = []
        var skipped: [String] = []
        if cv { try crossValidate(root: root); return }
        for system in LogHubFormat.systems(in: root) {
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
            let ids = sample.contents.map { miner.add(LogMasker.structured($0[...])).templateID }
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
