import Foundation
import VigilCore

/// Where verdicts are kept: the fact store in the product, a fake in tests. Calls are synchronous
/// and durable when they return, so a verdict the engine learns from is on disk.
public protocol VerdictStore: AnyObject, Sendable {
    /// The latest verdict per fingerprint, snoozes included whatever their end (the caller checks it).
    func activeVerdicts() throws -> [Verdict]
    /// Stores verdicts; returns them with their store ids.
    func save(_ verdicts: [Verdict]) throws -> [Verdict]
    /// Retracts stored verdicts (undo); the ones they replaced are in force again.
    func retract(_ verdicts: [Verdict]) throws
    /// How many verdicts wait in the store's durable queue (given while another process held the
    /// store's lock), and where; 0 for a store without one.
    func queued() -> (count: Int, file: String)
    /// Writes the queued verdicts, oldest first, until the store is busy again; returns those
    /// written (with their ids) and those the store refused, with why.
    func flushQueue() -> (saved: [Verdict], failed: [(Verdict, String)])
}

extension VerdictStore {
    public func queued() -> (count: Int, file: String) { (0, "") }
    public func flushQueue() -> (saved: [Verdict], failed: [(Verdict, String)]) { ([], []) }
}

/// `save` could not write every verdict at once: another process holds the store's write lock.
/// Those not written wait in a durable queue (`flushQueue` writes them); `saved` were written.
public struct VerdictsQueued: Error, CustomStringConvertible, Sendable {
    public var saved: [Verdict]
    public var queued: Int
    public var file: String
    public init(saved: [Verdict], queued: Int, file: String) { self.saved = saved; self.queued = queued; self.file = file }
    public var description: String {
        "the fact store is locked by another process: \(queued) verdict\(queued == 1 ? "" : "s") queued in \(file), saved when it is free"
    }
}
