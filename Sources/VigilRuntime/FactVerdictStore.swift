import Foundation
import VigilCore
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

    public static func detector(_ kind: AnomalyKind) -> String {
        switch kind {
        case .metric: return "vigil-series"
        case .log: return "vigil-logs"
        case .fleet: return "vigil-fleet"
        }
    }

    public func activeVerdicts() throws -> [Verdict] {
        try store.activeVerdicts(now: .distantPast).values.filter { $0.value != .retracted }
    }

    public func save(_ verdicts: [Verdict]) throws -> [Verdict] {
        try verdicts.map { v in
            var out = v
            out.detector = Self.detector(v.kind)
            out.detectorVersion = Self.detectorVersion
            out.user = user
            out.retracts = nil
            if let id = v.anomalyID {
                try store.record(AnomalyFact(id: id, kind: v.kind, fingerprint: v.fingerprint, subject: v.subject,
                                             detector: out.detector, detectorVersion: out.detectorVersion, score: v.score,
                                             startedAt: v.startedAt ?? v.at, detail: v.detail))
            }
            var stored = out
            stored.at = Date()  // the app's own time may be a replay's
            out.id = try store.add(stored).id
            return out
        }
    }

    public func retract(_ verdicts: [Verdict]) throws {
        for v in verdicts {
            guard let id = v.id else { continue }
            try store.retract(verdictID: id, by: user, at: Date())
        }
    }
}
