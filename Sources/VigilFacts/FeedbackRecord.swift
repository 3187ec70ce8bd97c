import Foundation
import VigilCore

/// One line of an export: a verdict joined with its anomaly, all as text.
///
/// Field names and meanings: docs/feedback-format.md. `uuid` is the verdict's identity across
/// stores (import skips one already present); `retracts` names the cancelled verdict's uuid.
struct FeedbackRecord: Codable, Equatable {
    var uuid: String
    var fingerprint: String
    var kind: String
    var subject: String
    var verdict: String
    var user: String
    var at: String
    var until: String?
    var detector: String
    var detectorVersion: String
    var note: String
    var retracts: String?
    var anomalyID: String?
    var anomalyScore: Double?
    var anomalyStartedAt: String?
    var anomalyDetail: String?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case uuid, at, user, verdict, kind, fingerprint, subject, detector
        case detectorVersion = "detector_version"
        case until, note, retracts
        case anomalyID = "anomaly_id"
        case anomalyScore = "anomaly_score"
        case anomalyStartedAt = "anomaly_started_at"
        case anomalyDetail = "anomaly_detail"
    }

    /// CSV columns, in this order.
    static let columns = CodingKeys.allCases.map(\.rawValue)

    var csvFields: [String] {
        [uuid, at, user, verdict, kind, fingerprint, subject, detector, detectorVersion, until ?? "", note,
         retracts ?? "", anomalyID ?? "", anomalyScore.map { "\($0)" } ?? "", anomalyStartedAt ?? "", anomalyDetail ?? ""]
    }

    /// Builds a record from named text fields (a JSON object or a CSV row). `place` ("line 3") is for errors.
    init(fields f: [String: String], at place: String) throws {
        func required(_ key: CodingKeys) throws -> String {
            guard let v = f[key.rawValue], !v.isEmpty else {
                throw FactStoreError.malformed("\(place): missing field \(key.rawValue)")
            }
            return v
        }
        func time(_ key: CodingKeys, _ text: String?) throws -> String? {
            guard let text, !text.isEmpty else { return nil }
            guard let date = FactTime.parse(text) else {
                throw FactStoreError.malformed("\(place): \(key.rawValue) '\(text)' is not an ISO 8601 time")
            }
            return FactTime.text(date)
        }
        fingerprint = try required(.fingerprint)
        kind = try required(.kind)
        guard AnomalyKind(rawValue: kind) != nil else {
            let known = AnomalyKind.allCases.map(\.rawValue).joined(separator: ", ")
            throw FactStoreError.malformed("\(place): kind '\(kind)' is not one of \(known)")
        }
        verdict = try required(.verdict)
        guard VerdictValue(rawValue: verdict) != nil else {
            let known = VerdictValue.allCases.map(\.rawValue).joined(separator: ", ")
            throw FactStoreError.malformed("\(place): verdict '\(verdict)' is not one of \(known)")
        }
        user = try required(.user)
        at = try time(.at, try required(.at)) ?? ""
        until = try time(.until, f["until"])
        subject = f["subject"] ?? fingerprint
        detector = f["detector"] ?? ""
        detectorVersion = f["detector_version"] ?? ""
        note = f["note"] ?? ""
        retracts = f["retracts"].flatMap { $0.isEmpty ? nil : $0 }
        anomalyID = f["anomaly_id"].flatMap { $0.isEmpty ? nil : $0 }
        anomalyScore = nil
        if let s = f["anomaly_score"], !s.isEmpty {
            guard let score = Double(s) else {
                throw FactStoreError.malformed("\(place): anomaly_score '\(s)' is not a number")
            }
            anomalyScore = score
        }
        anomalyStartedAt = try time(.anomalyStartedAt, f["anomaly_started_at"])
        anomalyDetail = f["anomaly_detail"].flatMap { $0.isEmpty ? nil : $0 }
        // Lines written by hand may lack a uuid: the natural key (fingerprint, verdict, user, at)
        // stands in, so importing the same file twice still adds nothing the second time.
        uuid = f["uuid"].flatMap { $0.isEmpty ? nil : $0 } ?? "k-" + StableDigest.hex([fingerprint, verdict, user, at])
    }

    init(row: VerdictRow, retractsUUID: String?, anomaly: AnomalyRow?) {
        uuid = row.uuid
        fingerprint = row.fingerprint
        kind = row.kind
        subject = row.subject
        verdict = row.verdict
        user = row.user
        at = row.at
        until = row.until
        detector = row.detector
        detectorVersion = row.detectorVersion
        note = row.note
        retracts = retractsUUID
        anomalyID = row.anomalyID
        anomalyScore = anomaly?.score
        anomalyStartedAt = anomaly?.startedAt
        anomalyDetail = anomaly?.detail
    }
}
