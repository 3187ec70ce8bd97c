import Foundation

/// Which detector family raised an anomaly; also part of what makes two anomalies "the same".
public enum AnomalyKind: String, Codable, Sendable, Hashable, CaseIterable {
    case metric, log, fleet
}

/// What makes two anomalies "the same" for verdicts: a verdict holds for every anomaly with its
/// fingerprint. Stored as text (`stored`) in the fact store and in exported feedback; every stored
/// text reads back to the same text, forms this version does not know included.
public enum Fingerprint: Hashable, Sendable, CustomStringConvertible {
    /// A log anomaly: its template (stored `log|<template>`).
    case log(template: String)
    /// A metric anomaly: its series and the shape of the excursion, `<cause>|<direction>|m<bucket>`
    /// (stored `metric|<series>|<shape>`; see `VigilDetect.fingerprint(seriesKey:event:)`).
    case metric(series: String, shape: String)
    /// A log verdict imported from the reference's fact store, which keyed feedback by the raw
    /// message (stored `message:<message>`): it holds for the template the message falls into.
    case message(String)
    /// An anomaly another `vigil serve` raised, seen through a Prometheus that scrapes several:
    /// the cluster it came from and that anomaly's own fingerprint (stored `cluster:<cluster>|<inner>`,
    /// with `%` and `|` in the cluster's name written `%25` and `%7C`). A verdict on it holds for that
    /// cluster only.
    case clustered(cluster: String, inner: String)
    /// A fleet anomaly: a cluster unlike its peers, by the feature that differed most (stored
    /// `fleet|<cluster>|<feature>`, the cluster's `%` and `|` written `%25` and `%7C`).
    case fleet(cluster: String, feature: String)
    /// A stored fingerprint of a form this version does not know, kept as it is.
    case other(String)

    static let logPrefix = "log|", metricPrefix = "metric|", messagePrefix = "message:", clusterPrefix = "cluster:", fleetPrefix = "fleet|"

    /// Reads a stored fingerprint.
    public init(stored text: String) {
        if text.hasPrefix(Self.clusterPrefix), let bar = text.firstIndex(of: "|"),
           case let raw = String(text[text.index(text.startIndex, offsetBy: Self.clusterPrefix.count)..<bar]),
           case let name = raw.replacingOccurrences(of: "%7C", with: "|").replacingOccurrences(of: "%25", with: "%"),
           Self.encodeCluster(name) == raw {
            // Only the canonical spelling: any other text stays `.other`, so every text reads back as it was.
            self = .clustered(cluster: name, inner: String(text[text.index(after: bar)...]))
        } else if text.hasPrefix(Self.fleetPrefix), case let rest = text.dropFirst(Self.fleetPrefix.count), let bar = rest.firstIndex(of: "|"),
                  case let raw = String(rest[..<bar]),
                  case let name = raw.replacingOccurrences(of: "%7C", with: "|").replacingOccurrences(of: "%25", with: "%"),
                  Self.encodeCluster(name) == raw {
            self = .fleet(cluster: name, feature: String(rest[rest.index(after: bar)...]))
        } else if text.hasPrefix(Self.logPrefix) {
            self = .log(template: String(text.dropFirst(Self.logPrefix.count)))
        } else if text.hasPrefix(Self.metricPrefix) {
            // The shape is the last three fields; a series' text may itself hold "|".
            let parts = text.dropFirst(Self.metricPrefix.count).split(separator: "|", omittingEmptySubsequences: false)
            guard parts.count >= 4 else { self = .other(text); return }
            self = .metric(series: parts.dropLast(3).joined(separator: "|"), shape: parts.suffix(3).joined(separator: "|"))
        } else if text.hasPrefix(Self.messagePrefix) {
            self = .message(String(text.dropFirst(Self.messagePrefix.count)))
        } else {
            self = .other(text)
        }
    }

    static func encodeCluster(_ name: String) -> String {
        name.replacingOccurrences(of: "%", with: "%25").replacingOccurrences(of: "|", with: "%7C")
    }

    /// The text the fact store and exported feedback keep.
    public var stored: String {
        switch self {
        case .log(let t): return Self.logPrefix + t
        case .metric(let s, let shape): return Self.metricPrefix + s + "|" + shape
        case .message(let m): return Self.messagePrefix + m
        case .clustered(let cluster, let inner):
            return Self.clusterPrefix + Self.encodeCluster(cluster) + "|" + inner
        case .fleet(let cluster, let feature):
            return Self.fleetPrefix + Self.encodeCluster(cluster) + "|" + feature
        case .other(let t): return t
        }
    }

    public var description: String { stored }

    /// The detector family whose anomalies it identifies, when the form says.
    public var kind: AnomalyKind? {
        switch self {
        case .log, .message: return .log
        case .metric: return .metric
        case .clustered(_, let inner): return Fingerprint(stored: inner).kind
        case .fleet: return .fleet
        case .other: return nil
        }
    }
}

/// What an operator said about an anomaly.
///
/// `retracted` is never chosen by hand: an undo stores it as a record that points at the verdict
/// it cancels (`retracts`), so the history keeps both.
public enum VerdictValue: String, Codable, Sendable, Hashable, CaseIterable {
    case correct
    case falsePositive = "false_positive"
    case snoozed
    case retracted
}

/// An operator's verdict on an anomaly and on every anomaly with its fingerprint: the one shape a
/// verdict has from the key press through the fact store to the detectors that learn from it.
public struct Verdict: Sendable, Hashable {
    /// The fact store's id; nil until the store has the verdict.
    public var id: Int64?
    /// The anomaly it was given on, when there was one (an imported verdict may have none).
    public var anomalyID: String?
    public var fingerprint: Fingerprint
    public var kind: AnomalyKind
    /// Series labels or log template, as the operator reads it.
    public var subject: String
    public var value: VerdictValue
    /// When it was given. The store keeps millisecond precision.
    public var at: Date
    /// End of a snooze.
    public var until: Date?
    /// The operator's free text.
    public var note: String
    /// Who (`$USER`) and which detector it is about; the store fills them in.
    public var user: String
    public var detector: String
    public var detectorVersion: String
    /// For a `retracted` record: the id of the verdict it cancels.
    public var retracts: Int64?
    /// The anomaly it was given on: its peak score, explanation (or first log line) and start.
    public var score: Double
    public var detail: String
    public var startedAt: Date?

    public init(id: Int64? = nil, anomalyID: String? = nil, fingerprint: Fingerprint, kind: AnomalyKind,
                subject: String, value: VerdictValue, user: String = "", at: Date, until: Date? = nil,
                detector: String = "", detectorVersion: String = "", note: String = "", retracts: Int64? = nil,
                score: Double = 0, detail: String = "", startedAt: Date? = nil) {
        self.id = id; self.anomalyID = anomalyID; self.fingerprint = fingerprint; self.kind = kind
        self.subject = subject; self.value = value; self.at = at; self.until = until; self.note = note
        self.user = user; self.detector = detector; self.detectorVersion = detectorVersion
        self.retracts = retracts; self.score = score; self.detail = detail; self.startedAt = startedAt
    }

    /// Whether the verdict holds at `now`: a retraction never does, a snooze until its end.
    public func inForce(at now: Date) -> Bool {
        switch value {
        case .correct, .falsePositive: return true
        case .snoozed: return until.map { $0 > now } ?? false
        case .retracted: return false
        }
    }
}
