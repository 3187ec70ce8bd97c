import Foundation
import VigilCore
import VigilDetect

/// Which detector raised an anomaly.
public enum TriageKind: String, Sendable, Hashable, Codable, CaseIterable {
    case metric, log, fleet
}

/// What the operator said of an anomaly's subject.
public enum TriageStatus: String, Sendable, Hashable, Codable {
    case new, correct, falsePositive = "false positive", snoozed
}

/// One anomaly as the Anomalies screen lists it. Metric anomalies are the detector's events (an
/// open one while it lasts); log anomalies are flagged lines grouped by template within a window.
public struct TriageItem: Sendable, Hashable {
    public var id: String
    public var kind: TriageKind
    /// What makes two anomalies "the same" for verdicts: see `TriageFingerprint`.
    public var fingerprint: String
    /// Series labels or log template.
    public var subject: String
    public var time: Date
    public var score: Double
    /// The detector's explanation, or the first log line.
    public var detail: String
    public var seriesKey: SeriesKey?
    public var template: String?
    /// Log lines grouped into the item (1 for a metric event).
    public var count: Int
    public var open: Bool
}

/// A verdict as the app holds it; `storeID` is set once the fact store has it.
public struct TriageVerdict: Sendable, Hashable {
    public var storeID: Int64?
    public var itemID: String?
    public var fingerprint: String
    public var kind: TriageKind
    public var subject: String
    public var status: TriageStatus
    public var at: Date
    /// End of a snooze.
    public var until: Date?
    public var score: Double
    public var detail: String
    /// When the anomaly the verdict was given on started.
    public var startedAt: Date?
    /// The operator's free text (key `a`).
    public var note: String

    public init(storeID: Int64? = nil, itemID: String?, fingerprint: String, kind: TriageKind, subject: String,
                status: TriageStatus, at: Date, until: Date? = nil, score: Double = 0, detail: String = "",
                startedAt: Date? = nil, note: String = "") {
        self.storeID = storeID; self.itemID = itemID; self.fingerprint = fingerprint; self.kind = kind
        self.subject = subject; self.status = status; self.at = at; self.until = until; self.score = score
        self.detail = detail; self.startedAt = startedAt; self.note = note
    }

    /// Whether the verdict still holds at `now` (a snooze ends).
    public func inForce(at now: Date) -> Bool {
        status != .snoozed || (until.map { $0 > now } ?? false)
    }
}

/// Fingerprints: the identity verdicts attach to.
public enum TriageFingerprint {
    /// A log anomaly is its template.
    public static func log(template: String) -> String { "log|" + template }
    /// A metric anomaly is its series and the shape of the excursion: cause, direction and size in
    /// band widths (`VigilDetect.fingerprint(seriesKey:event:)`).
    public static func metric(key: SeriesKey, event: AnomalyEvent) -> String {
        "metric|" + ClusterAnomalyModel.fingerprint(key: key, event: event)
    }
}

