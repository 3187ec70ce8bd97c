import Foundation
import VigilCore
import VigilDetect

/// What the operator said of an anomaly's subject.
public enum TriageStatus: String, Sendable, Hashable, Codable {
    case new, correct, falsePositive = "false positive", snoozed
}

/// One anomaly as the Anomalies screen lists it. Metric anomalies are the detector's events (an
/// open one while it lasts); log anomalies are flagged lines grouped by template within a window.
public struct TriageItem: Sendable, Hashable {
    public var id: String
    public var kind: AnomalyKind
    /// What makes two anomalies "the same" for verdicts.
    public var fingerprint: Fingerprint
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

extension TriageStatus {
    /// The status a verdict gives its fingerprint's anomalies (a retraction: none).
    public init(_ value: VerdictValue) {
        switch value {
        case .correct: self = .correct
        case .falsePositive: self = .falsePositive
        case .snoozed: self = .snoozed
        case .retracted: self = .new
        }
    }

    /// The verdict an operator's mark stores (`new`, a mark taken off: a retraction).
    public var verdictValue: VerdictValue {
        switch self {
        case .correct: return .correct
        case .falsePositive: return .falsePositive
        case .snoozed: return .snoozed
        case .new: return .retracted
        }
    }
}

extension Verdict {
    /// What it says of its fingerprint's anomalies.
    public var status: TriageStatus { TriageStatus(value) }
}
