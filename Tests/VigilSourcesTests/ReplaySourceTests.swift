import Foundation
import Synchronization
import Testing
import VigilCore
@testable import VigilSources

@Suite(.timeLimit(.minutes(5))) struct VirtualClockTests {
    private let t0 = ReplayFixtures.t0

    @Test func sameRealInstantsGiveSameVirtualTimes() {
        let instants = [100.0, 100.25, 101, 130.5, 131]
        func run() -> [Date] {
            var clock = VirtualClock(start: t0, realNow: 100, speed: 120)
            return instants.map { real in
                if real == 101 { clock.setSpeed(60, realNow: real) }
                return clock.now(realNow: real)
            }
        }
        #expect(run() == run())
        #expect(run()[1] == t0.addingTimeInterval(30))
    }

    @Test func pauseFreezesAndResumeContinuesFromThere() {
        var clock = VirtualClock(start: t0, realNow: 0, speed: 10)
        clock.setPaused(true, realNow: 2)
        #expect(clock.now(realNow: 50) == t0.addingTimeInterval(20))
        clock.setPaused(false, realNow: 50)
        #expect(clock.now(realNow: 51) == t0.addingTimeInterval(30))
    }

    @Test func speedChangeKeepsTimeContinuous() {
        var clock = VirtualClock(start: t0, realNow: 0, speed: 2)
        clock.setSpeed(100, realNow: 5)
        #expect(clock.now(realNow: 5) == t0.addingTimeInterval(10))
        #expect(clock.now(realNow: 6) == t0.addingTimeInterval(110))
    }
}

@Suite(.timeLimit(.minutes(5))) struct ReplaySourceTests {
    private typealias F = ReplayFixtures

    private func source(start: Double = 60, speed: Double = 10, loop: Bool = false)
        -> (ReplaySource, ManualTime, Mailbox<SourceMessage>) {
        let time = ManualTime(), box = Mailbox<SourceMessage>()
        let source = ReplaySource(recording: F.small(), start: F.at(start), speed: speed, loop: loop,
                                  realTime: { time.now() }, sink: { box.send($0) })
        return (source, time, box)
    }

    @Test func beginSendsHistoryUpToTheStart() {
        let (source, _, _) = source()
        let messages = source.begin()
        #expect(messages.first == .health(SourceHealth(source: "replay", state: .ok)))
        #expect(F.events(messages).filter { if case .batch = $0 { true } else { false } }.count == 3)
        #expect(messages.last == .clock(F.at(60)))
    }

    @Test func ticksFollowTheClockAndPauseStopsThem() {
        let (source, time, _) = source()
        _ = source.begin()
        time.advance(3)                                   // 30 s of data at 10×
        #expect(source.tick().contains(.metrics(F.small().batches[3])))
        source.setPaused(true)
        #expect(source.isPaused)
        time.advance(10)
        #expect(source.tick().isEmpty)
        #expect(source.now() == F.at(90))
        source.togglePause()
        source.setSpeed(30)
        #expect(source.speed == 30)
        time.advance(1)
        #expect(source.now() == F.at(120))
    }

    @Test func reportsTheEndOnceAndStops() {
        let (source, time, _) = source()
        _ = source.begin()
        time.advance(100)
        let finished = SourceMessage.health(SourceHealth(source: "replay", state: .finished, lastSuccess: F.at(270)))
        #expect(source.tick().filter { $0 == finished }.count == 1)
        time.advance(10)
        #expect(source.tick().isEmpty)
        #expect(source.now() == F.at(270))
    }

    @Test func loopsBackToOneStepAfterTheStart() {
        let (source, time, _) = source(loop: true)
        _ = source.begin()
        time.advance(100)
        let messages = source.tick()
        #expect(messages.last == .clock(F.at(30)))
        #expect(source.now() == F.at(30))
        time.advance(3)
        #expect(source.tick().contains(.metrics(F.small().batches[2])))
    }

    @Test func seekSendsTheHistoryToTheSink() {
        let (source, _, box) = source()
        _ = source.begin()
        source.seek(to: F.at(30))
        let messages = box.drain()
        #expect(messages.last == .clock(F.at(30)))
        #expect(F.events(messages).filter { if case .batch = $0 { true } else { false } }.count == 2)
    }

    @Test func defaultStartIsHalfAnHourBeforeTheFirstNewAlert() throws {
        #expect(ReplayDefaults.start(of: F.small()) == F.at(0))   // the first new alert is 45 s in
        let bundled = try SampleDataFixture.recording.get()
        #expect(ReplayDefaults.start(of: bundled) == RFC3339.parse("2026-11-28T07:38:00Z"))
        #expect(ReplayDefaults.start(of: ReplayRecording(batches: F.small().batches)) == F.at(0))
    }

    @Test func runDeliversUntilCancelled() async throws {
        let box = Mailbox<SourceMessage>()
        let source = ReplaySource(recording: F.small(), start: F.at(0), speed: 1000, loop: false) { box.send($0) }
        let task = Task { await source.run() }
        var seen: [SourceMessage] = []
        let finished = { (m: SourceMessage) in if case .health(let h) = m { h.state == .finished } else { false } }
        // 0.3 s of playback; generous rounds for a loaded machine.
        for _ in 0..<1000 where !seen.contains(where: finished) {
            try await Task.sleep(for: .milliseconds(20))
            seen += box.drain()
        }
        task.cancel()
        await task.value
        #expect(F.events(seen).filter { if case .batch = $0 { true } else { false } }.count == 10)
    }
}
