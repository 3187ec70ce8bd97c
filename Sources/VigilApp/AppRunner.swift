import Foundation
import VigilCore
import VigilEngine
import VigilSources
import VigilTerminal

/// Pause and speed of whatever feeds the clock (the replay; later the refresh interval).
public protocol PlaybackControl: Sendable {
    var isPaused: Bool { get }
    var speed: Double { get }
    func setPaused(_ paused: Bool)
    func setSpeed(_ speed: Double)
}

extension SourceMessage {
    /// Whether the engine takes something from the message (data, not only the clock or health).
    var feedsEngine: Bool {
        switch self {
        case .metrics, .alerts, .logs, .scoredLogs, .remoteAnomalies, .fleet: return true
        case .clock, .health, .profile: return false
        }
    }
}

/// The replay is what the pause and speed keys steer (the live collector too: see the `vigil` executable).
extension ReplaySource: PlaybackControl {}

/// The app loop on the one UI thread: keys and source messages in, frames out. With an
/// `EngineHost` the engine runs on its own queue and the loop draws its snapshots; without one
/// (tests, benchmarks) the engine ingests on this thread.
public final class AppRunner {
    public private(set) var model: Model
    private let backend: TerminalBackend
    private let mailbox: Mailbox<SourceMessage>
    private let playback: PlaybackControl?
    private let shouldQuit: () -> Bool
    /// Where verdicts are kept. Detectors learn a verdict only once the store has it (see `Engine`).
    private let store: VerdictStore?
    private let host: EngineHost?
    /// The host snapshot drawn, and the verdict changes sent to the host (a snapshot that does
    /// not include the last one would bring back what the screen has already changed).
    private var snapshotVersion = 0
    private var changesSent = 0
    public private(set) var framesDrawn = 0

    public init(model: Model, backend: TerminalBackend, mailbox: Mailbox<SourceMessage>,
                playback: PlaybackControl?, store: VerdictStore? = nil, host: EngineHost? = nil,
                messagesPerTurn: Int = 32, shouldQuit: @escaping () -> Bool = { false }) {
        self.messagesPerTurn = max(1, messagesPerTurn)
        self.model = model
        self.backend = backend
        self.mailbox = mailbox
        self.playback = playback
        self.store = store
        self.host = host
        self.shouldQuit = shouldQuit
        self.model.engineHosted = host != nil
        if let p = playback { _ = update(&self.model, .playback(paused: p.isPaused, speed: p.speed)) }
        if let store {
            do {
                let verdicts = try store.activeVerdicts()
                _ = update(&self.model, .verdictsLoaded(verdicts))
                toHost { $0.load(verdicts) }
            } catch {
                self.model.message = "Cannot read verdicts: \(error)"
            }
            // Verdicts queued by an earlier run while the store was locked: written now if it is free.
            flushQueue()
        }
    }

    /// Source messages taken per turn of the loop, at most (32 by default).
    private let messagesPerTurn: Int

    /// When the store's queue was last tried.
    private var queueTried = Date.distantPast

    /// Writes the verdicts waiting in the store's queue (given while another process held its
    /// lock) and says what happened; the UI waits at most the store's short busy timeout.
    private func flushQueue() {
        guard let store else { return }
        queueTried = Date()
        guard store.queued().count > 0 else { return }
        let (saved, failed) = store.flushQueue()
        if !saved.isEmpty {
            _ = update(&model, .verdictsSaved(saved))
            toHost { $0.confirm(saved) }
        }
        if let first = failed.first { _ = update(&model, .verdictsFailed(failed.map(\.0), reason: first.1)) }
        // Said when something changed; a queue still waiting does not take over the message line.
        let left = store.queued()
        if left.count > 0 {
            if !saved.isEmpty || !failed.isEmpty {
                model.message = VerdictsQueued(saved: [], queued: left.count, file: left.file).description.capitalizedFirst
            }
        } else if !saved.isEmpty, failed.isEmpty {
            model.message = "\(saved.count) queued verdict\(saved.count == 1 ? "" : "s") saved to the fact store"
        }
    }

    /// Sends a verdict change to the engine host, numbered.
    private func toHost(_ change: @escaping @Sendable (inout Engine) -> Void) {
        guard let host else { return }
        changesSent += 1
        host.perform(sequence: changesSent, change)
    }

    /// Takes the host's newest snapshot when it includes every change sent; true when one was taken.
    private func takeSnapshot() -> Bool {
        guard let host, let snapshot = host.take(after: snapshotVersion), snapshot.applied >= changesSent else { return false }
        snapshotVersion = snapshot.version
        _ = update(&model, .engineSnapshot(snapshot.engine))
        return true
    }

    /// Runs until `q`, a quit signal, or `maxIterations` (tests).
    public func run(pollMs: Int = 100, maxIterations: Int = .max) {
        let s = backend.size
        _ = update(&model, .resize(width: s.width, height: s.height))
        var dirty = true
        var iterations = 0
        while !model.quitRequested, iterations < maxIterations {
            iterations += 1
            if shouldQuit() { _ = update(&model, .quit); break }
            if dirty { draw(); dirty = false }
            // Wait for a key; then take every other key already typed before drawing again.
            var event = backend.poll(timeoutMs: pollMs)
            while let e = event {
                dirty = true
                handle(e)
                if model.quitRequested { break }
                event = backend.poll(timeoutMs: 0)
            }
            // A bounded share per turn, so keys and signals are answered between large batches
            // (a 100k-series recording at 600× once left `q` unanswered for minutes).
            let messages = mailbox.drain(max: messagesPerTurn)
            // New data: let the engine catch up (briefly) so the frame shows it with its clock.
            if let host, messages.contains(where: \.feedsEngine) { host.settle(timeout: .milliseconds(50)) }
            if takeSnapshot() { dirty = true }
            if !messages.isEmpty {
                dirty = true
                for m in messages { _ = update(&model, .source(m)) }
            }
            // Verdicts queued behind another process's lock: tried again every 2 s.
            if store != nil, Date().timeIntervalSince(queueTried) >= 2 {
                let before = model.message
                flushQueue()
                if model.message != before { dirty = true }
            }
            // Live, the header's clock and the data's age follow the wall clock, once a second,
            // so a source that stopped answering shows its growing age and turns STALE on time.
            if case .live = model.config.mode {
                let second = Date(timeIntervalSince1970: Date().timeIntervalSince1970.rounded(.down))
                if model.wallClock != second {
                    _ = update(&model, .tick(second))
                    dirty = true
                }
            }
        }
    }

    private func handle(_ event: TerminalEvent) {
        let effects: [Effect]
        switch event {
        case .resize(let w, let h): effects = update(&model, .resize(width: w, height: h))
        case .key(let k): effects = update(&model, .key(k))
        }
        for effect in effects {
            switch effect {
            case .setPaused(let p):
                playback?.setPaused(p)
                _ = update(&model, .playback(paused: playback?.isPaused ?? p, speed: playback?.speed ?? model.speed))
            case .setSpeed(let s):
                // The playback keeps its own limits (a replay 0.25×–4096×, live the refresh floor).
                guard let playback else { break }
                let before = playback.speed
                playback.setSpeed(s)
                _ = update(&model, .playback(paused: model.paused, speed: playback.speed))
                if playback.speed == before { model.message = Self.speedLimitMessage(model) }
            case .redrawAll:
                backend.invalidate()
            case .quit:
                break
            case .saveVerdicts(let verdicts):
                guard let store else { model.message = "Verdicts are not kept: no fact store"; break }
                do {
                    let saved = try store.save(verdicts)
                    _ = update(&model, .verdictsSaved(saved))
                    toHost { $0.confirm(saved) }
                } catch let queued as VerdictsQueued {
                    // Not lost and in force on screen; written when the lock is free (see flushQueue).
                    if !queued.saved.isEmpty {
                        _ = update(&model, .verdictsSaved(queued.saved))
                        toHost { $0.confirm(queued.saved) }
                    }
                    model.message = queued.description.capitalizedFirst
                    queueTried = Date()
                } catch {
                    _ = update(&model, .verdictsFailed(verdicts, reason: "\(error)"))
                }
            case .retractVerdicts(let verdicts, let restored):
                guard let store else { break }
                do {
                    try store.retract(verdicts)
                    _ = update(&model, .verdictsRetracted(verdicts, restored: restored))
                    toHost { $0.retract(verdicts, restored: restored) }
                } catch {
                    model.message = "Undo NOT saved: \(error)"
                }
            }
        }
    }

    /// Verdicts still queued (the store stayed locked until the end), and where.
    public var queuedVerdicts: (count: Int, file: String) { store?.queued() ?? (0, "") }

    /// What `+`/`-` say when the playback did not change: it is at a limit.
    static func speedLimitMessage(_ model: Model) -> String {
        if case .live = model.config.mode {
            return "Refresh stays every \(Format.duration(1 / model.speed)): its limit (1 s on loopback, 30 s for a remote host, at most 1 h)"
        }
        return "Replay speed stays at its limit (0.25× to 4096×)"
    }

    private func draw() {
        refreshDerived(&model)
        let s = backend.size
        if s.width != model.size.width || s.height != model.size.height {
            _ = update(&model, .resize(width: s.width, height: s.height))
        }
        backend.draw(view(model, width: s.width, height: s.height))
        framesDrawn += 1
    }
}

extension String {
    /// The first letter in upper case ("the store…" → "The store…").
    var capitalizedFirst: String { prefix(1).uppercased() + dropFirst() }
}
