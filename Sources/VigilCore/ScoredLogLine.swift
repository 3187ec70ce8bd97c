import Foundation

/// A log line after the log anomaly scorer: the record, its template key, its combined score in
/// [0, 1], whether it passed the threshold, and the signals the score was made of.
public struct ScoredLogLine: Hashable, Sendable {
    public var record: LogRecord
    /// The line's template (variables masked as `<*>`); lines with the same template are "the same".
    public var template: String
    public var score: Double
    public var flagged: Bool
    public var signals: LogSignals

    public init(record: LogRecord, template: String, score: Double, flagged: Bool, signals: LogSignals = LogSignals()) {
        self.record = record; self.template = template; self.score = score; self.flagged = flagged; self.signals = signals
    }
}

/// The parts of a log line's score, each in [0, 1].
public struct LogSignals: Hashable, Sendable {
    public var novelty: Double
    public var rarity: Double
    public var firstSighting: Double
    public var burst: Double
    public var severity: Double
    public init(novelty: Double = 0, rarity: Double = 0, firstSighting: Double = 0, burst: Double = 0, severity: Double = 0) {
        self.novelty = novelty; self.rarity = rarity; self.firstSighting = firstSighting; self.burst = burst; self.severity = severity
    }
}
