import Foundation
import VigilCore

/// Recent values of one series, oldest first, capped so memory stays bounded.
public struct SeriesHistory: Sendable {
    public private(set) var times: [Double] = []   // unix seconds
    public private(set) var values: [Double] = []
    public let capacity: Int

    public init(capacity: Int) { self.capacity = capacity }

    public mutating func append(time: Double, value: Double) {
        if let last = times.last, time <= last {
            // Same instant seen twice (a repeated scrape): keep the newest value.
            if time == last { values[values.count - 1] = value }
            return
        }
        times.append(time); values.append(value)
        if times.count > capacity + capacity / 4 {
            let drop = times.count - capacity
            times.removeFirst(drop); values.removeFirst(drop)
        }
    }

    public var last: (time: Double, value: Double)? {
        guard let t = times.last, let v = values.last else { return nil }
        return (t, v)
    }

    /// Index of the last sample at or before `time`.
    public func index(atOrBefore time: Double) -> Int? {
        var lo = 0, hi = times.count - 1, found: Int? = nil
        while lo <= hi {
            let mid = (lo + hi) / 2
            if times[mid] <= time { found = mid; lo = mid + 1 } else { hi = mid - 1 }
        }
        return found
    }

    /// Per-second increase of a counter between `time - window` and `time`, with resets handled.
    public func rate(at time: Double, window: Double) -> Double? {
        guard let end = index(atOrBefore: time) else { return nil }
        let start = index(atOrBefore: time - window) ?? 0
        guard end > start else { return nil }
        var increase = 0.0
        for i in (start + 1)...end {
            let d = values[i] - values[i - 1]
            // A drop means the counter restarted from zero: the new value is the increase.
            increase += d >= 0 ? d : values[i]
        }
        let span = times[end] - times[start]
        return span > 0 ? increase / span : nil
    }
}
