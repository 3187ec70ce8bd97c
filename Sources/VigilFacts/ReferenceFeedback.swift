import Foundation
import VigilCore

/// Rows of the reference fact store (an AIOps log anomaly detector): `{predict_id, message, is_anomaly}`.
///
/// That store's UI form and API used `is_anomaly` with opposite meanings. We take the one of
/// its table: `is_anomaly = true` means the operator confirmed a real anomaly (`correct`),
/// `false` means it was not one (`false_positive`). The mapping is in docs/feedback-format.md.
enum ReferenceFeedback {
    /// Detector name given to imported rows, so they can be told apart from Vigil's own.
    static let detector = "reference-import"

    static func record(_ f: [String: String], at place: String, now: Date) throws -> FeedbackRecord {
        guard let flag = f["is_anomaly"] else {
            throw FactStoreError.malformed("\(place): a reference row (predict_id, message) needs is_anomaly")
        }
        guard let isAnomaly = parseBool(flag) else {
            throw FactStoreError.malformed("\(place): is_anomaly '\(flag)' is not true or false")
        }
        let message = f["message"] ?? ""
        let predictID = f["predict_id"] ?? ""
        if message.isEmpty && predictID.isEmpty {
            throw FactStoreError.malformed("\(place): a reference row needs a message or a predict_id")
        }
        // The reference keyed feedback by the raw message; Vigil's log fingerprint is a template
        // id, which only the log pipeline can compute, so the message is kept as it was.
        var fields: [String: String] = [
            "uuid": "r-" + StableDigest.hex([predictID, message, isAnomaly ? "1" : "0"]),
            "fingerprint": message.isEmpty ? "predict:\(predictID)" : "message:\(message)",
            "kind": AnomalyKind.log.rawValue,
            "subject": message.isEmpty ? predictID : message,
            "verdict": (isAnomaly ? VerdictValue.correct : .falsePositive).rawValue,
            "user": f["user"] ?? detector,
            "at": f["at"] ?? FactTime.text(now),
            "detector": detector,
            "note": f["note"] ?? "",
        ]
        if !predictID.isEmpty { fields["anomaly_id"] = predictID }
        return try FeedbackRecord(fields: fields, at: place)
    }

    static func parseBool(_ text: String) -> Bool? {
        switch text.trimmingCharacters(in: .whitespaces).lowercased() {
        case "true", "t", "1", "yes", "y": return true
        case "false", "f", "0", "no", "n": return false
        default: return nil
        }
    }
}
