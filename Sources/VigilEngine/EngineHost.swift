import Dispatch
import Foundation
import Synchronization
import VigilCore

/// Runs an `Engine` on a serial queue of its own, off the UI thread: sources send it messages
/// (every detector, metric and log, runs there), front ends send it verdict changes, and a front
/// end takes immutable copies of it (snapshots) to draw. A snapshot is made only when one was
/// asked for and the engine changed since the last, so an engine that ingests hundreds of batches
/// between two frames is copied once.
///
/// ```swift
/// let host = EngineHost(engine: Engine(logs: pipeline), scored: { mailbox.send(.scoredLogs($0)) })
/// let sink = host.intake(alsoTo: mailbox.send)     // what sources send to, from any thread
/// if let s = host.take(after: seen) { draw(s.engine); seen = s.version }
/// ```
public final class EngineHost: Sendable {
    /// An engine as it stood after every change up to `applied` (see `perform`).
    public struct Snapshot: Sendable {
        public let engine: Engine
        /// Grows by one for each snapshot made.
        public let version: Int
        /// The highest `perform` sequence number the snapshot includes.
        public let applied: Int
    }

    private struct State {
        var engine: Engine
        var changed = true
        var applied = 0
    }

    private let queue = DispatchQueue(label: "vigil.engine", qos: .userInitiated)
    /// Touched only on `queue`; the mutex makes the class `Sendable` and costs nothing uncontended.
    private let state: Mutex<State>
    private let published = Mutex<(snapshot: Snapshot?, requested: Bool)>((nil, false))
    private let scored: @Sendable ([ScoredLogLine]) -> Void
    private let ingestSeconds = Mutex<Double?>(nil)

    /// Seconds the engine spent on the latest metric batch (every detector of every series in it).
    public var lastIngestSeconds: Double? { ingestSeconds.withLock { $0 } }

    /// Messages sent but not yet ingested, at most (`backlog`); nil: no bound.
    private let pending: DispatchSemaphore?

    /// `scored` receives every batch of log lines as the log detector scored it, on the engine's
    /// queue (a front end that lists lines, such as the Logs screen). With a `backlog`, `send`
    /// waits while that many messages are still to be ingested: a source faster than the
    /// detectors (a replay at maximum speed) is slowed to their pace instead of queueing without
    /// end (`vigil serve` grew past 1 GB in a minute without it).
    public init(engine: Engine, backlog: Int? = nil, scored: @escaping @Sendable ([ScoredLogLine]) -> Void = { _ in }) {
        state = Mutex(State(engine: engine))
        self.scored = scored
        pending = backlog.map { DispatchSemaphore(value: max(1, $0)) }
    }

    /// Ingests a message on the engine's queue, in the order sent (waiting first while the
    /// backlog is full, when there is one). Never call it from the engine's queue.
    public func send(_ message: SourceMessage) {
        pending?.wait()
        queue.async { [self] in
            defer { pending?.signal() }
            let began = ContinuousClock.now
            let lines = state.withLock { s in
                s.changed = true
                return s.engine.ingest(message).scored
            }
            if case .metrics = message {
                let took = ContinuousClock.now - began
                ingestSeconds.withLock { $0 = Double(took.components.seconds) + Double(took.components.attoseconds) * 1e-18 }
            }
            // Only what the engine scored itself: a `.scoredLogs` message reaches the front end
            // through `intake` already.
            guard case .logs = message else { return }
            if !lines.isEmpty { scored(lines) }
        }
    }

    /// What sources send to: every message to the engine, and all but raw log lines also to
    /// `observer` at once (a front end's mailbox: the clock and health do not wait behind a large
    /// batch); log lines reach the front end scored, through `scored`.
    public func intake(alsoTo observer: @escaping @Sendable (SourceMessage) -> Void) -> @Sendable (SourceMessage) -> Void {
        { [self] message in
            send(message)
            if case .logs = message { return }
            observer(message)
        }
    }

    /// Changes the engine on its queue (verdicts: load, confirm, retract). `sequence` is the
    /// caller's count of changes sent: a snapshot says up to which one it includes.
    public func perform(sequence: Int, _ change: @escaping @Sendable (inout Engine) -> Void) {
        queue.async { [self] in
            state.withLock { s in
                change(&s.engine)
                s.applied = max(s.applied, sequence)
                s.changed = true
            }
        }
    }

    /// The newest snapshot if it is newer than `version`; asks for the next one either way (it is
    /// made on the engine's queue once the work already sent is done).
    public func take(after version: Int) -> Snapshot? {
        let (latest, ask) = published.withLock { p -> (Snapshot?, Bool) in
            let ask = !p.requested
            p.requested = true
            return (p.snapshot, ask)
        }
        if ask { queue.async { [self] in publish() } }
        guard let latest, latest.version > version else { return nil }
        return latest
    }

    /// Makes a snapshot once the work sent so far is done, waiting at most `timeout` for it: a
    /// front end that just received data draws it in the same frame, and never waits long on a
    /// large batch (it then draws what it has and takes the snapshot on a later frame).
    public func settle(timeout: DispatchTimeInterval) {
        let done = DispatchSemaphore(value: 0)
        queue.async { [self] in
            publish()
            done.signal()
        }
        _ = done.wait(timeout: .now() + timeout)
    }

    /// Returns once every message and change sent so far has been applied.
    public func drain() {
        queue.sync {}
    }

    /// The engine as it is now, on its queue (tests, and front ends without a frame loop).
    public func current() -> Engine {
        queue.sync { state.withLock { $0.engine } }
    }

    private func publish() {
        let made: Snapshot? = state.withLock { s in
            guard s.changed else { return nil }
            s.changed = false
            return Snapshot(engine: s.engine, version: 0, applied: s.applied)
        }
        published.withLock { p in
            p.requested = false
            if let made {
                p.snapshot = Snapshot(engine: made.engine, version: (p.snapshot?.version ?? 0) + 1, applied: made.applied)
            }
        }
    }
}
