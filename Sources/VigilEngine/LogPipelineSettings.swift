import Foundation
import VigilDetect

/// How the log pipeline learns: how many recent lines it trains on, when it (re)trains, and
/// where it keeps the model between runs.
public struct LogPipelineSettings: Sendable {
    /// Most recent lines kept to train on.
    public var window = 20_000
    /// The first training starts once this many lines were seen (or at the end of the input).
    public var firstTrainingAfter = 2_000
    /// Retrain after this many new lines...
    public var retrainEveryLines = 20_000
    /// ...or after this many seconds, whichever first: of wall clock with at least one new line,
    /// or of the lines' own time with at least 100 new lines (a replay retrains in its own time).
    public var retrainInterval: TimeInterval = 15 * 60
    /// Folder of `log-model.json` and `log-miner.json`; nil keeps the model in memory only (tests).
    public var stateDirectory: URL?
    public var scorer = LogScorerConfig()
    /// Train on a background queue while scoring goes on (the app); false trains in line, so a
    /// one-frame snapshot gives the same result every run.
    public var trainInBackground = true
    /// Where warnings go (the log file): a model that cannot be read or saved.
    public var warn: @Sendable (String) -> Void = { _ in }
    /// Wall clock for `retrainInterval`; tests pass their own.
    public var now: @Sendable () -> Date = { Date() }

    public init(stateDirectory: URL? = nil) { self.stateDirectory = stateDirectory }

    public static let modelFileName = "log-model.json"

    public var modelFile: URL? { stateDirectory?.appendingPathComponent(Self.modelFileName) }

    /// The template miner the saved model's template keys come from, saved beside it.
    public static let minerFileName = "log-miner.json"

    public var minerFile: URL? { stateDirectory?.appendingPathComponent(Self.minerFileName) }
}
