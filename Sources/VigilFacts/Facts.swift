import Foundation
import VigilCore

/// One anomaly as a detector raised it.
public struct AnomalyFact: Sendable, Hashable {
    /// Stable id chosen by the caller (fingerprint + start time), so raising it again updates it.
    public var id: String
    public var kind: AnomalyKind
    /// What makes two anomalies "the same": a template id for logs; series identity and shape
    /// for metrics.
    public var fingerprint: Fingerprint
    /// Series labels or log template, as the operator reads it.
    public var subject: String
    /// e.g. "vigil-series", "vigil-logs".
    public var detector: String
    public var detectorVersion: String
    public var score: Double
    public var startedAt: Date
    /// The explanation, or the log line.
    public var detail: String

    public init(id: String, kind: AnomalyKind, fingerprint: Fingerprint, subject: String, detector: String,
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
