import Foundation
import Logging
import Synchronization
import VigilCore
import VigilEngine

/// Keeps the engine's verdicts equal to the fact store's: what another process saved is learned,
/// what it took back is unlearned. `vigil serve` polls it, so verdicts given in a dashboard on the
/// same state folder take effect in the service.
public final class VerdictSync: Sendable {
    let store: FactVerdictStore
    let host: EngineHost
    let logger: Logger
    private let known = Mutex<[Int64: Verdict]>([:])
    private let sequence = Mutex(0)

    public init(store: FactVerdictStore, host: EngineHost, logger: Logger) {
        self.store = store; self.host = host; self.logger = logger
    }

    public func poll() throws {
        let active = try store.activeVerdicts()
        let (added, removed) = known.withLock { known -> ([Verdict], [Verdict]) in
            var now: [Int64: Verdict] = [:]
            for v in active { if let id = v.id { now[id] = v } }
            let added = active.filter { v in v.id.map { known[$0] == nil } ?? false }
            let removed = known.filter { now[$0.key] == nil }.map(\.value)
            known = now
            return (added, removed)
        }
        guard !added.isEmpty || !removed.isEmpty else { return }
        let n = sequence.withLock { $0 += 1; return $0 }
        // A verdict that replaced another arrives as the old one taken back and the new one added.
        host.perform(sequence: n) { engine in
            if !removed.isEmpty { engine.retract(removed, restored: []) }
            if !added.isEmpty { engine.load(added) }
        }
        logger.info("verdicts from the fact store: \(added.count) new, \(removed.count) taken back")
    }
}
