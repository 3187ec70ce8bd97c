/// Streaming anomaly detector of one series: novelty against everything the series has shown.
///
/// Each sample is looked at through several views, and each view asks "is this outside what has been
/// seen?", measured in units of that view's own range, so one threshold means the same on every series:
/// - extremes: the value beyond the range of all values (HTM's "spatial anomaly");
/// - levels: the value inside the range but far from every value seen (`GapNovelty`);
/// - shift / sustained shift: moving averages over about 8 and 32 samples beyond their ranges;
/// - volatility: the mean absolute step over about 64 samples beyond its range (up or down);
/// - season (off in `DetectorConfig.standard`): the smoothed value beyond the range seen at this phase
///   of a detected daily or weekly cycle.
/// Once a daily pattern explains the series (its error under 0.7 × a plain level's), the range views
/// look at the values less that pattern, with ranges of their own kept all along: a day's peak is not
/// news, and a shift is not hidden behind a day's swing. The daily and weekly models also give the
/// expected value and band shown to the operator.
/// The largest excess e, discounted by n / (n + 300) while the history is young, maps to the score
/// e / (e + 0.04); after a detection scores are held at 0 for `refractory` samples (an anomaly is one
/// alert). Counters become rates; non-finite values are skipped. O(1) per sample, about 5.9 KB of state
/// at 5-minute sampling (the season buffers are sized by the sampling interval).
public struct SeriesDetector: Sendable {
    public let config: DetectorConfig
    private var counter = CounterFilter()
    private var count = 0
    private var lastTime = -Double.infinity
    private var interval = 0.0
    /// The range views of the values as they come…
    private var raw = RangeViews()
    /// …and of the values less their daily pattern, used once that pattern explains the series
    /// (`DetectorConfig.deseasonalizeBelow`).
    private var des = RangeViews()
    private var day: SeasonalModel
    private var week: SeasonalModel
    private var band = ResidualBand()
    private var hold = 0
    /// Operator verdicts (`applyFeedback`, in SeriesDetector+Feedback.swift).
    var gains = FeedbackGains()
    private var last = DetectorOutput(expected: 0, lower: 0, upper: 0, score: 0, isAnomaly: false)

    public init(config: DetectorConfig = .standard) {
        self.config = config
        day = SeasonalModel(period: 86_400, phases: 24, minPhaseSamples: config.minPhaseSamples)
        week = SeasonalModel(period: 7 * 86_400, phases: 7 * 12, minPhaseSamples: config.minPhaseSamples)
    }

    /// Whether the series was recognised as a counter (outputs are then rates per second).
    public var isCounter: Bool { counter.mode == .counter }

    /// The detected season's period in seconds, if any. A daily pattern is also weekly; the week wins
    /// only when it explains the series clearly better.
    public var seasonPeriod: Double? { season.period }

    var season: Season {
        if week.active && (!day.active || week.errSeasonal < 0.7 * day.errSeasonal) { return .weekly }
        return day.active ? .daily : .none
    }

    /// Bytes of state: the struct itself plus what its buffers hold on the heap.
    public var stateBytes: Int { MemoryLayout<Self>.size + day.heapBytes + week.heapBytes }

    public mutating func update(time: Double, value: Double) -> DetectorOutput {
        guard value.isFinite, time.isFinite else { return skipped() }
        let fed = counter.feed(time: time, value: value)
        if counter.modeChanged { relearn() }
        guard let x = fed else { return skipped() }
        count += 1
        if count == 1 {
            start(x, time)
            return last
        }
        let dt = time - lastTime
        if dt > 0 {
            // The typical interval, robust to gaps and bursts (each step moves it by at most 4×).
            interval = interval == 0 ? dt : interval + 0.05 * (min(max(dt, 0.25 * interval), 4 * interval) - interval)
            lastTime = time
        }
        if count == 20 {
            day.configure(interval: interval, time: time, value: x, maxBins: 96)
            week.configure(interval: interval, time: time, value: x, maxBins: 168)
        }
        let season = self.season
        let seasonal = season == .weekly ? week.expected(at: time) : season == .daily ? day.expected(at: time) : nil
        let yhat = seasonal ?? raw.short

        raw.advance(x, config: config)
        let short = raw.short
        var z: Double?
        // The profile is kept in Float: a value beyond its range makes it infinite, and then not a
        // pattern to take away.
        if config.deseasonalizeBelow > 0, let c = day.component(at: time), c.isFinite, (x - c).isFinite {
            z = x - c
            des.advance(x - c, config: config)
        }

        var novelty = 0.0, cause = AnomalyCause.none, profile = NoveltyProfile()
        var unboosted = 0.0, unboostedCause = AnomalyCause.none
        let gains = self.gains
        // The view with the largest excess, after the operator's gains, names the cause.
        func consider(_ e: Double, _ c: AnomalyCause, up: Bool) {
            guard e > 0 else { return }
            profile[c] = up ? e : -e
            let gain = gains.gain(c, up ? .up : .down)
            let g = e * gain
            if g > novelty { novelty = g; cause = c }
            let u = e * min(gain, 1)
            if u > unboosted { unboosted = u; unboostedCause = c }
        }
        if count > config.warmup {
            let views = config.views
            // The least width of a value range: a flat line that moves by 0.1 % is news, not infinite news.
            let floor = max(1e-3 * max(abs(raw.extremes.hi), abs(raw.extremes.lo)), 1e-12)
            // Values less their daily pattern, once the pattern explains the series and those ranges
            // have some history; otherwise the values as they come.
            if let z, des.n > Int(config.volatilitySpan) + 20, day.explains(config.deseasonalizeBelow) {
                des.novelty(z, above: z > yhat - (x - z), config: config, floor: floor, consider: consider)
            } else {
                raw.novelty(x, above: x > yhat, config: config, floor: floor, consider: consider)
            }
            if views.contains(.season) {
                let w = max(raw.shortRange.width, floor)
                consider(max(day.phaseExcess(at: time, smoothed: short, width: w),
                             week.phaseExcess(at: time, smoothed: short, width: w)), .seasonalPhase, up: short > yhat)
            }
        }
        let memory = config.memory
        raw.learn(x, memory: memory)
        if let z { des.learn(z, memory: memory) }
        day.learn(at: time, value: x, smoothed: short)
        week.learn(at: time, value: x, smoothed: short)

        // A young range is broken by chance often (the n-th sample is a record with odds about 2 / n):
        // discount novelty until the history is long enough to mean something.
        let maturity = Double(count) / (Double(count) + config.maturity)
        novelty *= maturity
        unboosted *= maturity
        // A confirmation's boost ranks what alarms anyway; it never makes a sample alarm.
        if unboosted / (unboosted + config.halfScoreExcess) < config.threshold {
            novelty = unboosted; cause = unboostedCause
        }
        let raw = novelty / (novelty + config.halfScoreExcess)
        var score = raw
        if hold > 0 { hold -= 1; score = 0 } else if score >= config.threshold { hold = config.refractory }
        let out = DetectorOutput(expected: yhat, lower: yhat + band.lowQ, upper: yhat + band.highQ,
                                 score: score, isAnomaly: score >= config.threshold, rawScore: raw,
                                 cause: raw >= config.threshold ? cause : .none, season: season, profile: profile,
                                 value: x, isRate: counter.mode == .counter)
        band.learn(x - yhat)
        last = out
        return out
    }

    /// A skipped sample carries the last expectation and scores 0.
    private mutating func skipped() -> DetectorOutput {
        var o = last
        o.score = 0; o.isAnomaly = false; o.rawScore = 0; o.cause = .none; o.profile = NoveltyProfile()
        o.value = .nan; o.isRate = counter.mode == .counter
        return o
    }

    private mutating func start(_ x: Double, _ time: Double) {
        lastTime = time
        raw.advance(x, config: config)
        raw.learn(x, memory: config.memory)
        last = DetectorOutput(expected: x, lower: x, upper: x, score: 0, isAnomaly: false, season: .none,
                              value: x, isRate: counter.mode == .counter)
    }

    /// Counter detection changed what the values mean: forget everything learned on the old meaning.
    /// Operators' verdicts are about the series, not the meaning of its values: they stay.
    private mutating func relearn() {
        let c = counter, g = gains
        self = SeriesDetector(config: config)
        counter = c
        gains = g
    }
}

/// The range views of one stream of values (`SeriesDetector` keeps one on the values and one on the
/// values less their daily pattern): its moving averages and the ranges they and the values have shown.
struct RangeViews: Sendable {
    private(set) var n = 0
    private(set) var short = 0.0, long = 0.0, volatility = 0.0
    private var prev = 0.0
    var extremes = RangeNovelty(), shortRange = RangeNovelty(), longRange = RangeNovelty()
    private var volRange = RangeNovelty()
    private var levels = GapNovelty()

    /// Moves the averages to `x` (the first value starts them).
    mutating func advance(_ x: Double, config: DetectorConfig) {
        n += 1
        if n == 1 { prev = x; short = x; long = x; volatility = 0; return }
        short += 2 / (config.shortSpan + 1) * (x - short)
        long += 2 / (config.longSpan + 1) * (x - long)
        volatility += 2 / (config.volatilitySpan + 1) * (abs(x - prev) - volatility)
        prev = x
    }

    /// Each view's novelty of `x` (and of the averages it has moved), to `consider`.
    mutating func novelty(_ x: Double, above: Bool, config: DetectorConfig, floor: Double,
                          consider: (Double, AnomalyCause, Bool) -> Void) {
        let views = config.views
        let rd = config.recordDiscount
        func discounted(_ r: inout RangeNovelty, _ m: Double, all: Bool) -> Double {
            let e = r.excess(m, floor: floor)
            guard rd > 0, e > 0, all else { return e }
            let t = r.typicalRecordExcess
            r.noteRecord(e)
            return max(0, e - rd * t)
        }
        if views.contains(.extremes) { consider(discounted(&extremes, x, all: true), .newExtreme, x > extremes.hi) }
        if views.contains(.levels) { consider(levels.gap(x, floor: floor), .unvisitedLevel, above) }
        if views.contains(.shift) && n > Int(config.shortSpan) + 20 {
            consider(discounted(&shortRange, short, all: config.recordDiscountAllViews), .shift, short > shortRange.hi)
        }
        if views.contains(.sustainedShift) && n > Int(config.longSpan) + 20 {
            consider(discounted(&longRange, long, all: config.recordDiscountAllViews), .sustainedShift, long > longRange.hi)
        }
        if views.contains(.volatility) && n > Int(config.volatilitySpan) + 20 {
            consider(discounted(&volRange, volatility, all: config.recordDiscountAllViews), .volatility, volatility > volRange.hi)
        }
    }

    mutating func learn(_ x: Double, memory: Int) {
        extremes.learn(x, memory: memory)
        levels.learn(x, memory: memory)
        if n > 1 || shortRange.count == 0 {
            shortRange.learn(short, memory: memory)
            longRange.learn(long, memory: memory)
        }
        if n > 1 { volRange.learn(volatility, memory: memory) }
    }
}
