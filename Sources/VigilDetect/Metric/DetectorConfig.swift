/// Settings of a `SeriesDetector`. `standard` is the one measured configuration (docs/DECISIONS.md);
/// the other values exist for experiments and to document what was tried.
public struct DetectorConfig: Sendable, Hashable {
    /// Views of the series that may raise novelty (`Views.standard` on; the others for experiments and
    /// ablations).
    public struct Views: OptionSet, Sendable, Hashable {
        public let rawValue: UInt8
        public init(rawValue: UInt8) { self.rawValue = rawValue }
        public static let extremes = Views(rawValue: 1)
        public static let levels = Views(rawValue: 2)
        public static let shift = Views(rawValue: 4)
        public static let sustainedShift = Views(rawValue: 8)
        public static let volatility = Views(rawValue: 16)
        public static let season = Views(rawValue: 32)
        public static let all: Views = [.extremes, .levels, .shift, .sustainedShift, .volatility, .season]
        /// All but the season view: since the range views look at the values less their daily pattern
        /// (`deseasonalizeBelow`), per-phase ranges add nothing in cross-validation (81.24 without,
        /// 81.25 with) and false alarms on seasonal series (a daily swing of 1 σ added to every
        /// series: 73.07 without, 70.26 with; 3 σ: 66.22 against 56.76). docs/DECISIONS.md.
        public static let standard: Views = [.extremes, .levels, .shift, .sustainedShift, .volatility]
    }

    /// Score at or above which a sample is an anomaly: the best single threshold measured on NAB's 41
    /// local series (0.49 ≈ 3.8 % of a mature range beyond anything seen; HTM's spatial tolerance is 5 %).
    public var threshold = 0.49
    /// Novelty (excess beyond a range, in range widths) that maps to score 0.5: score = e / (e + this).
    public var halfScoreExcess = 0.04
    /// Samples after a detection during which scores are held at 0 (one alert per episode).
    public var refractory = 20
    /// Novelty is multiplied by n / (n + maturity) after n samples: a young history is broken by chance
    /// often. 300 halves the alarms on pure noise in the first 1,000 samples at no cost on NAB.
    public var maturity = 300.0
    /// Samples before any score is given.
    public var warmup = 30
    /// Spans, in samples, of the short and long moving averages and of the volatility average.
    public var shortSpan = 8.0
    public var longSpan = 32.0
    public var volatilitySpan = 64.0
    /// Ranges remember between `memory` and 2 × `memory` samples (older extremes are forgotten).
    public var memory = 8192
    /// Samples a phase of a season must have seen before its range is trusted.
    public var minPhaseSamples = 32
    public var views = Views.standard
    /// The range views look at the values less their daily pattern (the daily profile less its mean)
    /// once that profile has seen every phase and its error is under this many times a plain level's;
    /// at other times, and with 0, they look at the values as they come. Both sets of ranges learn all
    /// the time. Chosen by `vigil-lab eval nab --cv --choose deseason` (every fold took 0.7 among off
    /// and 0.4 … 1.0; docs/DECISIONS.md): ranges of the raw values mistake a day's peak
    /// for news and hide a shift behind a day's swing.
    public var deseasonalizeBelow = 0.7
    /// Records are expected: in ordinary data the n-th sample is a new high with odds about 1 / n, and
    /// how far past the old high it lands depends on the series' tail (small steps for Gaussian noise,
    /// large ones for heavy-tailed counts). Novelty beyond a range (extremes, shift, sustained shift,
    /// volatility) is reduced by this many times the typical excess of that range's own past records
    /// (their geometric mean), so a record like the series' earlier ones is less news than one far
    /// beyond them. 0 turns it off. Chosen by `vigil-lab eval nab --cv --choose records` (0.25 on
    /// every range view in 4 of 5 folds; docs/DECISIONS.md); `recordDiscountAllViews` false limits it
    /// to extremes.
    public var recordDiscount = 0.25
    public var recordDiscountAllViews = true
    /// Operator feedback (`SeriesDetector.applyFeedback`): after a false positive, deviations of the
    /// kind that named it (its view and direction) up to this many times as novel stay quiet…
    public var feedbackMargin = 2.0
    /// …and in the other views the excursion moved, up to this many times what it showed there: the
    /// same excursion again is quiet, a larger one of another kind is not (measured on NAB, see
    /// `FeedbackGains.judgedView`).
    public var feedbackOtherMargin = 1.25
    /// After a confirmed anomaly, the novelty of the view that named it is multiplied by this (on
    /// samples that alarm without it: it ranks, it does not raise new alarms)…
    public var feedbackBoost = 1.25
    /// …up to this factor in all.
    public var feedbackMaxGain = 2.0

    public init() {}

    /// The measured default.
    public static let standard = DetectorConfig()
}
