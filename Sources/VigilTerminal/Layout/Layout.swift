/// Cuts a rectangle into parts along one axis, by constraints.
///
/// ```swift
/// let rows = Layout.split(screen, .vertical, [.length(1), .fill(1), .length(1)])
/// // title bar, body, status line
/// ```
public enum Layout {
    /// Splits area along direction; always returns constraints.count rects, never negative sizes,
    /// exactly covering the area (minus spacing) when there is any fill/min; total never exceeds area.
    ///
    /// Parts keep the full extent of the other axis. When the spacing alone does not fit, every
    /// part is empty.
    public static func split(_ area: Rect, _ direction: Direction, _ constraints: [Constraint], spacing: Int = 0) -> [Rect] {
        guard !constraints.isEmpty else { return [] }
        let horizontal = direction == .horizontal
        let total = horizontal ? area.width : area.height
        let gap = max(0, spacing)
        let available = max(0, total - gap * (constraints.count - 1))
        let sizes = self.sizes(for: constraints, available: available)
        let start = horizontal ? area.x : area.y
        let end = start + total
        var pos = start
        var out: [Rect] = []
        out.reserveCapacity(sizes.count)
        for size in sizes {
            // Clamping keeps every part inside the area even when the gaps eat all of it.
            let p = Swift.min(pos, end)
            let s = Swift.min(size, end - p)
            out.append(horizontal
                       ? Rect(x: p, y: area.y, width: s, height: area.height)
                       : Rect(x: area.x, y: p, width: area.width, height: s))
            pos = p + s + gap
        }
        return out
    }

    /// The size of each part along the axis; the sum never exceeds `available`.
    static func sizes(for constraints: [Constraint], available: Int) -> [Int] {
        let n = constraints.count
        var sizes = Array(repeating: 0, count: n)
        var floors = Array(repeating: 0, count: n)
        var weights = Array(repeating: 0, count: n)
        var flexible: [Int] = []
        for (i, c) in constraints.enumerated() {
            // Every demand is capped at `available`, so products below stay far from overflow.
            switch c {
            case .length(let len): sizes[i] = clamp(len, 0, available)
            case .percentage(let p): sizes[i] = available * clamp(p, 0, 100) / 100
            case .ratio(let num, let den): sizes[i] = den > 0 ? available * clamp(num, 0, den) / den : 0
            case .fill(let w): weights[i] = clamp(w, 0, maxWeight); flexible.append(i)
            case .min(let floor): floors[i] = clamp(floor, 0, available); weights[i] = 1; flexible.append(i)
            }
        }
        let fixed = sizes.reduce(0, +)
        let demand = fixed + floors.reduce(0, +)
        if demand > available {
            // Not everything fits: fixed parts and floors shrink together, fills get nothing.
            let wants = (0..<n).map { sizes[$0] + floors[$0] }
            return apportion(available, weights: wants)
        }
        guard !flexible.isEmpty else { return sizes }
        // Water-filling: a `min` part whose share falls below its floor is frozen at the floor,
        // which only lowers the others' shares, so freezing every offender per pass is safe.
        var remaining = available - fixed
        var active = flexible
        while true {
            let w = active.reduce(0) { $0 + weights[$1] }
            let frozen = active.filter { floors[$0] > 0 && floors[$0] * w > remaining * weights[$0] }
            if frozen.isEmpty { break }
            for i in frozen { sizes[i] = floors[i]; remaining -= floors[i] }
            active.removeAll { frozen.contains($0) }
        }
        var activeWeights = active.map { weights[$0] }
        // Only fill(0) parts left: share equally rather than leave the area uncovered.
        if activeWeights.allSatisfy({ $0 == 0 }) { activeWeights = activeWeights.map { _ in 1 } }
        for (k, share) in apportion(remaining, weights: activeWeights).enumerated() { sizes[active[k]] = share }
        return sizes
    }

    /// Weights above this are treated as equal to it, so `total * weight` cannot overflow.
    static let maxWeight = 10_000

    /// Splits `total` in proportion to `weights` in whole cells (largest remainder, ties to the
    /// earlier part), so the parts always add up to `total` when any weight is positive.
    static func apportion(_ total: Int, weights: [Int]) -> [Int] {
        let sum = weights.reduce(0, +)
        guard sum > 0, total > 0 else { return weights.map { _ in 0 } }
        var out = weights.map { total * $0 / sum }
        let rest = total - out.reduce(0, +)
        let order = weights.indices.sorted { a, b in
            let ra = total * weights[a] % sum, rb = total * weights[b] % sum
            return ra != rb ? ra > rb : a < b
        }
        for i in order.prefix(rest) { out[i] += 1 }
        return out
    }

    private static func clamp(_ v: Int, _ lo: Int, _ hi: Int) -> Int { Swift.max(lo, Swift.min(hi, v)) }
}
