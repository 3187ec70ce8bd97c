import Foundation

/// Which detector family raised an anomaly; also part of what makes two anomalies "the same".
public enum AnomalyKind: String, Codable, Sendable, CaseIterable {
    case metric, log, fleet
}

/// What an operator said about an anomaly.
///
/// `retracted` is never chosen by hand: `FactStore.retract` writes it as an undo record that
/// points at the verdict it cancels, so the history keeps both.
public enum VerdictValue: String, Codable, Sendable, CaseIterable {
    case correct
    case falsePositive = "false_positive"
    case snoozed
    case retracted
}

/// One anomaly as a detector raised it.
public struct AnomalyFact: Codable, Sendable, Hashable {
    /// Stable id chosen by the caller (fingerprint + start time), so raising it again updates it.
    public var id: String
    public var kind: AnomalyKind
    /// What makes two anomalies "the same": a template id for logs; series identity and shape
    /// for metrics.
    public var fingerprint: String
    /// Series labels or log template, as the operator reads it.
    public var subject: String
    /// e.g. "vigil-series", "vigil-logs".
    public var detector: String
    public var detectorVersion: String
    public var score: Double
    public var startedAt: Date
    /// The explanation, or the log line.
    public var detail: String

    public init(id: String, kind: AnomalyKind, fingerprint: String, subject: String, detector: String,
                detectorVersion: String, score: Double, startedAt: Date, detail: String) {
        self.id = id
        self.kind = kind
        self.fingerprint = fingerprint
        self.subject = subject
        self.detector = detector
        self.detectorVersion = detectorVersion
        self.score = score
        self.startedAt = startedAt
        self.detail = detail
    }
}

/// An operator's verdict on an anomaly (or on every anomaly with its fingerprint).
public struct VerdictFact: Codable, Sendable, Hashable {
    /// Assigned by the store; nil before `FactStore.add`.
    public var id: Int64?
    public var anomalyID: String?
    public var fingerprint: String
    public var kind: AnomalyKind
    public var subject: String
    public var verdict: VerdictValue
    /// Who: `$USER` of the operator.
    public var user: String
    /// When. The store keeps millisecond precision.
    public var at: Date
    /// End of a snooze.
    public var until: Date?
    public var detector: String
    public var detectorVersion: String
    /// Free text from the operator.
    public var note: String
    /// For a `retracted` record: the id of the verdict it cancels.
    public var retracts: Int64?

    public init(id: Int64? = nil, anomalyID: String? = nil, fingerprint: String, kind: AnomalyKind,
                subject: String, verdict: VerdictValue, user: String, at: Date, until: Date? = nil,
                detector: String, detectorVersion: String, note: String = "", retracts: Int64? = nil) {
        self.id = id
        self.anomalyID = anomalyID
        self.fingerprint = fingerprint
        self.kind = kind
        self.subject = subject
        self.verdict = verdict
        self.user = user
        self.at = at
        self.until = until
        self.detector = detector
        self.detectorVersion = detectorVersion
        self.note = note
        self.retracts = retracts
    }
}

/// The text formats of `vigil feedback export` and `import` (fields: docs/feedback-format.md).
public enum ExportFormat: String, Sendable, CaseIterable {
    case jsonl, csv
}

/// What an import did: verdicts added, and verdicts already present (so skipped).
public struct ImportSummary: Sendable, Equatable {
    public var added: Int
    public var skipped: Int
    public init(added: Int, skipped: Int) {
        self.added = added
        self.skipped = skipped
    }
}
