/// What an operator's verdicts taught one series: a multiplier (gain) on the novelty of each kind of
/// deviation, one per view and direction, all 1 until a verdict arrives.
///
/// A false positive lowers the gain of every view that saw it so that the same excursion, and anything
/// up to `DetectorConfig.feedbackMargin` times as novel in that view and direction, stays under the
/// threshold; a larger one still alarms. A confirmed anomaly raises the gains of the views that flagged
/// it by `feedbackBoost` (up to `feedbackMaxGain`), so similar anomalies score higher and rank first.
/// Verdicts are permanent: an operator's "this is normal" should not wear off when the ranges forget.
struct FeedbackGains: Sendable, Hashable {
    /// Indexed by 2 × cause + (down ? 1 : 0).
    private var gain = SIMD16<Float>(repeating: 1)
    /// A verdict never silences a view completely: a deviation 1,000 × the rejected one still alarms.
    static let leastGain: Float = 1e-3

    @inline(__always) private static func slot(_ c: AnomalyCause, _ d: AnomalyDirection) -> Int {
        2 * Int(c.rawValue) + (d == .down ? 1 : 0)
    }

    @inline(__always) func gain(_ c: AnomalyCause, _ d: AnomalyDirection) -> Double {
        Double(gain[Self.slot(c, d)])
    }

    var isNeutral: Bool { gain == SIMD16<Float>(repeating: 1) }

    /// The level view is left alone by verdicts: it measures the distance to the nearest level ever
    /// visited, so its novelty is about a place, not a size. The level judged is visited now (learned like
    /// any sample), while a gain would change how every other unvisited level of the series scores.
    /// Measured on NAB: a rejected dip to an unvisited level hid a later, smaller one that was real (one
    /// window lost at 25 answers); a confirmed one raised a later stray level into a false positive.
    static func adapts(_ c: AnomalyCause) -> Bool { c != .unvisitedLevel && c != .none }

    /// `threshold` is the novelty excess that scores exactly the detector's threshold.
    mutating func reject(_ profile: NoveltyProfile, threshold: Double, margin: Double) {
        for v in profile.views where Self.adapts(v.cause) {
            let s = Self.slot(v.cause, v.direction)
            let wanted = Float(threshold / (max(margin, 1) * v.excess))
            gain[s] = max(Self.leastGain, min(gain[s], wanted))
        }
    }

    /// Raises only the views whose excess, with the gains of the moment, reached the threshold.
    mutating func confirm(_ profile: NoveltyProfile, threshold: Double, boost: Double, maxGain: Double) {
        for v in profile.views where Self.adapts(v.cause) && v.excess * gain(v.cause, v.direction) >= threshold {
            let s = Self.slot(v.cause, v.direction)
            gain[s] = max(gain[s], min(gain[s] * Float(boost), Float(maxGain)))
        }
    }
}
