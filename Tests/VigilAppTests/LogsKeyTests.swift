import Foundation
import Testing
import VigilCore
import VigilTerminal
@testable import VigilApp
@testable import VigilEngine

@Suite(.timeLimit(.minutes(5))) struct LogsKeyTests {
    @Test func followModeKeepsTheNewestLineSelected() {
        var m = LogsFixtures.model(count: 80)
        #expect(m.logs.ui.follow)
        #expect(LogsFixtures.selectedLine(m) == LogsFixtures.line(79))
        _ = update(&m, .source(.scoredLogs(LogsFixtures.lines(80..<90))))
        #expect(LogsFixtures.selectedLine(m) == LogsFixtures.line(89))
        let p = LogsFixtures.placement(m)
        #expect(p.offset + (LogsLayout.current(m)?.visibleRows ?? 0) == p.rows.count)
    }

    @Test func movingUpHoldsTheLineAndGFollowsAgain() {
        var m = LogsFixtures.model(count: 80)
        _ = update(&m, .key(.up))
        _ = update(&m, .key(.char("k")))
        #expect(!m.logs.ui.follow)
        #expect(LogsFixtures.selectedLine(m) == LogsFixtures.line(77))
        // New lines arrive: the selection and the view stay where they were.
        let before = LogsFixtures.placement(m)
        _ = update(&m, .source(.scoredLogs(LogsFixtures.lines(80..<90))))
        #expect(LogsFixtures.selectedLine(m) == LogsFixtures.line(77))
        #expect(LogsFixtures.placement(m).offset == before.offset)
        _ = update(&m, .key(.down))
        #expect(LogsFixtures.selectedLine(m) == LogsFixtures.line(78))
        #expect(!m.logs.ui.follow)
        _ = update(&m, .key(.char("G")))
        #expect(m.logs.ui.follow)
        #expect(LogsFixtures.selectedLine(m) == LogsFixtures.line(89))
        _ = update(&m, .key(.home))
        #expect(LogsFixtures.selectedLine(m) == LogsFixtures.line(0))
        _ = update(&m, .key(.end))
        #expect(m.logs.ui.follow)
    }

    @Test func aShowsOnlyAnomalousLines() {
        var m = LogsFixtures.model(count: 80)
        _ = update(&m, .key(.char("a")))
        let rows = LogsFixtures.placement(m).rows.map { m.logs.lines[$0] }
        #expect(rows.count == 4)
        #expect(rows.allSatisfy { $0.flagged })
        _ = update(&m, .key(.char("a")))
        #expect(LogsFixtures.placement(m).rows.count == 80)
    }

    @Test func tPinsTheSelectedLinesTemplate() throws {
        var m = LogsFixtures.model(count: 80)
        for _ in 0..<(79 - 73) { _ = update(&m, .key(.up)) }
        let selected = try #require(LogsFixtures.selectedLine(m))
        #expect(selected.record.line.contains("connection refused"))
        _ = update(&m, .key(.char("t")))
        let rows = LogsFixtures.placement(m).rows.map { m.logs.lines[$0] }
        #expect(rows.count == 2)
        #expect(rows.allSatisfy { $0.template == selected.template })
        // The held selection stays on its line once the filter changes.
        #expect(LogsFixtures.selectedLine(m) == selected)
        _ = update(&m, .key(.char("t")))
        #expect(LogsFixtures.placement(m).rows.count == 80)
        #expect(LogsFixtures.selectedLine(m) == selected)
    }

    @Test func slashFiltersAsTypedAndEscRestores() {
        var m = LogsFixtures.model(count: 80)
        _ = update(&m, .key(.char("/")))
        for c in "source:etcd score>=0.5" { _ = update(&m, .key(.char(c))) }
        var rows = LogsFixtures.placement(m).rows.map { m.logs.lines[$0] }
        #expect(rows.count == 2)
        #expect(rows.allSatisfy { $0.record.source == "etcd" && $0.score >= 0.5 })
        _ = update(&m, .key(.enter))
        #expect(m.logs.ui.filterText == "source:etcd score>=0.5")
        // Editing again and cancelling goes back to the applied filter.
        _ = update(&m, .key(.char("/")))
        _ = update(&m, .key(.backspace))
        _ = update(&m, .key(.char("9")))
        _ = update(&m, .key(.escape))
        rows = LogsFixtures.placement(m).rows.map { m.logs.lines[$0] }
        #expect(rows.count == 2)
        _ = update(&m, .key(.escape))
        #expect(m.logs.ui.filterText == nil)
        #expect(LogsFixtures.placement(m).rows.count == 80)
    }

    @Test func globalKeysStillWork() {
        var m = LogsFixtures.model(count: 10)
        _ = update(&m, .key(.enter))
        #expect(m.overlay == nil)
        _ = update(&m, .key(.escape))
        _ = update(&m, .key(.char("1")))
        #expect(m.screen == .overview)
        _ = update(&m, .key(.char("4")))
        #expect(update(&m, .key(.char("q"))) == [.quit])
    }

    @Test func keysAtTheMinimumSizeDoNotCrash() {
        var m = LogsFixtures.model(count: 80, width: 50, height: 12)
        for k: Key in [.pageUp, .pageUp, .up, .char("t"), .char("a"), .pageDown, .home, .escape, .end, .char("a"), .down] {
            _ = update(&m, .key(k))
            _ = view(m, width: 50, height: 12)
        }
        _ = update(&m, .resize(width: 10, height: 5))
        _ = update(&m, .key(.up))
        #expect(view(m, width: 10, height: 5).lines.count == 5)
    }
}
