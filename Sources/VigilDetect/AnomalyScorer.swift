/// Scores a set of named signals per instant and aggregates them into one cluster score.
///
/// The aggregate is the maximum of the per-signal scores: one clearly anomalous signal is
/// enough to draw the operator's eye, and averaging would hide it among quiet ones.
public struct AnomalyScorer: Sendable {
    private var detectors: [String: RobustZScoreDetector] = [:]
    public private(set) var lastScores: [String: Double] = [:]
    public let window: Int

    public init(window: Int = 60) { self.window = window }

    /// Feeds one instant's values; returns the aggregate score in [0, 1].
    public mutating func update(_ signals: [(name: String, value: Double)]) -> Double {
        var top = 0.0
        for (name, value) in signals {
            var d = detectors[name] ?? RobustZScoreDetector(window: window)
            let s = d.update(value)
            detectors[name] = d
            lastScores[name] = s
            top = max(top, s)
        }
        return top
    }

    /// The signal with the highest last score, for explanations.
    public var topSignal: (name: String, score: Double)? {
        lastScores.max { a, b in a.value < b.value || (a.value == b.value && a.key > b.key) }.map { ($0.key, $0.value) }
    }
}
