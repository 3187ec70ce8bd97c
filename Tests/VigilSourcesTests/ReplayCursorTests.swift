import Foundation
import Testing
import VigilCore
@testable import VigilSources
@testable import VigilGenerator

@Suite(.timeLimit(.minutes(5))) struct ReplayCursorTests {
    private typealias F = ReplayFixtures

    @Test func firstAdvanceSendsStartAlertsThenEverythingUpToT() {
        var cursor = ReplayCursor(recording: F.small())
        let messages = cursor.advance(to: F.at(30))
        #expect(F.events(messages) == [
            .alerts(F.at(0), ["Always"]),
            .batch(F.at(0)), .log(F.small().logs[0]), .log(F.small().logs[1]),
            .batch(F.at(30)), .log(F.small().logs[2]), .log(F.small().logs[3]),
        ])
        #expect(messages.last == .clock(F.at(30)))
    }

    @Test func alertsAreSentOnlyWhenTheFiringSetChanges() {
        var cursor = ReplayCursor(recording: F.small())
        let alertMessages = F.events(cursor.advance(to: F.at(500))).filter {
            if case .alerts = $0 { return true } else { return false }
        }
        #expect(alertMessages == [
            .alerts(F.at(0), ["Always"]),
            .alerts(F.at(45), ["Always", "Blip"]),
            .alerts(F.at(100), ["Always", "Late"]),
            .alerts(F.at(400), ["Always"]),
        ])
    }

    @Test func standingStillOrGoingBackEmitsNothing() {
        var cursor = ReplayCursor(recording: F.small())
        _ = cursor.advance(to: F.at(100))
        #expect(cursor.advance(to: F.at(100)).isEmpty)
        #expect(cursor.advance(to: F.at(50)).isEmpty)
        #expect(cursor.position == F.at(100))
    }

    @Test(arguments: [1.0, 7, 29.5, 30, 61, 1000])
    func emissionDoesNotDependOnTickSize(tick: Double) {
        var whole = ReplayCursor(recording: F.small()), stepped = ReplayCursor(recording: F.small())
        let expected = F.events(whole.advance(to: F.at(290)))
        var got: [SourceMessage] = []
        var t = -tick
        while t < 290 {
            t = min(t + tick, 290)
            got += stepped.advance(to: F.at(t))
        }
        #expect(F.events(got) == expected)
    }

    @Test func bundledRecordingIsInvariantToIrregularTicks() throws {
        let recording = try SampleDataFixture.recording.get()
        var whole = ReplayCursor(recording: recording), stepped = ReplayCursor(recording: recording)
        let expected = F.events(whole.advance(to: recording.end))
        var rng = SplitMix64(seed: 9)
        var got: [SourceMessage] = []
        var t = recording.start.addingTimeInterval(-5)
        while t < recording.end {
            t = min(t.addingTimeInterval(1 + rng.unit() * 90), recording.end)
            got += stepped.advance(to: t)
        }
        #expect(F.events(got) == expected)
        #expect(expected.count > recording.batches.count + recording.logs.count)
    }

    @Test func seekBackwardsReplaysTheHistoryUpToT() {
        var fresh = ReplayCursor(recording: F.small()), cursor = ReplayCursor(recording: F.small())
        _ = cursor.advance(to: F.at(250))
        let sought = cursor.seek(to: F.at(95))
        #expect(sought == fresh.advance(to: F.at(95)))
        #expect(F.events(cursor.advance(to: F.at(250))) == F.events(fresh.advance(to: F.at(250))))
    }

    @Test func reachesTheEnd() {
        var cursor = ReplayCursor(recording: F.small())
        _ = cursor.advance(to: F.at(200))
        #expect(!cursor.isAtEnd)
        _ = cursor.advance(to: F.at(270))
        #expect(cursor.isAtEnd)
    }
}
