import Foundation
import VigilCore

/// Why the fact store could not be used, in words an operator can act on.
public enum FactStoreError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The file is not a readable SQLite database. `movedTo` is set when `fresh` moved it aside.
    case corrupt(path: String, movedTo: String?)
    /// A newer Vigil migrated the file; this one must not write to it.
    case newerSchema(path: String, found: Int, supported: Int)
    /// The folder or file could not be created, read or written.
    case io(String)
    /// Bad input: an import line, or a verdict the store cannot accept.
    case malformed(String)
    /// `retract` named a verdict that is not in the store.
    case noSuchVerdict(Int64)
    /// Another process holds the store's write lock longer than the busy timeout.
    case busy(path: String)
    /// A SQLite file that is not a Vigil fact store (another program's tables).
    case foreign(path: String, tables: [String])

    public var description: String {
        switch self {
        case .corrupt(let path, nil):
            return "the fact store \(path) is not a valid SQLite database; it was left untouched "
                + "(--fresh-store moves it aside and starts a new store)"
        case .corrupt(let path, let movedTo?):
            return "the fact store \(path) was not a valid SQLite database; it was moved aside "
                + "untouched to \(movedTo) and a new store was started"
        case .newerSchema(let path, let found, let supported):
            return "the fact store \(path) has schema version \(found), newer than this Vigil "
                + "supports (\(supported)); it was left untouched (use a newer Vigil, or "
                + "--fresh-store to move it aside and start a new store)"
        case .io(let message):
            return "fact store: \(message)"
        case .malformed(let message):
            return message
        case .noSuchVerdict(let id):
            return "no verdict #\(id) in the fact store"
        case .foreign(let path, let tables):
            let shown = tables.prefix(5).joined(separator: ", ") + (tables.count > 5 ? ", …" : "")
            return "\(path) is not a Vigil fact store (another program's SQLite database, with tables \(shown)); it was left "
                + "untouched (--fresh-store moves it aside and starts a new store)"
        case .busy(let path):
            return "the fact store \(path) is locked by another process (an import?)"
        }
    }
}
