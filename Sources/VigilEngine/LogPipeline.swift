import Dispatch
import Foundation
import Synchronization
import VigilCore
import VigilDetect

/// The log detector: the engine hands it every batch of log lines (`score`, on the engine's queue,
/// never the UI thread) and teaches it the operators' verdicts (`Detector`). The
/// scorer starts from `log-model.json` (and the template miner from `log-miner.json`) in the
/// state folder when they can be read; it trains on a
/// window of recent lines after the first `firstTrainingAfter` lines (or at the end of the
/// input), then again every `retrainEveryLines` lines or `retrainInterval` seconds. Training runs
/// on a background queue while scoring goes on with the old model; the new model is installed
/// when done and saved (atomically) for the next run. Replay and live mode use the same pipeline.
///
/// ```swift
/// let pipeline = LogPipeline(settings: LogPipelineSettings(stateDirectory: stateDir))
/// let host = EngineHost(engine: Engine(logs: pipeline), scored: { mailbox.send(.scoredLogs($0)) })
/// let source = FileFollower(pattern: "/var/log/*.log", sink: host.intake(alsoTo: mailbox.send))
/// ```
public final class LogPipeline: LogDetector {
    public let settings: LogPipelineSettings
    private let queue = DispatchQueue(label: "vigil.log-pipeline")
    // Its own queue rather than a Task: training takes seconds of CPU, and the cooperative pool
    // (two threads on a small machine) also runs the sources.
    private let trainingQueue = DispatchQueue(label: "vigil.log-training", qos: .utility)
    private let trainings = DispatchGroup()
    private let core: Mutex<LogPipelineCore>

    public init(settings: LogPipelineSettings) {
        self.settings = settings
        core = Mutex(LogPipelineCore(settings: settings))
        queue.async { [self] in loadSavedModel() }
    }

    /// Scores a batch on the caller's thread (the engine's), in order with what was sent to the
    /// pipeline before it (the saved model loading, verdicts, a model trained in the foreground);
    /// a training that has come due starts after it.
    public func score(_ records: [LogRecord]) -> [ScoredLogLine] {
        let scored = queue.sync { core.withLock { $0.score(records) } }
        queue.async { [self] in trainIfDue(endOfInput: false) }
        return scored
    }

    /// The input ended (a replay's end, stdin closed): trains on what there is if it never did.
    public func endOfInput() {
        queue.async { [self] in trainIfDue(endOfInput: true) }
    }

    /// `messages` with their log lines scored, in order, once any training finished: for tools
    /// that score a recording once and play it several times (the lab).
    public func process(_ messages: [SourceMessage]) async -> [SourceMessage] {
        var out: [SourceMessage] = []
        for m in messages {
            switch m {
            case .logs(let records):
                let scored = score(records)
                if !scored.isEmpty { out.append(.scoredLogs(scored)) }
            case .health(let h) where h.state == .finished:
                out.append(m)
                endOfInput()
            default:
                out.append(m)
            }
        }
        await drain()
        return out
    }

    /// Returns when every batch sent so far is scored and no training is running.
    public func drain() async {
        await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
            queue.async { [self] in trainings.notify(queue: queue) { done.resume() } }
        }
    }

    /// Operators' verdicts on log templates (true: an anomaly, false: a false positive, nil:
    /// undone), applied in order with the lines around them.
    public func applyFeedback(_ verdicts: [(template: String, isAnomaly: Bool?)]) {
        guard !verdicts.isEmpty else { return }
        queue.async { [self] in
            core.withLock { core in for v in verdicts { core.applyFeedback(template: v.template, isAnomaly: v.isAnomaly) } }
        }
    }

    /// Verdicts imported from the reference fact store, keyed by the raw message (true: an
    /// anomaly, false: a false positive, nil: undone); see `LogPipelineCore.applyMessageFeedback`.
    public func applyMessageFeedback(_ verdicts: [(message: String, isAnomaly: Bool?)]) {
        guard !verdicts.isEmpty else { return }
        queue.async { [self] in
            core.withLock { core in for v in verdicts { core.applyMessageFeedback(message: v.message, isAnomaly: v.isAnomaly) } }
        }
    }

    /// Lines scored, and models installed (loaded or trained), so far.
    public var counts: (linesSeen: Int, modelsInstalled: Int) {
        core.withLock { ($0.linesSeen, $0.modelsInstalled) }
    }

    /// What the exporter says about the log detector (`vigil serve`'s /metrics).
    public struct Status: Sendable, Equatable {
        public var linesSeen: Int
        public var modelsInstalled: Int
        /// A model trained on real lines is in use (until then nothing is flagged).
        public var trained: Bool
        /// The score above which a line is flagged: mean + k·std of the training scores (before a
        /// training, the cold-start rule's); nil while no line can be flagged.
        public var threshold: Double?
        /// Lines the model in use was trained on.
        public var trainingLines: Int
        /// When the model in use was installed (trained here or loaded from the state folder).
        public var installedAt: Date?
    }

    public var status: Status {
        core.withLock { c in
            let t = c.scorer.threshold
            return Status(linesSeen: c.linesSeen, modelsInstalled: c.modelsInstalled, trained: c.trained,
                          threshold: t.isFinite ? t : nil, trainingLines: c.scorer.model.lineCount,
                          installedAt: c.installedAt)
        }
    }

    // MARK: On the queue

    private func loadSavedModel() {
        guard let file = settings.modelFile, FileManager.default.fileExists(atPath: file.path) else { return }
        let model: LogScoringModel
        do {
            model = try LogScoringModel.load(from: file)
        } catch {
            settings.warn("cannot use the saved log model \(file.path) (\(error)); starting from a fresh one, which replaces it at the next training")
            return
        }
        var miner: TemplateMiner?
        if let minerFile = settings.minerFile, FileManager.default.fileExists(atPath: minerFile.path) {
            do {
                miner = try TemplateMiner.load(from: minerFile)
            } catch {
                settings.warn("cannot use the saved template miner \(minerFile.path) (\(error)); templates are mined afresh, and it is replaced at the next training")
            }
        }
        core.withLock { $0.installLoaded(model, miner: miner) }
    }

    private func trainIfDue(endOfInput: Bool) {
        guard let (due, falsePositives) = core.withLock({ c in c.beginTrainingIfDue(endOfInput: endOfInput).map { ($0, c.falsePositives) } })
        else { return }
        let (lines, miner) = due
        let config = settings.scorer
        guard settings.trainInBackground else {
            let model = LogScoringModel.train(parsed: lines, config: config, falsePositives: falsePositives)
            save(model, miner: miner)
            core.withLock { $0.install(model) }
            return
        }
        trainings.enter()
        trainingQueue.async { [self] in
            let model = LogScoringModel.train(parsed: lines, config: config, falsePositives: falsePositives)
            save(model, miner: miner)
            queue.async { [self] in
                core.withLock { $0.install(model) }
                trainings.leave()
            }
        }
    }

    /// Saves the model and the miner its template keys came from (the miner as it stood when
    /// the training lines were keyed). The miner goes first: a model is never on disk with a
    /// miner older than the one that keyed it, and a missing miner only means fresh templates.
    private func save(_ model: LogScoringModel, miner: TemplateMiner) {
        guard let dir = settings.stateDirectory, let file = settings.modelFile, let minerFile = settings.minerFile else { return }
        do {
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            try miner.save(to: minerFile)
            try model.save(to: file)
        } catch {
            settings.warn("cannot save the log model to \(file.path): \(error)")
        }
    }
}
