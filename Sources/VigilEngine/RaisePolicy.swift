import Foundation
import VigilDetect

/// When a metric event the detector flags becomes an item on the Anomalies screen. The detector
/// flags from its threshold (0.49: every sample NAB counts); an operator is asked about an event
/// once it is clear (its peak score reaches `peakScore`) or once it has lasted (`sustainedSamples`
/// samples of the series, with a peak of at least `sustainedScore`): a blip must be strong to
/// interrupt, a lasting excursion need not be. Either way it must be sizeable (`minRelativeExcess`),
/// and one named by the least specific view (a level not seen before) must reach `unvisitedLevelScore`.
///
/// The four levels are chosen on NAB in the screen's protocol (`vigil-lab eval raise`): the most
/// labelled windows holding a raised event while raised events stay ≥ 90 % real, levels chosen
/// on four categories and scored on the fifth for the figure quoted (docs/DECISIONS.md).
public struct RaisePolicy: Sendable, Equatable {
    public var peakScore: Double
    public var sustainedSamples: Int
    public var sustainedScore: Double
    /// An event named by the unvisited-level view (a value in a gap of the series' history, the
    /// least specific view: on NAB 16 of its 26 flagged events are false) needs this peak as well.
    public var unvisitedLevelScore: Double
    /// Outside the expected band, by at least this share of the value: an object count one above
    /// its all-time high (237 against 236) is new to the detector but not news to an operator.
    public var minRelativeExcess: Double

    public init(peakScore: Double, sustainedSamples: Int, sustainedScore: Double, unvisitedLevelScore: Double = 0,
                minRelativeExcess: Double = 0.02) {
        self.peakScore = peakScore
        self.unvisitedLevelScore = unvisitedLevelScore
        self.sustainedSamples = sustainedSamples
        self.sustainedScore = sustainedScore
        self.minRelativeExcess = minRelativeExcess
    }

    /// Chosen on the four shared NAB categories together (see the type's comment).
    public static let standard = RaisePolicy(peakScore: 0.78, sustainedSamples: 9, sustainedScore: 0.6, unvisitedLevelScore: 0.86)

    /// Before issue 18: clear events only (peak 0.9), whatever their length.
    public static let peakOnly = RaisePolicy(peakScore: 0.9, sustainedSamples: .max, sustainedScore: 1)

    /// Whether the event (open or closed) is raised: it stays raised once it is, since its peak
    /// and length only grow.
    public func raises(_ e: AnomalyEvent) -> Bool {
        let strong = e.peakScore >= peakScore
        let lasting = e.samples >= sustainedSamples && e.peakScore >= sustainedScore
        let specific = e.cause != .unvisitedLevel || e.peakScore >= unvisitedLevelScore
        return (strong || lasting) && specific && isSizeable(e)
    }

    /// Whether the event's value is outside its band by a share of the value worth a look
    /// (always true inside the band: volatility and pattern changes have no such size).
    public func isSizeable(_ e: AnomalyEvent) -> Bool {
        let edge = e.actual > e.expectedUpper ? e.expectedUpper : e.actual < e.expectedLower ? e.expectedLower : e.actual
        let scale = max(abs(e.actual), abs(edge))
        guard scale > 0, e.actual.isFinite, edge.isFinite else { return true }
        return abs(e.actual - edge) == 0 || abs(e.actual - edge) >= minRelativeExcess * scale
    }

    /// "peak ≥ 0.78, or ≥ 9 samples with peak ≥ 0.6; an unvisited level ≥ 0.86; ≥ 2 % outside the band"
    public var summary: String {
        var s = "peak ≥ \(peakScore)"
        if sustainedSamples < .max { s += ", or ≥ \(sustainedSamples) samples with peak ≥ \(sustainedScore)" }
        if unvisitedLevelScore > 0 { s += "; an unvisited level ≥ \(unvisitedLevelScore)" }
        return s + "; ≥ \(String(format: "%g", minRelativeExcess * 100)) % outside the band"
    }
}
