import Foundation
import VigilCore
import GRDB

/// Anomalies as raised and operators' verdicts on them, in one SQLite file (WAL mode).
///
/// Several Vigil processes may open the same store: writes wait for each other (busy timeout)
/// instead of failing, and a write is on disk when the call returns.
public final class FactStore: Sendable {
    let pool: DatabasePool
    /// Where the store lives.
    public let path: String
    /// Set when `open(directory:fresh: true)` had to move a bad file aside.
    public let movedAside: MovedAside?

    init(path: String, movedAside: MovedAside?) throws {
        self.pool = try Self.openPool(path: path)
        self.path = path
        self.movedAside = movedAside
    }

    /// How long a write waits for another process's write lock before failing with `.busy`
    /// (30 s from `open`). The dashboard waits a moment only: its verdicts queue instead.
    public func setBusyTimeout(_ seconds: Double) throws {
        let ms = seconds.isFinite ? Int(min(max(seconds, 0), 3600) * 1000) : 30_000
        try mapErrors { try pool.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA busy_timeout = \(ms)") } }
    }

    /// Records an anomaly; raising the same id again replaces it (score, detail may change).
    public func record(_ anomaly: AnomalyFact) throws {
        try write { db in try AnomalyRow(anomaly).insert(db, onConflict: .replace) }
    }

    /// Adds a verdict and returns it with its id and times as stored (milliseconds).
    /// Durable when it returns. A `retracted` verdict must name the verdict it cancels.
    @discardableResult
    public func add(_ verdict: Verdict) throws -> Verdict {
        try write { db in
            try Self.validate(verdict, db)
            var row = VerdictRow(verdict, uuid: UUID().uuidString.lowercased())
            try row.insert(db)
            return try row.fact()
        }
    }

    /// Undo: adds a `retracted` record pointing at the verdict, which stays in the history but
    /// is no longer in force. Retracting a verdict twice changes nothing.
    public func retract(verdictID: Int64, by user: String, at: Date) throws {
        try write { db in
            guard let target = try VerdictRow.fetchOne(db, key: verdictID) else {
                throw FactStoreError.noSuchVerdict(verdictID)
            }
            let done = try VerdictRow.filter(Column("retracts") == verdictID).fetchCount(db) > 0
            if done { return }
            var undo = try target.fact()
            undo.id = nil
            undo.value = .retracted
            undo.user = user
            undo.at = at
            undo.until = nil
            undo.note = ""
            undo.retracts = verdictID
            try Self.validate(undo, db)
            var row = VerdictRow(undo, uuid: UUID().uuidString.lowercased())
            try row.insert(db)
        }
    }

    /// Verdicts oldest first. Without `includeRetracted`, retracted verdicts and the retraction
    /// records themselves are left out.
    public func verdicts(includeRetracted: Bool = false) throws -> [Verdict] {
        try read { db in
            let sql = includeRetracted ? "SELECT * FROM verdict ORDER BY id" : """
                SELECT * FROM verdict WHERE verdict != 'retracted'
                AND id NOT IN (SELECT retracts FROM verdict WHERE retracts IS NOT NULL) ORDER BY id
                """
            return try VerdictRow.fetchAll(db, sql: sql).map { try $0.fact() }
        }
    }

    /// The verdict in force per fingerprint: the latest non-retracted one (a snooze only while
    /// `until > now`; when it has run out, the verdict before it is in force again).
    public func activeVerdicts(now: Date) throws -> [Fingerprint: Verdict] {
        var active: [Fingerprint: Verdict] = [:]
        for v in try verdicts() {
            if v.value == .snoozed, (v.until ?? .distantPast) <= now { continue }
            if let current = active[v.fingerprint], current.at > v.at { continue }
            active[v.fingerprint] = v  // ascending ids: a later id wins a tie on `at`
        }
        return active
    }

    /// The most recently started anomalies, newest first.
    public func anomalies(limit: Int = 1000) throws -> [AnomalyFact] {
        try read { db in
            try AnomalyRow.order(Column("started_at").desc, Column("id")).limit(max(0, limit))
                .fetchAll(db).map { try $0.fact() }
        }
    }

    static func validate(_ v: Verdict, _ db: Database) throws {
        if v.fingerprint.stored.isEmpty { throw FactStoreError.malformed("a verdict needs a fingerprint") }
        if v.value == .snoozed && v.until == nil {
            throw FactStoreError.malformed("a snooze needs an end time (until)")
        }
        guard v.value == .retracted else {
            if v.retracts != nil { throw FactStoreError.malformed("only a retraction names a verdict it retracts") }
            return
        }
        guard let target = v.retracts else {
            throw FactStoreError.malformed("a retraction must name the verdict it retracts")
        }
        guard let row = try VerdictRow.fetchOne(db, key: target) else { throw FactStoreError.noSuchVerdict(target) }
        if row.verdict == VerdictValue.retracted.rawValue {
            throw FactStoreError.malformed("verdict #\(target) is itself a retraction; add the verdict again instead")
        }
    }

    /// One IMMEDIATE transaction: takes the write lock up front, so two processes queue on the
    /// busy timeout instead of failing to upgrade a read lock.
    func write<T>(_ body: (Database) throws -> T) throws -> T {
        try mapErrors {
            try pool.writeWithoutTransaction { db in
                var result: T?
                try db.inTransaction(.immediate) {
                    result = try body(db)
                    return .commit
                }
                guard let result else { throw FactStoreError.io("transaction ended without a result") }
                return result
            }
        }
    }

    func read<T>(_ body: (Database) throws -> T) throws -> T {
        try mapErrors { try pool.read(body) }
    }

    private func mapErrors<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as DatabaseError {
            switch error.resultCode {
            case .SQLITE_CORRUPT, .SQLITE_NOTADB: throw FactStoreError.corrupt(path: path, movedTo: nil)
            case .SQLITE_BUSY, .SQLITE_LOCKED: throw FactStoreError.busy(path: path)
            default: throw FactStoreError.io("\(path): \(error.message ?? "\(error.resultCode)")")
            }
        }
    }
}
