import Foundation
import VigilEngine
import VigilFacts

/// The app's verdict store on the fact store: verdicts are stored with the anomaly they were
/// given on, by `$USER`, at the wall-clock time (the app's own time may be a replay's).
public final class FactVerdictStore: VerdictStore {
    public static let detectorVersion = "1"
    public let store: FactStore
    public let user: String

    public init(store: FactStore, user: String = ProcessInfo.processInfo.environment["USER"] ?? "unknown") {
        self.store = store
        self.user = user.isEmpty ? "unknown" : user
    }

    public static func detector(_ kind: TriageKind) -> String {
        switch kind {
        case .metric: return "vigil-series"
        case .log: return "vigil-logs"
        case .fleet: return "vigil-fleet"
        }
    }

    public func activeVerdicts() throws -> [TriageVerdict] {
        try store.activeVerdicts(now: .distantPast).values.compactMap { v in
            let status: TriageStatus
            switch v.verdict {
            case .correct: status = .correct
            case .falsePositive: status = .falsePositive
            case .snoozed: status = .snoozed
            case .retracted: return nil
            }
            return TriageVerdict(storeID: v.id, itemID: v.anomalyID, fingerprint: v.fingerprint,
                                 kind: TriageKind(rawValue: v.kind.rawValue) ?? .metric, subject: v.subject,
                                 status: status, at: v.at, until: v.until, note: v.note)
        }
    }

    public func save(_ verdicts: [TriageVerdict]) throws -> [TriageVerdict] {
        try verdicts.map { v in
            let kind = AnomalyKind(rawValue: v.kind.rawValue) ?? .metric
            let detector = Self.detector(v.kind)
            if let id = v.itemID {
                try store.record(AnomalyFact(id: id, kind: kind, fingerprint: v.fingerprint, subject: v.subject,
                                             detector: detector, detectorVersion: Self.detectorVersion, score: v.score,
                                             startedAt: v.startedAt ?? v.at, detail: v.detail))
            }
            let value: VerdictValue
            switch v.status {
            case .correct: value = .correct
            case .falsePositive: value = .falsePositive
            case .snoozed: value = .snoozed
            case .new: value = .retracted
            }
            let saved = try store.add(VerdictFact(anomalyID: v.itemID, fingerprint: v.fingerprint, kind: kind,
                                                  subject: v.subject, verdict: value, user: user, at: Date(), until: v.until,
                                                  detector: detector, detectorVersion: Self.detectorVersion, note: v.note))
            var out = v
            out.storeID = saved.id
            return out
        }
    }

    public func retract(_ verdicts: [TriageVerdict]) throws {
        for v in verdicts {
            guard let id = v.storeID else { continue }
            try store.retract(verdictID: id, by: user, at: Date())
        }
    }
}
