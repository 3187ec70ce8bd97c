import Foundation
import VigilCore
import GRDB

/// Export and import of feedback (format: docs/feedback-format.md).
extension FactStore {
    /// Every verdict, oldest first, one line each, joined with its anomaly when the store has it.
    public func export(format: ExportFormat) throws -> String {
        let records: [FeedbackRecord] = try read { db in
            let rows = try VerdictRow.fetchAll(db, sql: "SELECT * FROM verdict ORDER BY id")
            let uuids = Dictionary(rows.compactMap { row in row.id.map { ($0, row.uuid) } }, uniquingKeysWith: { a, _ in a })
            let anomalyIDs = Set(rows.compactMap(\.anomalyID))
            let anomalies = try AnomalyRow.filter(keys: anomalyIDs).fetchAll(db)
            let byID = Dictionary(anomalies.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
            return rows.map { row in
                FeedbackRecord(row: row, retractsUUID: row.retracts.flatMap { uuids[$0] },
                               anomaly: row.anomalyID.flatMap { byID[$0] })
            }
        }
        switch format {
        case .jsonl:
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            return try records.map { record in
                String(decoding: try encoder.encode(record), as: UTF8.self) + "\n"
            }.joined()
        case .csv:
            return ([FeedbackRecord.columns] + records.map(\.csvFields)).map { CSV.line($0) + "\n" }.joined()
        }
    }

    /// Adds the verdicts of an export (or of the reference store) that are not here yet.
    /// Idempotent: a verdict already present (same uuid) is skipped. All or nothing: the first
    /// malformed line is reported with its line number and nothing is added.
    public func importFeedback(_ text: String, format: ExportFormat?) throws -> ImportSummary {
        let records = try FeedbackParser.records(text, format: format, now: Date())
        return try write { db in
            var summary = ImportSummary(added: 0, skipped: 0)
            for (place, record) in records {
                if try VerdictRow.filter(Column("uuid") == record.uuid).fetchCount(db) > 0 {
                    summary.skipped += 1
                    continue
                }
                do {
                    try Self.insert(record, db)
                } catch FactStoreError.malformed(let message) {
                    throw FactStoreError.malformed("\(place): \(message)")
                }
                summary.added += 1
            }
            return summary
        }
    }

    private static func insert(_ r: FeedbackRecord, _ db: Database) throws {
        var retractsID: Int64?
        if let target = r.retracts {
            guard let row = try VerdictRow.filter(Column("uuid") == target).fetchOne(db), let id = row.id else {
                throw FactStoreError.malformed("retracts a verdict (\(target)) that is neither earlier in the file nor in the store")
            }
            retractsID = id
        }
        // FeedbackRecord(fields:) checked kind, verdict and times.
        guard let kind = AnomalyKind(rawValue: r.kind), let value = VerdictValue(rawValue: r.verdict),
              let at = FactTime.parse(r.at) else {
            throw FactStoreError.malformed("bad kind, verdict or time")
        }
        let fact = Verdict(anomalyID: r.anomalyID, fingerprint: Fingerprint(stored: r.fingerprint), kind: kind, subject: r.subject,
                               value: value, user: r.user, at: at, until: r.until.flatMap(FactTime.parse),
                               detector: r.detector, detectorVersion: r.detectorVersion, note: r.note,
                               retracts: retractsID)
        try validate(fact, db)
        if let anomalyID = r.anomalyID, let started = r.anomalyStartedAt.flatMap(FactTime.parse) {
            let anomaly = AnomalyFact(id: anomalyID, kind: kind, fingerprint: Fingerprint(stored: r.fingerprint), subject: r.subject,
                                      detector: r.detector, detectorVersion: r.detectorVersion,
                                      score: r.anomalyScore ?? 0, startedAt: started, detail: r.anomalyDetail ?? "")
            try AnomalyRow(anomaly).insert(db, onConflict: .ignore)
        }
        var row = VerdictRow(fact, uuid: r.uuid)
        try row.insert(db)
    }
}
