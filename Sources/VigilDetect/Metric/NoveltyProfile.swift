/// The way a deviation went: above or below what the series has shown.
public enum AnomalyDirection: UInt8, Sendable, Hashable, CaseIterable {
    case up, down
}

/// How novel one sample was through each view of `SeriesDetector`, before any operator feedback: the
/// excess beyond the view's range in range widths, signed by direction (negative = below). Most
/// excursions show in several views at once (a spike is a new extreme and moves the short average), so
/// an operator's verdict is applied to every view that saw it, not only to the one that named the cause.
public struct NoveltyProfile: Sendable, Hashable {
    /// Indexed by `AnomalyCause.rawValue`; slot 0 (`none`) stays 0.
    private var excess = SIMD8<Float>(repeating: 0)

    public init() {}

    /// The signed excess of a view (0 when the view saw nothing unusual).
    public subscript(cause: AnomalyCause) -> Double {
        get { Double(excess[Int(cause.rawValue)]) }
        set { if cause != .none { excess[Int(cause.rawValue)] = Float(newValue) } }
    }

    public var isEmpty: Bool { excess == SIMD8<Float>(repeating: 0) }

    /// Per view, the larger of the two excesses in size (an event's profile over its flagged samples).
    public func merging(_ other: NoveltyProfile) -> NoveltyProfile {
        let mine = excess.replacing(with: -excess, where: excess .< 0)
        let theirs = other.excess.replacing(with: -other.excess, where: other.excess .< 0)
        var out = self
        out.excess.replace(with: other.excess, where: theirs .> mine)
        return out
    }

    /// The views that saw something, with the size and direction of what they saw.
    public var views: [(cause: AnomalyCause, direction: AnomalyDirection, excess: Double)] {
        AnomalyCause.allCases.compactMap { c in
            let e = self[c]
            return e == 0 ? nil : (c, e > 0 ? .up : .down, abs(e))
        }
    }
}
