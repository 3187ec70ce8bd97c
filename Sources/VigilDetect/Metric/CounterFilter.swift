/// Recognises monotonically increasing counters (Prometheus `_total` style) and turns them into rates,
/// so a detector sees requests per second rather than an ever-growing total, and a counter reset (the
/// process restarted) is a rate like any other rather than a cliff.
///
/// The first 32 samples decide: a counter never decreases (at most one reset), mostly increases and is
/// non-negative. A counter whose resets become frequent (more than 1 % of steps, at least 3) was a
/// gauge after all, and reverts. `modeChanged` tells the caller to relearn from scratch.
struct CounterFilter: Sendable, Hashable {
    enum Mode: UInt8 { case undecided, gauge, counter }
    static let decideAfter = 32
    private(set) var mode = Mode.undecided
    private var seen = 0
    private var rises = 0, drops = 0, negatives = 0
    private var counterSteps = 0, counterDrops = 0
    private var prevValue = Double.nan, prevTime = Double.nan
    private(set) var modeChanged = false

    /// The value to feed the model (the sample itself, or a rate), or nil to skip this sample.
    mutating func feed(time: Double, value: Double) -> Double? {
        modeChanged = false
        defer { prevValue = value; prevTime = time }
        seen += 1
        let hasPrev = !prevValue.isNaN
        if mode == .undecided {
            if value < 0 { negatives += 1 }
            if hasPrev { if value > prevValue { rises += 1 } else if value < prevValue { drops += 1 } }
            if seen >= Self.decideAfter {
                let steps = seen - 1
                mode = drops <= 1 && negatives == 0 && 2 * rises >= steps ? .counter : .gauge
                modeChanged = mode == .counter
                if mode == .counter { return nil }   // the next sample gives the first rate
            }
            return value
        }
        guard mode == .counter else { return value }
        let dt = time - prevTime
        guard hasPrev, dt > 0 else { return nil }
        counterSteps += 1
        var increase = value - prevValue
        if increase < 0 {
            // A reset: the counter restarted from zero and has counted `value` since.
            increase = value
            counterDrops += 1
            if counterDrops >= 3 && counterDrops * 100 > counterSteps {
                mode = .gauge; modeChanged = true
                return value
            }
        }
        return increase / dt
    }
}
