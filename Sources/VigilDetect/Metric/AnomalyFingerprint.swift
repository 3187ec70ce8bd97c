import Foundation
import VigilCore

/// The identity of a metric anomaly for feedback: two events with the same fingerprint are "the same
/// anomaly again" (a verdict on one applies to the other). It is the series plus the shape of the
/// deviation: the view that named it (`cause`), its direction, and how far the value at the peak lay
/// beyond the expected band on a doubling scale of band widths (`magnitudeBucket`). Coarse on purpose:
/// a repeat of an excursion lands in the same bucket although the band has moved a little since.
///
///     fingerprint(seriesKey: key.description, event: e)   // .metric(series: "cpu{host=\"a\"}", shape: "newExtreme|up|m3")
public func fingerprint(seriesKey: String, event: AnomalyEvent) -> Fingerprint {
    .metric(series: seriesKey, shape: "\(event.cause)|\(event.direction)|m\(event.magnitudeBucket)")
}

extension AnomalyEvent {
    /// The largest bucket: deviations beyond 2¹¹ band widths are all "huge".
    public static let maxMagnitudeBucket = 12

    /// 0 when the value at the peak lies inside the expected band (a change of volatility or of level
    /// inside the usual values); else 1 + ⌊log₂(1 + d)⌋ for a distance d beyond the nearer edge in band
    /// widths: 1 under one width, 2 for one to three, 3 for three to seven, and so on.
    public var magnitudeBucket: Int {
        let lo = min(expectedLower, expectedUpper), hi = max(expectedLower, expectedUpper)
        let beyond = actual > hi ? actual - hi : actual < lo ? lo - actual : 0
        guard beyond > 0, beyond.isFinite else { return 0 }
        // A flat band (a constant series) still gives a finite, largest bucket.
        let width = max(hi - lo, 1e-9 * max(abs(hi), abs(lo), 1))
        // A jump from a flat band to 1e300 overflows the ratio: the largest bucket, not a trap.
        let doublings = log2(1 + beyond / width).rounded(.down)
        guard doublings.isFinite, doublings < Double(Self.maxMagnitudeBucket) else { return Self.maxMagnitudeBucket }
        return min(1 + Int(doublings), Self.maxMagnitudeBucket)
    }
}
