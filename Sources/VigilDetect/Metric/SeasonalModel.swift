import Foundation

/// One candidate period (a day or a week): is the series periodic at it, and if so, does the smoothed
/// value leave the range it has shown at this phase on earlier cycles?
///
/// Detection, not assumption: a phase profile's error is compared with a plain level's (span a quarter
/// cycle), both averaged over about one cycle; the period counts once two cycles were seen and the
/// profile's error is under half the plain one (it lapses above 0.65: hysteresis, so it does not
/// flicker). Phase novelty keeps per-phase ranges of the smoothed series (24 phases a day; fewer when
/// sampling is coarse, so each phase sees at least 4 samples a cycle), trusted after two cycles and
/// `minPhaseSamples` samples, and scaled by the strength of the season (1 − error ratio): a weak
/// season's phase ranges are weak evidence. Ranges remember 8 to 16 cycles.
///
/// All arrays live in one buffer (one allocation per model).
struct SeasonalModel: Sendable, Hashable {
    let period: Double
    private(set) var phases: Int
    let minPhaseSamples: Int
    static let cyclesPerBucket = 8
    private(set) var bins = 0
    /// profile[bins] (NaN = unseen), then per phase: curLo, curHi, prevLo, prevHi, samples, cycles,
    /// last cycle seen, bucket of the current range.
    private var store: [Float] = []
    private var start = Double.nan
    private var level = 0.0
    private var levelAlpha = 0.0
    private var errAlpha = 0.0
    private var profileGamma: Float = 0
    private(set) var errSeasonal = 0.0
    private(set) var errPlain = 0.0
    private(set) var active = false
    /// Sum and number of the profile bins seen, for the profile's mean.
    private var profileSum = 0.0
    private var profileSeen: Int32 = 0

    init(period: Double, phases: Int, minPhaseSamples: Int) {
        self.period = period; self.phases = phases; self.minPhaseSamples = minPhaseSamples
    }

    var isConfigured: Bool { bins > 0 }
    var strength: Double { active ? max(0, 1 - errSeasonal / max(errPlain, .leastNormalMagnitude)) : 0 }

    /// Sizes the model from the sampling interval; periods seen in fewer than 8 samples are skipped.
    mutating func configure(interval: Double, time: Double, value: Double, maxBins: Int) {
        guard bins == 0, interval > 0 else { return }
        let perCycle = period / interval
        guard perCycle >= 8 else { return }
        bins = min(Int(perCycle.rounded()), maxBins)
        phases = max(4, min(phases, Int(perCycle / 4)))
        // Exactly sized (appending would round the capacity up).
        let fresh: [Float] = [0, 0, .infinity, -.infinity, 0, 0, -1, -1]
        store = [Float](unsafeUninitializedCapacity: bins + 8 * phases) { buffer, initialised in
            for i in 0..<bins { buffer[i] = .nan }
            for p in 0..<phases { for k in 0..<8 { buffer[bins + 8 * p + k] = fresh[k] } }
            initialised = bins + 8 * phases
        }
        start = time
        level = value
        levelAlpha = min(1, 8 / perCycle)
        errAlpha = min(0.05, 1 / perCycle)
        // Each profile bin forgets 30 % of its value per cycle, whatever the samples per bin.
        profileGamma = Float(1 - pow(0.7, 1 / max(1, perCycle / Double(bins))))
    }

    @inline(__always) private func fraction(_ t: Double) -> Double {
        let f = (t / period).truncatingRemainder(dividingBy: 1)
        return f < 0 ? f + 1 : f
    }

    @inline(__always) private func phaseBase(_ t: Double) -> Int {
        bins + 8 * min(phases - 1, Int(fraction(t) * Double(phases)))
    }

    /// The profile's forecast at t (nil until that phase was seen).
    func expected(at t: Double) -> Double? {
        guard bins > 0 else { return nil }
        let v = store[min(bins - 1, Int(fraction(t) * Double(bins)))]
        return v.isNaN ? nil : Double(v)
    }

    /// Whether every phase of the profile has been seen and its error is under `ratio` times the
    /// plain level's: the pattern explains the series, though perhaps not yet as clearly as `active` asks.
    func explains(_ ratio: Double) -> Bool {
        bins > 0 && profileSeen == Int32(bins) && errPlain > 0 && errSeasonal < ratio * errPlain
    }

    /// The daily pattern's part of the value at t: the profile there less the profile's mean (nil until
    /// that phase was seen).
    func component(at t: Double) -> Double? {
        guard bins > 0, profileSeen > 0 else { return nil }
        let v = store[min(bins - 1, Int(fraction(t) * Double(bins)))]
        return v.isNaN ? nil : Double(v) - profileSum / Double(profileSeen)
    }

    /// Excess of the smoothed value beyond this phase's range on earlier cycles, in units of `width`,
    /// scaled by the season's strength.
    func phaseExcess(at t: Double, smoothed m: Double, width: Double) -> Double {
        guard active, width > 0 else { return 0 }
        let p = phaseBase(t)
        guard store[p + 5] >= 2, store[p + 4] >= Float(minPhaseSamples) else { return 0 }
        let lo = Double(min(store[p], store[p + 2])), hi = Double(max(store[p + 1], store[p + 3]))
        let e = m > hi ? (m - hi) / width : m < lo ? (lo - m) / width : 0
        return e * strength
    }

    mutating func learn(at t: Double, value x: Double, smoothed m: Double) {
        guard bins > 0 else { return }
        let b = min(bins - 1, Int(fraction(t) * Double(bins)))
        let seen = !store[b].isNaN
        let f = seen ? Double(store[b]) : level
        errSeasonal += errAlpha * (abs(x - f) - errSeasonal)
        errPlain += errAlpha * (abs(x - level) - errPlain)
        level += levelAlpha * (x - level)
        let before = seen ? Double(store[b]) : 0
        store[b] = seen ? store[b] + profileGamma * (Float(x) - store[b]) : Float(x)
        profileSum += Double(store[b]) - before
        if !seen { profileSeen += 1 }
        if t - start >= 2 * period {
            if !active && errSeasonal < 0.5 * errPlain { active = true }
            else if active && errSeasonal > 0.65 * errPlain { active = false }
        }
        let p = phaseBase(t)
        let cycle = Float((t / period).rounded(.down))
        let bucket = (cycle / Float(Self.cyclesPerBucket)).rounded(.down)
        let mf = Float(m)
        if store[p + 7] != bucket {
            // A new bucket of cycles: the current range becomes the previous one.
            if store[p + 7] >= 0 { store[p + 2] = store[p]; store[p + 3] = store[p + 1] }
            store[p] = mf; store[p + 1] = mf; store[p + 7] = bucket
        } else {
            store[p] = min(store[p], mf); store[p + 1] = max(store[p + 1], mf)
        }
        store[p + 4] += 1
        if store[p + 6] != cycle { store[p + 6] = cycle; store[p + 5] += 1 }
    }

    /// Bytes held on the heap (the buffer), for the memory budget.
    var heapBytes: Int { store.capacity * MemoryLayout<Float>.stride }
}
