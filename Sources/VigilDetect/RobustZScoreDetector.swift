import Foundation

/// The baseline detector: how far the newest value lies from the median of a trailing window,
/// in units of the window's median absolute deviation (a robust z-score), mapped to [0, 1].
///
/// Deliberately simple and honest: the yardstick `SeriesDetector` is measured against
/// (`vigil-lab eval nab --detector baseline`).
public struct RobustZScoreDetector: Sendable {
    public let window: Int
    /// The z-score that maps to 0.5.
    public let halfScoreAt: Double
    private var values: [Double] = []
    private var next = 0

    public init(window: Int = 60, halfScoreAt: Double = 4) {
        self.window = max(3, window)
        self.halfScoreAt = halfScoreAt
        values.reserveCapacity(self.window)
    }

    /// Scores `value` against the window *before* adding it; non-finite values score 0 and are skipped.
    public mutating func update(_ value: Double) -> Double {
        guard value.isFinite else { return 0 }
        let score = values.count < 5 ? 0 : Self.score(value, against: values, halfScoreAt: halfScoreAt)
        if values.count < window {
            values.append(value)
        } else {
            values[next] = value
            next = (next + 1) % window
        }
        return score
    }

    /// Robust z of `value` against `reference`, mapped to [0, 1] by a logistic centred on `halfScoreAt`.
    public static func score(_ value: Double, against reference: [Double], halfScoreAt: Double) -> Double {
        let z = zScore(value, against: reference)
        guard z.isFinite else { return 1 }
        // A logistic centred on halfScoreAt, shifted so that z = 0 (the median itself) scores exactly 0.
        func logistic(_ x: Double) -> Double { 1 / (1 + exp(-(x - halfScoreAt) * 1.5)) }
        let floor = logistic(0)
        return max(0, (logistic(z) - floor) / (1 - floor))
    }

    public static func zScore(_ value: Double, against reference: [Double]) -> Double {
        let sorted = reference.sorted()
        let med = median(sorted)
        let deviations = sorted.map { abs($0 - med) }.sorted()
        // A flat window has MAD 0: fall back to a scale proportional to the level, so a flat
        // line that moves a little is not infinitely surprising.
        let scale = max(1.4826 * median(deviations), 0.05 * abs(med), 1e-6)
        return abs(value - med) / scale
    }

    static func median(_ sorted: [Double]) -> Double {
        guard !sorted.isEmpty else { return 0 }
        let m = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[m] : (sorted[m - 1] + sorted[m]) / 2
    }
}
