import Foundation
import Testing
import VigilCore
import VigilEngine
@testable import VigilFacts
@testable import VigilRuntime

/// Issue 21, hang 2: while another process holds the store's write lock (a large import), `f`
/// froze the UI for 30 s and then lost the verdict. Now the dashboard waits 0.1 s at most: the
/// verdict goes to a durable queue beside the store, and is written, in order, when the lock is free.
@Suite(.timeLimit(.minutes(1))) struct VerdictQueueTests {
    static func verdict(_ n: Int, _ value: VerdictValue = .falsePositive) -> Verdict {
        Verdict(anomalyID: "log|t\(n)|1", fingerprint: .log(template: "template \(n) <*>"), kind: .log, subject: "template \(n) <*>",
                value: value, at: Date(timeIntervalSince1970: 1_764_316_800 + Double(n)), score: 0.9, detail: "line \(n)")
    }

    /// Holds the store's write lock from another connection until `release` is signalled.
    final class Holder: @unchecked Sendable {
        let held = DispatchSemaphore(value: 0), release = DispatchSemaphore(value: 0), done = DispatchSemaphore(value: 0)
        init(_ store: FactStore) {
            Thread { [self] in
                _ = try? store.write { _ in self.held.signal(); self.release.wait() }
                self.done.signal()
            }.start()
            held.wait()
        }
        func free() { release.signal(); done.wait() }
    }

    @Test func aLockedStoreQueuesVerdictsDurablyAndWritesThemInOrderLater() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-queue-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = try FactStore.open(directory: dir)
        try store.setBusyTimeout(0.1)
        let verdicts = FactVerdictStore(store: store)
        let holder = Holder(try FactStore.open(directory: dir))

        let started = Date()
        #expect(throws: VerdictsQueued.self) { try verdicts.save([Self.verdict(1)]) }
        #expect(Date().timeIntervalSince(started) < 20)   // not the 30 s busy timeout (no timing is asserted tighter)
        #expect(throws: VerdictsQueued.self) { try verdicts.save([Self.verdict(2), Self.verdict(3, .correct)]) }
        #expect(verdicts.queued().count == 3)
        // Durable: a store opened anew (the next start) sees the same queue.
        #expect(FactVerdictStore(store: try FactStore.open(directory: dir)).queued().count == 3)
        // Undo of a queued verdict takes it out of the queue; nothing to retract in the store.
        try verdicts.retract([Self.verdict(2)])
        #expect(verdicts.queued().count == 2)
        // Still locked: nothing written, nothing lost.
        #expect(verdicts.flushQueue().saved.isEmpty && verdicts.queued().count == 2)

        holder.free()
        let (saved, failed) = verdicts.flushQueue()
        #expect(failed.isEmpty)
        #expect(saved.map(\.fingerprint) == [Self.verdict(1).fingerprint, Self.verdict(3).fingerprint])
        #expect(saved.allSatisfy { $0.id != nil })
        #expect(verdicts.queued().count == 0)
        #expect(!FileManager.default.fileExists(atPath: verdicts.queueFile.path))
        let active = try verdicts.activeVerdicts()
        #expect(Set(active.map(\.fingerprint)) == [Self.verdict(1).fingerprint, Self.verdict(3).fingerprint])
        #expect(active.first { $0.fingerprint == Self.verdict(3).fingerprint }?.value == .correct)
        // Free again: a save writes at once.
        #expect(try verdicts.save([Self.verdict(4)]).first?.id != nil)
    }
}
