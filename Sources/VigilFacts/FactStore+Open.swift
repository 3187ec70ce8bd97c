import Foundation
import VigilCore
import GRDB

/// Opening a store: refuse a corrupt or newer file without touching it; move it aside on request.
extension FactStore {
    public static let fileName = "facts.sqlite"
    private static let sqliteMagic = Array("SQLite format 3\0".utf8)

    /// `$XDG_STATE_HOME/vigil`, or `~/.local/state/vigil` when it is unset or not absolute
    /// (as the XDG Base Directory spec asks).
    public static func defaultDirectory(environment: [String: String] = ProcessInfo.processInfo.environment) -> URL {
        if let state = environment["XDG_STATE_HOME"], state.hasPrefix("/") {
            return URL(fileURLWithPath: state).appendingPathComponent("vigil")
        }
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? FileManager.default.homeDirectoryForCurrentUser.path
        return URL(fileURLWithPath: home).appendingPathComponent(".local/state/vigil")
    }

    /// Opens or creates DIR/facts.sqlite (creating DIR). On a corrupt or newer-schema file: throws;
    /// with `fresh: true`, moves the bad file aside (facts.sqlite.corrupt-<time> or
    /// facts.sqlite.newer-<time>, with its -wal and -shm) untouched and starts a new store;
    /// `movedAside` then says where it went.
    public static func open(directory: URL, fresh: Bool = false) throws -> FactStore {
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw FactStoreError.io("cannot create \(directory.path): \(error.localizedDescription)")
        }
        let path = directory.appendingPathComponent(fileName).path
        do {
            return try FactStore(path: path, movedAside: nil)
        } catch let error as FactStoreError where fresh {
            let reason: String
            switch error {
            case .corrupt: reason = "corrupt"
            case .newerSchema: reason = "newer"
            case .foreign: reason = "foreign"
            default: throw error
            }
            let moved = try moveAside(path, reason: reason)
            let because: FactStoreError
            switch error {
            case .newerSchema, .foreign: because = error
            default: because = .corrupt(path: path, movedTo: moved)
            }
            return try FactStore(path: path, movedAside: MovedAside(reason: because, movedTo: moved))
        }
    }

    /// Opens the pool after checking the file, then migrates it.
    static func openPool(path: String) throws -> DatabasePool {
        try checkHeader(path)
        try checkReadOnly(path)
        var config = Configuration()
        // Another Vigil may hold the write lock for a moment: wait rather than fail.
        config.busyMode = .timeout(30)
        config.maximumReaderCount = 2
        config.label = "VigilFacts"
        // A verdict the UI confirmed must survive power loss too, not only a killed process.
        config.prepareDatabase { db in try db.execute(sql: "PRAGMA synchronous = FULL") }
        // Two processes creating the store at once: switching a new file to WAL takes a lock that
        // SQLite reports as busy at once, whatever the busy timeout. Try again for a while.
        var attempt = 0
        while true {
            do {
                let pool = try DatabasePool(path: path, configuration: config)
                do {
                    try check(pool, path: path)
                    try migrate(pool)
                    return pool
                } catch {
                    try? pool.close()
                    throw error
                }
            } catch let error as DatabaseError
                where (error.resultCode == .SQLITE_BUSY || error.resultCode == .SQLITE_LOCKED) && attempt < 200 {
                attempt += 1
                usleep(50_000)
            } catch let error as DatabaseError {
                throw translate(error, path: path)
            }
        }
    }

    /// A non-empty file that does not start with SQLite's magic is refused before SQLite opens
    /// it, so not even a -wal or -shm appears beside it. A file that is not there is no problem:
    /// SQLite creates it (and another Vigil may create it between this check and that open).
    private static func checkHeader(_ path: String) throws {
        let fd = Foundation.open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            let code = errno
            if code == ENOENT { return }
            throw FactStoreError.io("cannot read \(path): \(String(cString: strerror(code)))")
        }
        let handle = FileHandle(fileDescriptor: fd, closeOnDealloc: true)
        defer { try? handle.close() }
        let head = (try? handle.read(upToCount: sqliteMagic.count)) ?? Data()
        if !head.isEmpty && Array(head) != sqliteMagic {
            throw FactStoreError.corrupt(path: path, movedTo: nil)
        }
    }

    /// Before anything can write to an existing file (opening the pool switches it to WAL, which
    /// rewrites its header and creates -wal and -shm): a store from a newer Vigil, or another
    /// program's SQLite file that happens to be called facts.sqlite, is refused, read-only.
    private static func checkReadOnly(_ path: String) throws {
        var info = stat()
        guard stat(path, &info) == 0, info.st_size > 0 else { return }
        var config = Configuration()
        config.readonly = true
        config.busyMode = .timeout(30)
        let queue: DatabaseQueue
        do { queue = try DatabaseQueue(path: path, configuration: config) } catch let error as DatabaseError {
            throw translate(error, path: path)
        }
        defer { try? queue.close() }
        do {
            try queue.read { db in
                let userVersion = try Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0
                let supported = FactStoreSchema.version
                if userVersion > supported { throw FactStoreError.newerSchema(path: path, found: userVersion, supported: supported) }
                let tables = try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
                if !tables.isEmpty, !tables.contains("grdb_migrations") {
                    throw FactStoreError.foreign(path: path, tables: tables)
                }
                if tables.contains("grdb_migrations"), try FactStoreSchema.migrator.hasBeenSuperseded(db) {
                    let applied = try FactStoreSchema.migrator.appliedIdentifiers(db).count
                    throw FactStoreError.newerSchema(path: path, found: max(applied, supported + 1), supported: supported)
                }
            }
        } catch let error as DatabaseError {
            throw translate(error, path: path)
        }
    }

    private static func check(_ pool: DatabasePool, path: String) throws {
        try pool.read { db in
            let problems = try String.fetchAll(db, sql: "PRAGMA quick_check")
            if problems != ["ok"] { throw FactStoreError.corrupt(path: path, movedTo: nil) }
            let userVersion = try Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0
            let migrator = FactStoreSchema.migrator
            let supported = FactStoreSchema.version
            if userVersion > supported {
                throw FactStoreError.newerSchema(path: path, found: userVersion, supported: supported)
            }
            if try migrator.hasBeenSuperseded(db) {
                let applied = try migrator.appliedIdentifiers(db).count
                throw FactStoreError.newerSchema(path: path, found: max(applied, supported + 1), supported: supported)
            }
        }
    }

    /// GRDB reads which migrations are applied before it takes the write lock, so two Vigils
    /// creating one store at once can both try the first migration; the loser's transaction
    /// rolls back, and it finds the winner's schema in place.
    private static func migrate(_ pool: DatabasePool) throws {
        let migrator = FactStoreSchema.migrator
        do {
            try migrator.migrate(pool)
        } catch {
            if try pool.read(migrator.hasCompletedMigrations) { return }
            throw error
        }
    }

    private static func translate(_ error: DatabaseError, path: String) -> FactStoreError {
        switch error.resultCode {
        case .SQLITE_CORRUPT, .SQLITE_NOTADB:
            return .corrupt(path: path, movedTo: nil)
        default:
            return .io("\(path): \(error.message ?? "\(error.resultCode)")")
        }
    }

    /// Renames the file and its -wal/-shm companions, unchanged; returns the new path.
    private static func moveAside(_ path: String, reason: String) throws -> String {
        let target = "\(path).\(reason)-\(FactTime.fileStamp(Date()))"
        let fm = FileManager.default
        for suffix in ["", "-wal", "-shm"] where fm.fileExists(atPath: path + suffix) {
            do {
                try fm.moveItem(atPath: path + suffix, toPath: target + suffix)
            } catch {
                throw FactStoreError.io("cannot move \(path + suffix) aside: \(error.localizedDescription)")
            }
        }
        return target
    }
}

/// A bad store file that `open(directory:fresh: true)` moved aside before starting a new one.
public struct MovedAside: Sendable, Equatable, CustomStringConvertible {
    /// Why: `.corrupt` (with `movedTo` set) or `.newerSchema`.
    public let reason: FactStoreError
    public let movedTo: String

    public var description: String {
        switch reason {
        case .newerSchema(let path, let found, _):
            return "the fact store \(path) had schema version \(found), newer than this Vigil; it was "
                + "moved aside untouched to \(movedTo) and a new store was started"
        case .foreign(let path, _):
            return "\(path) was another program's SQLite database, not a Vigil fact store; it was moved aside untouched to "
                + "\(movedTo) and a new store was started"
        default:
            return reason.description
        }
    }
}
