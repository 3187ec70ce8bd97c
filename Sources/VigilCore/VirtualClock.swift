import Foundation

/// Maps real elapsed time to data time: replay runs it at `speed`×, pauses it, seeks it.
///
/// A value type driven by the real instants it is given, so it is deterministic in tests.
public struct VirtualClock: Hashable, Sendable {
    /// Data time at `anchorReal`.
    public private(set) var anchorVirtual: Date
    /// Real (monotonic) seconds at which `anchorVirtual` held.
    public private(set) var anchorReal: Double
    public private(set) var speed: Double
    public private(set) var isPaused: Bool

    public init(start: Date, realNow: Double, speed: Double = 1, paused: Bool = false) {
        anchorVirtual = start; anchorReal = realNow; self.speed = speed; isPaused = paused
    }

    public func now(realNow: Double) -> Date {
        if isPaused { return anchorVirtual }
        return anchorVirtual.addingTimeInterval((realNow - anchorReal) * speed)
    }

    public mutating func setSpeed(_ s: Double, realNow: Double) {
        rebase(realNow: realNow)
        speed = max(0.001, s)
    }

    public mutating func setPaused(_ p: Bool, realNow: Double) {
        rebase(realNow: realNow)
        isPaused = p
    }

    public mutating func seek(to t: Date, realNow: Double) {
        anchorVirtual = t; anchorReal = realNow
    }

    private mutating func rebase(realNow: Double) {
        anchorVirtual = now(realNow: realNow); anchorReal = realNow
    }
}

/// Monotonic seconds since an arbitrary origin.
public func monotonicSeconds() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}
