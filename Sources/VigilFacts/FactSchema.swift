import GRDB

/// The store's schema, built by migrations from the first version on.
///
/// Each migration also sets `PRAGMA user_version` to its number, so a file written by a newer
/// Vigil is recognised (by that number, or by migration names this Vigil does not know) and
/// refused before anything writes to it.
public enum FactStoreSchema {
    /// The newest schema this build reads and writes.
    public static let version = 1

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1 anomalies and verdicts") { db in
            try db.execute(sql: """
                CREATE TABLE anomaly (
                    id TEXT PRIMARY KEY NOT NULL,
                    kind TEXT NOT NULL,
                    fingerprint TEXT NOT NULL,
                    subject TEXT NOT NULL,
                    detector TEXT NOT NULL,
                    detector_version TEXT NOT NULL,
                    score REAL NOT NULL,
                    started_at TEXT NOT NULL,
                    detail TEXT NOT NULL
                );
                CREATE INDEX anomaly_by_start ON anomaly(started_at);
                CREATE INDEX anomaly_by_fingerprint ON anomaly(fingerprint);
                -- No foreign key to anomaly: a verdict may outlive its anomaly, and imported
                -- feedback (the reference's predict_id) names anomalies this store never saw.
                CREATE TABLE verdict (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    uuid TEXT NOT NULL UNIQUE,
                    anomaly_id TEXT,
                    fingerprint TEXT NOT NULL,
                    kind TEXT NOT NULL,
                    subject TEXT NOT NULL,
                    verdict TEXT NOT NULL,
                    user TEXT NOT NULL,
                    at TEXT NOT NULL,
                    until TEXT,
                    detector TEXT NOT NULL,
                    detector_version TEXT NOT NULL,
                    note TEXT NOT NULL,
                    retracts INTEGER REFERENCES verdict(id)
                );
                CREATE INDEX verdict_by_fingerprint ON verdict(fingerprint, at);
                CREATE INDEX verdict_by_retracts ON verdict(retracts);
                PRAGMA user_version = 1;
                """)
        }
        return migrator
    }
}
