import Foundation
import GRDB

/// The fact store: anomalies and verdicts in SQLite (placeholder until the store lands).
public enum FactStoreSchema {
    public static let version = 1
}
