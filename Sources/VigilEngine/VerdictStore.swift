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
}
