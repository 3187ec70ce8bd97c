import Foundation
import Testing
import VigilCore
import VigilTerminal
@testable import VigilApp
@testable import VigilEngine

@Suite(.timeLimit(.minutes(5))) struct UpdateTests {
    @Test func tabAndShiftTabCycleFocusThroughEveryPanel() {
        var m = Fixtures.model()
        var seen: [PanelID] = [m.focus]
        for _ in 0..<PanelID.allCases.count { _ = update(&m, .key(.tab)); seen.append(m.focus) }
        #expect(seen == PanelID.allCases + [.operators])
        _ = update(&m, .key(.backTab))
        #expect(m.focus == .anomaly)
    }

    @Test func selectionStaysWithinTheRows() {
        var m = Fixtures.model()
        #expect(m.panelLists[.operators]?.selection == 0)
        for _ in 0..<10 { _ = update(&m, .key(.char("j"))) }
        #expect(m.panelLists[.operators]?.selection == 2)
        _ = update(&m, .key(.home))
        #expect(m.panelLists[.operators]?.selection == 0)
        _ = update(&m, .key(.end))
        #expect(m.panelLists[.operators]?.selection == 2)
        _ = update(&m, .key(.up))
        #expect(m.panelLists[.operators]?.selection == 1)
        _ = update(&m, .key(.pageUp))
        #expect(m.panelLists[.operators]?.selection == 0)
    }

    @Test func filterNarrowsRowsAndEscClearsIt() {
        var m = Fixtures.model()
        _ = update(&m, .key(.char("/")))
        for c in "etcd" { _ = update(&m, .key(.char(c))) }
        #expect(m.panelLists[.operators]?.filterDraft == "etcd")
        #expect(PanelRows.rows(.operators, model: m).map(\.key) == ["etcd/Degraded"])
        _ = update(&m, .key(.enter))
        #expect(m.panelLists[.operators]?.filterDraft == nil)
        #expect(m.panelLists[.operators]?.filter == "etcd")
        _ = update(&m, .key(.escape))
        #expect(m.panelLists[.operators]?.filter == nil)
        #expect(PanelRows.rows(.operators, model: m).count == 3)
    }

    @Test func helpOpensAndClosesAndSwallowsKeys() {
        var m = Fixtures.model()
        _ = update(&m, .key(.char("?")))
        #expect(m.overlay == .help)
        let effects = update(&m, .key(.char(" ")))
        #expect(effects.isEmpty)
        _ = update(&m, .key(.escape))
        #expect(m.overlay == nil)
    }

    @Test func enterOpensTheDetailOfTheSelectedRowAndEscGoesBack() {
        var m = Fixtures.model()
        _ = update(&m, .key(.tab)) // alerts
        _ = update(&m, .key(.enter))
        #expect(m.overlay == .detail(.alerts, itemKey: "KubeAPIErrorsHigh"))
        _ = update(&m, .key(.char("j")))
        #expect(m.overlay == .detail(.alerts, itemKey: "ClusterOperatorDegraded"))
        _ = update(&m, .key(.escape))
        #expect(m.overlay == nil)
    }

    @Test func keysThatDriveTheRuntimeReturnEffects() {
        var m = Fixtures.model()
        #expect(update(&m, .key(.char(" "))) == [.setPaused(true)])
        _ = update(&m, .playback(paused: false, speed: 120))
        #expect(update(&m, .key(.char("+"))) == [.setSpeed(240)])
        #expect(update(&m, .key(.char("-"))) == [.setSpeed(60)])
        #expect(update(&m, .key(.ctrl("l"))) == [.redrawAll])
        #expect(update(&m, .key(.char("q"))) == [.quit])
        #expect(m.quitRequested)
    }

    @Test func theDigitsSwitchScreens() {
        var m = Fixtures.model()
        _ = update(&m, .key(.char("6")))
        #expect(m.screen == .overview)
        _ = update(&m, .key(.char("5")))
        #expect(m.screen == .fleet)
        _ = update(&m, .key(.char("2")))
        #expect(m.screen == .alerts)
        _ = update(&m, .key(.char("4")))
        #expect(m.screen == .logs)
        _ = update(&m, .key(.char("3")))
        #expect(m.screen == .anomalies)
        _ = update(&m, .key(.char("1")))
        #expect(m.screen == .overview)
    }

    @Test func timeSpecsParse() {
        let s = Date(timeIntervalSince1970: 1000), e = Date(timeIntervalSince1970: 100_000)
        #expect(TimeSpec.parse("+2h", start: s, end: e) == Date(timeIntervalSince1970: 1000 + 7200))
        #expect(TimeSpec.parse("-1h30m", start: s, end: e) == Date(timeIntervalSince1970: 100_000 - 5400))
        #expect(TimeSpec.parse("start", start: s, end: e) == s)
        #expect(TimeSpec.parse("2026-11-28T08:00:00Z", start: s, end: e) == Date(timeIntervalSince1970: 1_795_852_800))
        #expect(TimeSpec.parse("soon", start: s, end: e) == nil)
        #expect(TimeSpec.parse("+5x", start: s, end: e) == nil)
    }

    @Test func formats() {
        #expect(Format.duration(45) == "45s")
        #expect(Format.duration(3600 + 5 * 60) == "1h05m")
        #expect(Format.duration(86400 * 2 + 3600 * 4) == "2d04h")
        // Issue 21, crashes 3 and 6: no time and no duration traps the screen.
        #expect(Format.duration(1e308) == "11574074074d01h")
        #expect(Format.clock(Date(timeIntervalSince1970: .nan)) == "invalid time")
        #expect(Format.clock(Date(timeIntervalSince1970: .infinity)) == "invalid time")
        #expect(Format.clock(Date(timeIntervalSince1970: 1e300)) == "invalid time")
        #expect(Format.timeOfDay(Date(timeIntervalSince1970: -.infinity)) == "--:--:--")
        #expect(Format.rate(0.6) == "0.60/s")
        #expect(Format.percent(0.57) == "57%")
        #expect(Format.clock(Date(timeIntervalSince1970: 1_795_852_800)) == "2026-11-28 08:00:00Z")
    }
}

@Suite(.timeLimit(.minutes(5))) struct RunnerTests {
    @Test func runnerDrawsHandlesKeysAndQuitsOnQ() {
        let term = MemoryTerminal(width: 100, height: 30)
        term.pending = [.key(.char("?")), .key(.escape), .key(.tab), .resize(width: 60, height: 15), .key(.char("q"))]
        term.size = (100, 30)
        let mailbox = Mailbox<SourceMessage>()
        for i in 0..<5 { mailbox.send(.metrics(Fixtures.batch(step: i))) }
        let runner = AppRunner(model: Model(config: AppConfig()), backend: term, mailbox: mailbox, playback: nil)
        runner.run(pollMs: 0, maxIterations: 50)
        #expect(runner.model.quitRequested)
        #expect(runner.model.focus == .alerts)
        #expect(term.frames.count >= 1)
        #expect(term.lastFrame?.lines.joined().contains("Firing alerts") == true)
    }

    @Test func anUnchangedFrameWritesNoCells() {
        let term = MemoryTerminal(width: 80, height: 24)
        let m = Fixtures.model(width: 80, height: 24)
        term.draw(view(m, width: 80, height: 24))
        let before = term.cellsWritten
        term.draw(view(m, width: 80, height: 24))
        #expect(term.cellsWritten == before)
    }

    @Test func viewIsPure() {
        let m = Fixtures.model()
        #expect(view(m, width: 120, height: 40) == view(m, width: 120, height: 40))
    }
}
