import Foundation

/// One anomaly as an operator sees it: when it started, peaked and ended, and a short explanation.
public struct AnomalyEvent: Sendable, Hashable {
    public var start: Double
    public var peak: Double
    /// Nil while the event is still open.
    public var end: Double?
    public var peakScore: Double
    /// The expected band and the actual value at the peak.
    public var expectedLower: Double
    public var expectedUpper: Double
    public var actual: Double
    public var cause: AnomalyCause
    public var season: Season
    /// For example "value 412 above expected 120–180 for 6 min; new high; daily pattern", or for a
    /// counter "rate 74/s above expected 0.5–2/s …".
    public var explanation: String
    /// The series is a counter: `actual` and the band are rates per second.
    public var isRate = false
    /// Samples the event has spanned so far, the one that opened it included: how long it lasted
    /// in the series' own steps (a raise policy trusts a sustained excursion more than a blip).
    public var samples = 1
    /// Each view's largest novelty over the event's samples that reached the threshold (so far, while
    /// it is open): what `SeriesDetector.applyFeedback` adapts to. The quieter tail is left out: on long
    /// events it reaches views the anomaly itself never moved.
    public var profile: NoveltyProfile

    public init(start: Double, peak: Double, end: Double?, peakScore: Double, expectedLower: Double,
                expectedUpper: Double, actual: Double, cause: AnomalyCause, season: Season, explanation: String,
                profile: NoveltyProfile = NoveltyProfile()) {
        self.start = start; self.peak = peak; self.end = end; self.peakScore = peakScore
        self.expectedLower = expectedLower; self.expectedUpper = expectedUpper; self.actual = actual
        self.cause = cause; self.season = season; self.explanation = explanation; self.profile = profile
    }

    /// The direction of the view that named the cause; without a profile, the side of the band.
    public var direction: AnomalyDirection {
        let e = profile[cause]
        if e != 0 { return e > 0 ? .up : .down }
        return actual >= (expectedLower + expectedUpper) / 2 ? .up : .down
    }
}

/// Groups a detector's per-sample outputs into events. An event opens at the first sample whose raw
/// score reaches the threshold and closes after `quietSamples` consecutive samples below
/// `closeFraction` × threshold (the refractory hold-down of `score` is ignored here: the raw score says
/// whether the anomaly still lasts). `update` returns an event when it CLOSES; `current` is the open one.
public struct AnomalyTracker: Sendable {
    public let threshold: Double
    public let quietSamples: Int
    public let closeFraction: Double
    public private(set) var current: AnomalyEvent?
    private var quiet = 0
    private var lastTime = 0.0

    public init(threshold: Double = DetectorConfig.standard.threshold, quietSamples: Int = 5, closeFraction: Double = 0.5) {
        self.threshold = threshold
        self.quietSamples = max(1, quietSamples)
        self.closeFraction = closeFraction
    }

    public mutating func update(time: Double, value: Double, output: DetectorOutput) -> AnomalyEvent? {
        defer { lastTime = time }
        let s = output.rawScore
        if var e = current {
            e.samples += 1
            if s > e.peakScore && value.isFinite {
                e.peak = time; e.peakScore = s; e.actual = value
                e.expectedLower = output.lower; e.expectedUpper = output.upper
                if output.cause != .none { e.cause = output.cause }
                e.season = output.season
            }
            if s >= threshold { e.profile = e.profile.merging(output.profile) }
            quiet = s < closeFraction * threshold ? quiet + 1 : 0
            if quiet >= quietSamples {
                e.end = time
                e.explanation = Self.explain(e, until: time)
                current = nil
                quiet = 0
                return e
            }
            e.explanation = Self.explain(e, until: time)
            current = e
            return nil
        }
        guard s >= threshold, value.isFinite else { return nil }
        var e = AnomalyEvent(start: time, peak: time, end: nil, peakScore: s, expectedLower: output.lower,
                             expectedUpper: output.upper, actual: value, cause: output.cause, season: output.season,
                             explanation: "", profile: output.profile)
        e.isRate = output.isRate
        e.explanation = Self.explain(e, until: time)
        current = e
        quiet = 0
        return nil
    }

    /// "value 412 above expected 120–180 for 6 min; new high; daily pattern"
    static func explain(_ e: AnomalyEvent, until t: Double) -> String {
        let side = e.actual > e.expectedUpper ? "above" : e.actual < e.expectedLower ? "below" : "within"
        let (quantity, unit) = e.isRate ? ("rate", "/s") : ("value", "")
        var parts = ["\(quantity) \(number(e.actual))\(unit) \(side) expected \(number(e.expectedLower))–\(number(e.expectedUpper))\(unit)"]
        let lasted = t - e.start
        if lasted > 0 { parts[0] += " for \(duration(lasted))" }
        let what: String? = switch e.cause {
        case .none: nil
        case .newExtreme: e.actual > e.expectedUpper ? "new high" : e.actual < e.expectedLower ? "new low" : "new extreme"
        case .unvisitedLevel: "level not seen before"
        case .shift: "level shift"
        case .sustainedShift: "sustained shift"
        case .volatility: "volatility changed"
        case .seasonalPhase: "unusual for this time"
        }
        if let what { parts.append(what) }
        switch e.season {
        case .none: break
        case .daily: parts.append("daily pattern")
        case .weekly: parts.append("weekly pattern")
        }
        return parts.joined(separator: "; ")
    }

    static func number(_ v: Double) -> String {
        let a = abs(v)
        if a == 0 { return "0" }
        if a >= 1e6 || a < 1e-3 { return String(format: "%.3g", v) }
        if a >= 100 { return String(format: "%.0f", v) }
        return String(format: "%.3g", v)
    }

    static func duration(_ s: Double) -> String {
        if s < 120 { return "\(Int(s.rounded())) s" }
        if s < 7200 { return "\(Int((s / 60).rounded())) min" }
        if s < 172_800 { return String(format: "%.1f h", s / 3600) }
        return String(format: "%.1f d", s / 86_400)
    }
}
