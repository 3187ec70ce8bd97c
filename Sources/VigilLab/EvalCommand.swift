import ArgumentParser
import Foundation
import VigilEngine
import VigilRuntime
import VigilApp
import VigilDetect

/// Evaluations of the detectors on public labelled data; they print figures, tests never run them.
struct EvalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval", abstract: "Score anomaly detectors on public labelled data.",
        subcommands: [EvalNAB.self, EvalParse.self, EvalLogs.self, EvalTriage.self, EvalRaise.self, EvalFleet.self])
}

struct EvalNAB: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "nab",
        abstract: "Run a detector over the Numenta Anomaly Benchmark series and score it as NAB does.",
        discussion: """
        Prints the normalised NAB score under the standard, reward_low_FP_rate and reward_low_FN_rate \
        profiles (one threshold per profile over all series), beside the published detectors in peers/ \
        scored by the same scorer on the same rows. Detectors: \(EvalDetectors.names.joined(separator: ", ")).
        """)

    @Option(name: .long, help: "NAB folder with data/, labels/combined_windows.json, config/ and peers/ (default: ../shared/data/nab).")
    var data: String?

    @Flag(name: .long, help: "Print JSON instead of a table.")
    var json = false

    @Option(name: .long, help: "Also write DIR/<category>/<series>.csv with timestamp,value,anomaly_score.")
    var writeScores: String?

    @Option(name: .long, help: "Detector to run (\(EvalDetectors.names.joined(separator: ", "))).")
    var detector = "vigil"

    @Option(name: .long, help: "Score precomputed DIR/<category>/<series>.csv files (an anomaly_score column) instead of running a detector.")
    var scoresFrom: String?

    @Flag(name: .long, help: "Do not score the peers.")
    var noPeers = false

    @Option(name: .long, help: "Simulate an operator answering N flagged events (a list: 10,25,50; see --answer) and print precision, recall, F1 and the NAB score without and with the answers.")
    var feedback: String?

    @Option(name: .long, help: ArgumentHelp(
        "Which events the simulated operator answers with --feedback: first or top.",
        discussion: "first: the first N events, each as it opens. top: the N events of highest peak score in a run without feedback (the Anomalies screen sorted by score), each when it closes."))
    var answer: String = NABFeedbackSimulation.Selection.first.rawValue

    @Flag(name: .long, help: ArgumentHelp(
        "With --feedback, the operator answers only the events the Anomalies screen raises.",
        discussion: "As in the app: \(RaisePolicy.standard.summary). Without it the operator answers every event the detector flags (score ≥ its threshold), which the screen partly hides."))
    var raisedOnly = false

    @Option(name: .long, help: "Use only the first N series (in NAB's order).")
    var seriesLimit: Int?

    @Flag(name: .long, help: ArgumentHelp(
        "Leave one category out: score each category at thresholds chosen on the others.",
        discussion: "Prints every fold (ours under each profile, the peers under standard), the pooled score (every fold's held-out total over all windows, the same 0–100 scale as the usual figure) and the mean of the folds that have windows, for ours and every peer on the same rows."))
    var cv = false

    @Option(name: .long, help: ArgumentHelp(
        "With --cv, also choose the detector's configuration on the other categories: views, constants, records, deseason, memory or all.",
        discussion: "views: every non-empty set of the six views. records: record discount 0 to 1, on extremes or every range view. deseason: range views on the values less their daily pattern below a season error ratio of 0.4 to 1, or never. memory: ranges forgetting after 512 to 8,192 samples. constants: threshold 0.4/0.49/0.6 × refractory 10/20/40 × half-score excess 0.02/0.04/0.08, standard views. all: views and constants. Each fold and profile takes the configuration scoring best on the other categories, at the threshold chosen there."))
    var choose: String?

    @Option(name: .long, help: "With --choose, run only the configuration of this name (as the --choose output names it): its held-out score, nothing chosen.")
    var only: String?

    @Option(name: .long, help: ArgumentHelp(
        "Stress test: change every series before the detector sees it (a comma list of daily:A, weekly:A, noise:A, trend:A).",
        discussion: "daily:A and weekly:A add a sine of that period whose amplitude is A times the series' standard deviation; noise:A adds Gaussian noise of A standard deviations (seeded); trend:A adds a ramp rising A standard deviations over the series. The labels stay as they are: a robust detector scores about the same. Peers are not scored (their scores are of the original rows)."))
    var augment: String?

    func run() throws {
        do { try evaluate() } catch let e as NABError { throw UserError(e.description) }
    }

    private func evaluate() throws {
        let root = try dataRoot()
        let clock = ContinuousClock()
        let start = clock.now
        var corpus = try NABCorpus.load(from: root)
        let loadSeconds = Self.seconds(clock.now - start)
        let profilesFile = root.appendingPathComponent("config/profiles.json")
        // NAB's own profiles are built in; a profiles.json beside the data wins when present.
        let profiles = FileManager.default.fileExists(atPath: profilesFile.path) ? try NABProfile.load(from: profilesFile) : NABProfile.nab
        var limitNote: String?
        var noPeers = self.noPeers
        guard only == nil || choose != nil else { throw UserError("--only goes with --choose (it names one of its configurations)") }
        if let augment {
            guard scoresFrom == nil else { throw UserError("--augment changes the series the detector runs on; precomputed --scores-from files are of the original rows") }
            try EvalAugment.apply(augment, to: &corpus)
            noPeers = true
            limitNote = "augmented: \(augment)"
        }
        if let limit = seriesLimit {
            guard limit >= 1 else { throw UserError("--series-limit: expected a number of series ≥ 1 (got \(limit))") }
            if limit < corpus.series.count {
                limitNote = ["the first \(limit) of \(corpus.series.count) series", limitNote].compactMap { $0 }.joined(separator: "; ")
                corpus.series = Array(corpus.series.prefix(limit))
            }
        }
        guard feedback != nil || !raisedOnly else { throw UserError("--raised-only goes with --feedback N (it says which events the simulated operator answers)") }
        if let feedback {
            guard scoresFrom == nil, detector == "vigil" else { throw UserError("--feedback runs the vigil detector; drop --scores-from and --detector") }
            let counts = try EvalNabFeedback.parseCounts(feedback)
            guard let selection = NABFeedbackSimulation.Selection(rawValue: answer) else {
                throw UserError("--answer: expected first or top (got '\(answer)')")
            }
            let name = Self.order(profiles.keys).first ?? "standard"
            var sim = EvalNabFeedback(corpus: corpus, dataPath: root.path, subsetNote: limitNote, profileName: name,
                                      profile: profiles[name] ?? .standard, selection: selection)
            if raisedOnly {
                sim.shown = AnomalyBook.raises
                sim.shownNote = "the events the Anomalies screen raises (\(RaisePolicy.standard.summary))"
            }
            let rows = try sim.rows(counts)
            print(json ? try sim.json(rows) : sim.table(rows))
            return
        }

        let scores: [[Double]]
        var name = detector, run: NABEvaluation.Run?, subsetNote = limitNote
        if let dir = scoresFrom.map({ URL(fileURLWithPath: $0) }) {
            // A partial run (say, a slow reference detector on a few series) is scored on the
            // series it covers; the peers are then scored on the same subset.
            let all = corpus.series.count
            corpus.series.removeAll { !FileManager.default.fileExists(atPath: dir.appendingPathComponent($0.relativePath).path) }
            guard !corpus.series.isEmpty else { throw UserError("\(dir.path): no <category>/<series>.csv score files for the NAB series") }
            if corpus.series.count < all { subsetNote = "\(corpus.series.count) of \(all) series: those in \(dir.path)" }
            scores = try NABScoreFiles.read(from: dir, corpus: corpus)
            name = dir.lastPathComponent
        } else {
            guard let chosen = EvalDetectors.all.first(where: { $0.name == detector }) else {
                throw UserError("unknown detector '\(detector)'; registered: \(EvalDetectors.names.joined(separator: ", "))")
            }
            let done = try NABEvaluation.run(chosen.run, on: corpus)
            scores = done.scores
            run = done
        }
        var report = EvalReport(dataPath: root.path, corpus: corpus, profileOrder: Self.order(profiles.keys))
        report.name = name
        report.run = run
        report.loadSeconds = loadSeconds
        report.subsetNote = subsetNote
        if let out = writeScores {
            try NABScoreFiles.write(corpus: corpus, scores: scores, to: URL(fileURLWithPath: out))
        }

        if cv {
            var peerScores: [(String, [[Double]])] = []
            if !noPeers {
                let peersDir = root.appendingPathComponent("peers")
                for peer in NABPeers.available(in: peersDir) { peerScores.append((peer, try NABPeers.load(peer, from: peersDir, corpus: corpus))) }
            }
            var ours = NABCrossValidation.run(corpus: corpus, scores: scores, profiles: profiles)
            var chosenNote: [String] = []
            if let choose {
                guard scoresFrom == nil, detector == "vigil" else { throw UserError("--choose runs the vigil detector's configurations; it does not go with --scores-from or --detector") }
                var configs = try Self.configurations(choose)
                if let only {
                    configs = configs.filter { $0.name == only }
                    guard !configs.isEmpty else { throw UserError("--only: no configuration named '\(only)' in --choose \(choose)") }
                }
                let candidates = try configs.map { c in
                    (name: c.name, scores: try NABEvaluation.run({ times, values in
                        var d = SeriesDetector(config: c.config)
                        return zip(times, values).map { d.update(time: $0, value: $1).score }
                    }, on: corpus).scores)
                }
                let nested = NABCrossValidation.run(corpus: corpus, candidates: candidates, profiles: profiles)
                ours = nested.outcome
                name = "vigil, \(choose) chosen per fold"
                chosenNote = ["configuration chosen on the other categories (\(configs.count) tried, standard profile):"]
                    + NABCrossValidation.categories(corpus).map { "  \($0): \(nested.chosen[$0]?["standard"] ?? "-")" }
            } else {
                guard choose == nil else { throw UserError("--choose goes with --cv") }
            }
            let theirs = peerScores.map { ($0.0, NABCrossValidation.run(corpus: corpus, scores: $0.1, profiles: profiles)) }
            print(json ? try EvalCVReport.json(name: name, ours: ours, peers: theirs, order: Self.order(profiles.keys))
                       : EvalCVReport.table(name: name, corpus: corpus, dataPath: root.path, ours: ours, peers: theirs,
                                            order: Self.order(profiles.keys), subsetNote: subsetNote))
            if !json, !chosenNote.isEmpty { print(""); print(chosenNote.joined(separator: "\n")) }
            return
        }
        guard choose == nil else { throw UserError("--choose goes with --cv") }

        let scorer = NABScorer(profiles: profiles)
        let t0 = clock.now
        report.ours = scorer.score(corpus: corpus, scores: scores)
        report.scoringSeconds = Self.seconds(clock.now - t0)
        let peersDir = root.appendingPathComponent("peers")
        if !noPeers {
            for name in NABPeers.available(in: peersDir) {
                let peerScores = try NABPeers.load(name, from: peersDir, corpus: corpus)
                report.peers.append((name, scorer.score(corpus: corpus, scores: peerScores)))
            }
        }
        report.totalSeconds = Self.seconds(clock.now - start)
        print(json ? try report.json() : report.table())
    }

    /// The configurations `--choose` tries, named by what differs from the standard one.
    static func configurations(_ what: String) throws -> [(name: String, config: DetectorConfig)] {
        let names: [(DetectorConfig.Views, String)] = [(.extremes, "extremes"), (.levels, "levels"), (.shift, "shift"),
                                                      (.sustainedShift, "sustained"), (.volatility, "volatility"), (.season, "season")]
        var views: [(name: String, config: DetectorConfig)] = []
        for mask in 1..<64 {
            var c = DetectorConfig.standard
            c.views = DetectorConfig.Views(rawValue: UInt8(mask))
            let on = names.filter { c.views.contains($0.0) }.map(\.1)
            views.append((on.count == 6 ? "all views" : "views " + on.joined(separator: "+"), c))
        }
        var constants: [(name: String, config: DetectorConfig)] = []
        for t in [0.4, 0.49, 0.6] {
            for r in [10, 20, 40] {
                for h in [0.02, 0.04, 0.08] {
                    var c = DetectorConfig.standard
                    c.threshold = t; c.refractory = r; c.halfScoreExcess = h
                    constants.append(("threshold \(t), refractory \(r), half-score excess \(h)", c))
                }
            }
        }
        var records: [(name: String, config: DetectorConfig)] = []
        for all in [false, true] {
            for d in [0.0, 0.25, 0.5, 0.75, 1.0] where d > 0 || !all {
                var c = DetectorConfig.standard
                c.recordDiscount = d; c.recordDiscountAllViews = all
                records.append((d == 0 ? "no record discount" : "record discount \(d) on \(all ? "every range view" : "extremes")", c))
            }
        }
        var deseason: [(name: String, config: DetectorConfig)] = []
        for r in [0.7, 0.0, 0.4, 0.5, 0.6, 0.8, 0.9, 1.0] {
            var c = DetectorConfig.standard
            c.deseasonalizeBelow = r
            deseason.append((r == 0 ? "range views on the values only" : "range views less the daily pattern below error ratio \(r)", c))
        }
        var memory: [(name: String, config: DetectorConfig)] = []
        for m in [8192, 4096, 2048, 1024, 512] {
            var c = DetectorConfig.standard
            c.memory = m
            memory.append(("memory \(m) samples", c))
        }
        switch what {
        case "memory": return memory
        case "deseason": return deseason
        case "records": return records
        case "views": return views
        case "constants": return constants
        case "all": return views + constants.filter { $0.config != .standard }
        default: throw UserError("--choose: expected views, constants, records, deseason, memory or all (got '\(what)')")
        }
    }

    static func seconds(_ d: Duration) -> Double {
        Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
    }

    /// --data, else ../shared/data/nab from the current directory (the project root's sibling).
    private func dataRoot() throws -> URL { try Self.dataRoot(data) }

    static func dataRoot(_ data: String?) throws -> URL {
        let root = URL(fileURLWithPath: data ?? "../shared/data/nab")
        let labels = root.appendingPathComponent("labels/combined_windows.json").path
        guard FileManager.default.fileExists(atPath: labels) else {
            if data == nil {
                throw UserError("""
                    no NAB data at ../shared/data/nab (from \(FileManager.default.currentDirectoryPath)); pass --data DIR, \
                    a folder holding data/<category>/<series>.csv and labels/combined_windows.json (NAB's repository root works)
                    """)
            }
            throw UserError("\(root.path): not a NAB folder (no labels/combined_windows.json)")
        }
        return root
    }

    /// NAB's three profiles in NAB's order, then any others by name.
    static func order(_ names: Dictionary<String, NABProfile>.Keys) -> [String] {
        NABProfile.nabOrder.filter(names.contains) + names.filter { !NABProfile.nabOrder.contains($0) }.sorted()
    }
}
