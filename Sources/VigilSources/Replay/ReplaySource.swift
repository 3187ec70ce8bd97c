import Foundation
import Synchronization
import VigilCore

/// Speeds and defaults of replay mode.
public enum ReplayDefaults {
    /// Two minutes of data per second: the 8-hour recording plays in four minutes.
    public static let speed: Double = 120
    /// How often the driver moves the cursor, in real time.
    public static let tick: Duration = .milliseconds(100)
    /// How long before the first alert a default replay opens.
    public static let leadIn: TimeInterval = 30 * 60

    /// Where a replay opens when no start is given: half an hour before the first alert that
    /// begins after the recording's start (alerts firing from the first sample, like Watchdog, do
    /// not count), so the view opens calm with something about to happen; the recording's start
    /// when no alert begins later. For the bundled sample-data: 07:38Z (first alert 08:08Z).
    public static func start(of recording: ReplayRecording) -> Date {
        let first = recording.alertEpisodes.compactMap(\.activeAt).filter { $0 > recording.start }.min()
        return first.map { max(recording.start, $0.addingTimeInterval(-leadIn)) } ?? recording.start
    }
}

/// Plays a recording into a sink as if it were live: a virtual clock at `speed`× real time, a
/// cursor that emits what the clock passed, pause/speed/seek callable from any thread.
public final class ReplaySource: Sendable {
    private struct State {
        var clock: VirtualClock
        var cursor: ReplayCursor
        var finished = false
    }

    public let recording: ReplayRecording
    private let start: Date
    private let loop: Bool
    private let sink: @Sendable (SourceMessage) -> Void
    private let realTime: @Sendable () -> Double
    private let state: Mutex<State>
    /// Held while messages are made and sent, so a seek cannot interleave with a tick in flight;
    /// the controls take only `state`, so a sink may call them (but not `seek`).
    private let delivery = Mutex(())

    public convenience init(recording: ReplayRecording, start: Date, speed: Double, loop: Bool,
                            sink: @escaping @Sendable (SourceMessage) -> Void) {
        self.init(recording: recording, start: start, speed: speed, loop: loop, realTime: { monotonicSeconds() }, sink: sink)
    }

    /// `realTime` gives monotonic seconds; tests pass a hand-driven one.
    init(recording: ReplayRecording, start: Date, speed: Double, loop: Bool,
         realTime: @escaping @Sendable () -> Double, sink: @escaping @Sendable (SourceMessage) -> Void) {
        self.recording = recording
        self.start = min(max(start, recording.start), recording.end)
        self.loop = loop
        self.sink = sink
        self.realTime = realTime
        state = Mutex(State(clock: VirtualClock(start: self.start, realNow: realTime(), speed: max(0.001, speed)),
                            cursor: ReplayCursor(recording: recording)))
    }

    /// Sends the history up to the start, then follows the virtual clock until the task is
    /// cancelled. Never blocks a thread: it sleeps between ticks.
    public func run() async {
        delivery.withLock { _ in deliver(begin()) }
        while !Task.isCancelled {
            try? await Task.sleep(for: tickInterval())
            if Task.isCancelled { break }
            delivery.withLock { _ in deliver(tick()) }
        }
    }

    /// How long to sleep before the next tick: one recording step of data time, within
    /// [tick, 1 s]. Waking more often than the data changes only redraws the clock, which at a
    /// 1 s refresh costs more CPU than it shows (measured with `vigil-lab bench idle`).
    func tickInterval() -> Duration {
        let speed = self.speed
        guard speed > 0, recording.step > 0 else { return ReplayDefaults.tick }
        let seconds = min(1.0, max(0.1, recording.step / speed))
        return .milliseconds(Int(seconds * 1000))
    }

    /// Re-anchors the clock at the start (real time may have passed since init) and emits
    /// everything up to it.
    func begin() -> [SourceMessage] {
        state.withLock { s in
            s.clock.seek(to: start, realNow: realTime())
            s.finished = false
            return [.health(SourceHealth(source: "replay", state: .ok))] + s.cursor.seek(to: start)
        }
    }

    /// One step of the driver: advance to the clock's now; at the end report `.finished` once
    /// and, when looping, start over one step after the recording's start.
    func tick() -> [SourceMessage] {
        state.withLock { s in
            let now = realTime()
            let t = min(s.clock.now(realNow: now), recording.end)
            var out = s.cursor.advance(to: t)
            guard t >= recording.end, !s.finished else { return out }
            out.append(.health(SourceHealth(source: "replay", state: .finished, lastSuccess: recording.end)))
            s.finished = true
            // A recording of a single instant has nothing to loop over.
            let restart = recording.start.addingTimeInterval(recording.step)
            if loop, restart < recording.end {
                s.clock.seek(to: restart, realNow: now)
                out += [.health(SourceHealth(source: "replay", state: .ok))] + s.cursor.seek(to: restart)
                s.finished = false
            }
            return out
        }
    }

    // MARK: control, from any thread

    public func setPaused(_ paused: Bool) {
        state.withLock { $0.clock.setPaused(paused, realNow: realTime()) }
    }

    public func togglePause() {
        state.withLock { $0.clock.setPaused(!$0.clock.isPaused, realNow: realTime()) }
    }

    /// The slowest and fastest replay: `+` and `-` stop there.
    public static let speedRange: ClosedRange<Double> = 0.25...4096

    public func setSpeed(_ speed: Double) {
        guard speed.isFinite, speed > 0 else { return }
        let clamped = min(Self.speedRange.upperBound, max(Self.speedRange.lowerBound, speed))
        state.withLock { $0.clock.setSpeed(clamped, realNow: realTime()) }
    }

    public var speed: Double { state.withLock { $0.clock.speed } }
    public var isPaused: Bool { state.withLock { $0.clock.isPaused } }

    /// Data time now, never past the recording's end.
    public func now() -> Date {
        state.withLock { min($0.clock.now(realNow: realTime()), recording.end) }
    }

    /// Jumps to `t` (clamped to the recording) and sends the history up to it, as at start.
    /// Not from inside the sink: sending holds the lock this takes.
    public func seek(to t: Date) {
        let target = min(max(t, recording.start), recording.end)
        delivery.withLock { _ in
            deliver(state.withLock { s in
                s.clock.seek(to: target, realNow: realTime())
                s.finished = false
                return s.cursor.seek(to: target)
            })
        }
    }

    /// Outside the state lock: a sink may call back into the controls.
    private func deliver(_ messages: [SourceMessage]) {
        for message in messages { sink(message) }
    }
}
