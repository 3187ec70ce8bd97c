import VigilCore

/// Operator feedback: "this was not an anomaly" / "this was one", given on an event the detector raised.
extension SeriesDetector {
    /// Adapts the series to a verdict on one of its events. A false positive (`isAnomaly == false`)
    /// widens the series' tolerance for that kind of deviation: the view that named it, in its
    /// direction, stays quiet for deviations up to `config.feedbackMargin` times as novel, the other
    /// views it moved up to `config.feedbackOtherMargin` times, while a larger one still alarms. A
    /// confirmed anomaly raises the score of deviations of the kind that named it (`config.feedbackBoost`).
    /// Deterministic; other series and other kinds of deviation are untouched. A verdict covers every
    /// view the event's flagged samples reached so far (`AnomalyEvent.profile`): on an open event, what
    /// was seen until then; on a closed one, the whole excursion.
    ///
    ///     if let e = tracker.current { detector.applyFeedback(e, isAnomaly: false) }
    public mutating func applyFeedback(_ event: AnomalyEvent, isAnomaly: Bool) {
        apply(SeriesVerdict(event: event, fingerprint: .other(""), isAnomaly: isAnomaly))
    }

    /// Forgets every verdict, then applies `verdicts` in order: what the detector has learned from
    /// operators becomes exactly what these verdicts teach. Undo is this with one verdict fewer, a
    /// restart this with the stored ones; the rest of the detector's state is untouched.
    public mutating func relearn(verdicts: [SeriesVerdict]) {
        gains = FeedbackGains()
        for v in verdicts { apply(v) }
    }

    /// Adapts the gains to one verdict (see `applyFeedback`).
    mutating func apply(_ verdict: SeriesVerdict) {
        let threshold = Self.excess(atScore: config.threshold, halfScoreExcess: config.halfScoreExcess)
        let profile = verdict.profile ?? inferredProfile(cause: verdict.cause, direction: verdict.direction,
                                                         peakScore: verdict.peakScore)
        if verdict.isAnomaly {
            gains.confirm(profile, threshold: threshold, boost: config.feedbackBoost, maxGain: config.feedbackMaxGain)
        } else {
            gains.reject(profile, threshold: threshold, margin: config.feedbackMargin, otherMargin: config.feedbackOtherMargin)
        }
    }

    /// Whether any verdict has changed how this series is scored.
    public var hasFeedback: Bool { !gains.isNeutral }

    /// The novelty excess that maps to `score` (the inverse of score = e / (e + half)).
    static func excess(atScore score: Double, halfScoreExcess half: Double) -> Double {
        let s = min(max(score, 0), 0.999_999)
        return half * s / (1 - s)
    }

    /// An event made without a profile (say, restored from storage): its cause's view, with the excess
    /// its peak score implies under the gains of now.
    private func inferredProfile(cause: AnomalyCause, direction: AnomalyDirection, peakScore: Double) -> NoveltyProfile {
        var p = NoveltyProfile()
        guard cause != .none else { return p }
        let seen = Self.excess(atScore: peakScore, halfScoreExcess: config.halfScoreExcess)
        let excess = seen / max(gains.gain(cause, direction), Double(FeedbackGains.leastGain))
        p[cause] = direction == .up ? excess : -excess
        return p
    }
}
