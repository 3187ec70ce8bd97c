import Foundation
import VigilCore
import GRDB

/// The `anomaly` table's row: an `AnomalyFact` with its time as store text.
struct AnomalyRow: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "anomaly"
    var id: String
    var kind: String
    var fingerprint: String
    var subject: String
    var detector: String
    var detectorVersion: String
    var score: Double
    var startedAt: String
    var detail: String

    enum CodingKeys: String, CodingKey {
        case id, kind, fingerprint, subject, detector, score, detail
        case detectorVersion = "detector_version", startedAt = "started_at"
    }

    init(_ a: AnomalyFact) {
        id = a.id
        kind = a.kind.rawValue
        fingerprint = a.fingerprint.stored
        subject = a.subject
        detector = a.detector
        detectorVersion = a.detectorVersion
        score = a.score
        startedAt = FactTime.text(a.startedAt)
        detail = a.detail
    }

    func fact() throws -> AnomalyFact {
        AnomalyFact(id: id, kind: try decodeKind(kind), fingerprint: Fingerprint(stored: fingerprint), subject: subject,
                    detector: detector, detectorVersion: detectorVersion, score: score,
                    startedAt: try decodeTime(startedAt, "started_at"), detail: detail)
    }
}

/// The `verdict` table's row: a `Verdict` plus the uuid that export and import key on.
struct VerdictRow: Codable, FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "verdict"
    var id: Int64?
    var uuid: String
    var anomalyID: String?
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
    var retracts: Int64?

    enum CodingKeys: String, CodingKey {
        case id, uuid, fingerprint, kind, subject, verdict, user, at, until, detector, note, retracts
        case anomalyID = "anomaly_id", detectorVersion = "detector_version"
    }

    init(_ v: Verdict, uuid: String) {
        id = nil
        self.uuid = uuid
        anomalyID = v.anomalyID
        fingerprint = v.fingerprint.stored
        kind = v.kind.rawValue
        subject = v.subject
        verdict = v.value.rawValue
        user = v.user
        at = FactTime.text(v.at)
        until = v.until.map(FactTime.text)
        detector = v.detector
        detectorVersion = v.detectorVersion
        note = v.note
        retracts = v.retracts
    }

    mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }

    func fact() throws -> Verdict {
        guard let value = VerdictValue(rawValue: verdict) else {
            throw FactStoreError.malformed("verdict #\(id ?? 0) in the store has an unknown verdict '\(verdict)'")
        }
        return Verdict(id: id, anomalyID: anomalyID, fingerprint: Fingerprint(stored: fingerprint), kind: try decodeKind(kind),
                           subject: subject, value: value, user: user, at: try decodeTime(at, "at"),
                           until: try until.map { try decodeTime($0, "until") }, detector: detector,
                           detectorVersion: detectorVersion, note: note, retracts: retracts)
    }
}

private func decodeKind(_ text: String) throws -> AnomalyKind {
    guard let kind = AnomalyKind(rawValue: text) else {
        throw FactStoreError.malformed("the store holds an unknown anomaly kind '\(text)'")
    }
    return kind
}

private func decodeTime(_ text: String, _ column: String) throws -> Date {
    guard let date = FactTime.parse(text) else {
        throw FactStoreError.malformed("the store holds a bad time '\(text)' in column \(column)")
    }
    return date
}
