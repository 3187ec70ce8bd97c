/// Which view of a series found it novel (the largest excess wins).
public enum AnomalyCause: UInt8, Sendable, Hashable, CaseIterable {
    case none
    /// The value left the range of every value seen so far.
    case newExtreme
    /// The value sits at a level inside the range that the series has never visited.
    case unvisitedLevel
    /// The short moving average (about 8 samples) left its range: a shift.
    case shift
    /// The long moving average (about 32 samples) left its range: a sustained shift.
    case sustainedShift
    /// The local volatility (mean absolute step) left its range.
    case volatility
    /// The smoothed value left the range it has shown at this phase of the detected season.
    case seasonalPhase
}

/// A detected season of a series.
public enum Season: UInt8, Sendable, Hashable {
    case none, daily, weekly

    public var period: Double? {
        switch self {
        case .none: nil
        case .daily: 86_400
        case .weekly: 7 * 86_400
        }
    }
}

/// What a `SeriesDetector` says about one sample. For a counter, values are rates (per second).
public struct DetectorOutput: Sendable, Hashable {
    /// Forecast of this value (yhat): the season's profile when one is detected, else a short moving average.
    public var expected: Double
    /// Expected band, about an 80 % interval (yhat_lower … yhat_upper), from tracked residual quantiles.
    public var lower: Double
    public var upper: Double
    /// Anomaly score in [0, 1]; after a detection, repeats are held at 0 for a refractory period.
    public var score: Double
    /// `score >= threshold` of the detector's configuration.
    public var isAnomaly: Bool
    /// The score before the refractory hold-down: what an event tracker follows while an anomaly lasts.
    public var rawScore: Double
    /// The view that produced `rawScore`.
    public var cause: AnomalyCause
    /// The season detected at this sample.
    public var season: Season
    /// Every view's novelty before operator feedback: what a verdict on this sample adapts to.
    public var profile: NoveltyProfile
    /// The value scored and compared with the band, in the band's units: the sample, or for a
    /// counter its per-second rate; NaN when the sample was not scored (the first of a counter).
    public var value: Double
    /// The series is a counter: `value`, `expected` and the band are rates per second.
    public var isRate: Bool

    public init(expected: Double, lower: Double, upper: Double, score: Double, isAnomaly: Bool,
                rawScore: Double = 0, cause: AnomalyCause = .none, season: Season = .none,
                profile: NoveltyProfile = NoveltyProfile(), value: Double = .nan, isRate: Bool = false) {
        self.expected = expected; self.lower = lower; self.upper = upper
        self.score = score; self.isAnomaly = isAnomaly; self.rawScore = rawScore
        self.cause = cause; self.season = season; self.profile = profile
        self.value = value; self.isRate = isRate
    }
}
