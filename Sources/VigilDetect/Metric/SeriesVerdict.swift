import VigilCore

/// One operator verdict as a series detector keeps it: enough to apply it again with exactly the
/// same effect, so that a verdict can be taken back (undo) and given again (a restart).
public struct SeriesVerdict: Sendable, Hashable {
    /// The event's fingerprint: one verdict per fingerprint is in force, the latest.
    public var fingerprint: Fingerprint
    /// The fact store's id of the verdict, when it has one (undo matches on it).
    public var id: Int64?
    public var isAnomaly: Bool
    /// The event's novelty when the verdict was given; nil for a verdict restored from storage, whose
    /// profile is inferred from its cause, direction and peak score.
    public var profile: NoveltyProfile?
    public var cause: AnomalyCause
    public var direction: AnomalyDirection
    public var peakScore: Double

    public init(fingerprint: Fingerprint, id: Int64? = nil, isAnomaly: Bool, profile: NoveltyProfile?, cause: AnomalyCause,
                direction: AnomalyDirection, peakScore: Double) {
        self.fingerprint = fingerprint; self.id = id; self.isAnomaly = isAnomaly; self.profile = profile
        self.cause = cause; self.direction = direction; self.peakScore = peakScore
    }

    /// A verdict on an event the detector raised.
    public init(event e: AnomalyEvent, fingerprint: Fingerprint, id: Int64? = nil, isAnomaly: Bool) {
        self.init(fingerprint: fingerprint, id: id, isAnomaly: isAnomaly, profile: e.profile.isEmpty ? nil : e.profile,
                  cause: e.cause, direction: e.direction, peakScore: e.peakScore)
    }

    /// A verdict known only by its fingerprint (`.metric`, its shape `<cause>|<direction>|m<bucket>`, see
    /// `fingerprint(seriesKey:event:)`) and the event's peak score: a verdict read back from storage.
    /// Nil when the fingerprint does not end in a known cause and direction.
    public init?(fingerprint: Fingerprint, id: Int64? = nil, isAnomaly: Bool, peakScore: Double) {
        guard case .metric(_, let shape) = fingerprint else { return nil }
        let parts = shape.split(separator: "|", omittingEmptySubsequences: false)
        guard parts.count == 3,
              let cause = AnomalyCause.allCases.first(where: { "\($0)" == parts[0] }),
              let direction = AnomalyDirection.allCases.first(where: { "\($0)" == parts[1] }) else { return nil }
        self.init(fingerprint: fingerprint, id: id, isAnomaly: isAnomaly, profile: nil, cause: cause,
                  direction: direction, peakScore: peakScore.isFinite ? min(max(peakScore, 0), 1) : 0)
    }
}
