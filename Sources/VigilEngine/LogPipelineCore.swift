import Foundation
import VigilCore
import VigilDetect

/// The log pipeline's state, used on its serial queue only: the scorer, the training window and
/// when to train next. Pure bookkeeping, so the rules are tested without queues.
struct LogPipelineCore: Sendable {
    /// End of input trains an untrained pipeline only with at least this many lines (fewer make
    /// a model that flags nearly everything).
    static let minimumTrainingLines = 100

    let settings: LogPipelineSettings
    private(set) var scorer: LogAnomalyScorer
    /// Template keys: lines that differ only in a variable the masker leaves (a pod name inside
    /// a JSON value) share a Drain cluster and so a template, a count, a verdict. Saved with each
    /// model (as it stood when the model's lines were keyed) and loaded with it.
    private(set) var miner = TemplateMiner()
    private(set) var window: [(text: String, time: Double)] = []
    /// A model trained on real lines (loaded or trained here) is installed.
    private(set) var trained = false
    private(set) var training = false
    private(set) var linesSeen = 0
    private(set) var sinceTraining = 0
    private(set) var modelsInstalled = 0
    private var lastTraining: Date
    /// Newest line time seen, and the newest line time at the last training (data time: a
    /// replay retrains as often, in its own time, as a live source does).
    private var lastLineTime: Double?
    private var lineTimeAtTraining: Double?
    /// Verdicts imported from the reference fact store, keyed by the raw message's masked tokens
    /// (`LogLineText.analyze(message).tokens`, joined) under their last token, until a line
    /// carrying the message arrives (a line is checked only against the messages it could end
    /// with: an imported store can hold thousands); then they are verdicts on that line's
    /// template (`adoptedMessages` remembers which, for an undo).
    private var pendingMessages: [String: [String: Bool]] = [:]
    private var adoptedMessages: [String: String] = [:]

    init(settings: LogPipelineSettings) {
        self.settings = settings
        // An empty model's threshold is above any score: nothing is flagged until training.
        scorer = LogAnomalyScorer(model: .empty(config: settings.scorer))
        lastTraining = settings.now()
    }

    /// Scores records in order and keeps their text for the next training.
    mutating func score(_ records: [LogRecord]) -> [ScoredLogLine] {
        let out = records.map { r in
            let time = r.timestamp.timeIntervalSince1970
            let parsed = LogLineText.analyze(r.line, miner: &miner)
            if !pendingMessages.isEmpty { adoptMessageVerdict(parsed) }
            let s = scorer.score(parsed, at: time)
            window.append((r.line, time))
            return ScoredLogLine(record: r, template: parsed.template, score: s.score, flagged: s.flagged,
                                 signals: LogSignals(novelty: s.novelty, rarity: s.rarity, firstSighting: s.firstSighting,
                                                     burst: s.burst, severity: s.severity))
        }
        if let t = records.last?.timestamp.timeIntervalSince1970 { lastLineTime = max(lastLineTime ?? t, t) }
        linesSeen += records.count
        sinceTraining += records.count
        // Trimmed in chunks: removeFirst moves the whole array.
        if window.count > settings.window + settings.window / 4 { window.removeFirst(window.count - settings.window) }
        return out
    }

    /// An operator's verdict on a template: true an anomaly, false a false positive, nil undone.
    /// False positives also train as normal data from the next training on.
    mutating func applyFeedback(template: String, isAnomaly: Bool?) {
        switch isAnomaly {
        case let verdict?: scorer.applyFeedback(template: template, isAnomaly: verdict)
        case nil: scorer.clearFeedback(template: template)
        }
    }

    /// A verdict imported from the reference, keyed by its raw message (nil: undone). It acts on
    /// the template of the first line that ends with the message (masked, as the line is), from
    /// that line on; the line is scored with it.
    mutating func applyMessageFeedback(message: String, isAnomaly: Bool?) {
        let tokens = LogLineText.analyze(message).tokens
        guard let last = tokens.last else { return }
        let key = tokens.joined(separator: " ")
        if let template = adoptedMessages[key] {
            applyFeedback(template: template, isAnomaly: isAnomaly)
            if isAnomaly == nil { adoptedMessages[key] = nil }
        } else {
            pendingMessages[last, default: [:]][key] = isAnomaly
            if pendingMessages[last]?.isEmpty == true { pendingMessages[last] = nil }
        }
    }

    private mutating func adoptMessageVerdict(_ parsed: LogLineText) {
        guard let last = parsed.tokens.last, let candidates = pendingMessages[last] else { return }
        let masked = parsed.tokens.joined(separator: " ")
        guard let (key, verdict) = candidates.first(where: { masked.hasSuffix($0.key) }) else { return }
        pendingMessages[last]?[key] = nil
        if pendingMessages[last]?.isEmpty == true { pendingMessages[last] = nil }
        adoptedMessages[key] = parsed.template
        applyFeedback(template: parsed.template, isAnomaly: verdict)
    }

    /// Templates the operator called false positives (they train as normal data).
    var falsePositives: Set<String> { scorer.feedback.falsePositives }

    /// The lines to train on when a training is due (and marks it started), else nil, keyed by
    /// the templates the miner holds now (early lines of a template get its settled form).
    mutating func beginTrainingIfDue(endOfInput: Bool) -> (lines: [(line: LogLineText, time: Double)], miner: TemplateMiner)? {
        guard !training, sinceTraining > 0, !window.isEmpty else { return nil }
        let due: Bool
        if !trained {
            due = window.count >= settings.firstTrainingAfter
                || (endOfInput && window.count >= min(settings.firstTrainingAfter, Self.minimumTrainingLines))
        } else {
            let dataElapsed = (lastLineTime ?? 0) - (lineTimeAtTraining ?? lastLineTime ?? 0)
            due = sinceTraining >= settings.retrainEveryLines
                || settings.now().timeIntervalSince(lastTraining) >= settings.retrainInterval
                || (dataElapsed >= settings.retrainInterval && sinceTraining >= Self.minimumTrainingLines)
                || (endOfInput && sinceTraining >= settings.firstTrainingAfter)
        }
        guard due else { return nil }
        training = true
        sinceTraining = 0
        lastTraining = settings.now()
        lineTimeAtTraining = lastLineTime
        let miner = self.miner
        return (window.suffix(settings.window).map { (LogLineText.analyze($0.text, matching: miner), $0.time) }, miner)
    }

    /// Swaps in a model (trained here or loaded from disk).
    mutating func install(_ model: LogScoringModel) {
        scorer.install(model)
        trained = true
        training = false
        modelsInstalled += 1
        installedAt = settings.now()
    }

    /// When the model in use was installed (trained or loaded); nil before the first.
    private(set) var installedAt: Date?

    /// A loaded model counts as the last training: the next one comes after the usual interval.
    /// With the miner saved beside it, lines get the template keys the model knows.
    mutating func installLoaded(_ model: LogScoringModel, miner: TemplateMiner?) {
        if let miner { self.miner = miner }
        install(model)
        lastTraining = settings.now()
    }
}
