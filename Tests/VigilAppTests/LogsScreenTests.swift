import Foundation
import Testing
import VigilCore
import VigilTerminal
@testable import VigilApp
@testable import VigilEngine

@Suite(.timeLimit(.minutes(5))) struct LogsScreenTests {
    @Test(arguments: [(120, 40), (80, 24), (50, 12)])
    func tailSnapshot(size: (Int, Int)) {
        let m = LogsFixtures.model(width: size.0, height: size.1)
        let b = view(m, width: size.0, height: size.1)
        #expect(b.lines.count == size.1)
        #expect(b.lines.allSatisfy { TextWidth.of($0) == size.0 })
        // Following: the newest line is on screen and selected.
        #expect(b.lines.contains { $0.contains("pods 200 in \(79 % 17 + 3)ms") })
        assertSnapshot(b.lines, named: "logs-\(size.0)x\(size.1)")
    }

    @Test func heldSelectionWithFilterSnapshot() {
        var m = LogsFixtures.model()
        for k: Key in [.char("/"), .char("s"), .char("c"), .char("o"), .char("r"), .char("e"), .char(">"), .char("0"),
                       .char("."), .char("3"), .enter, .up] {
            _ = update(&m, .key(k))
        }
        let lines = view(m, width: 120, height: 40).lines
        assertSnapshot(lines, named: "logs-held-filtered-120x40")
    }

    @Test func asciiMonoHasNoUnicodeAndMarksFlaggedLines() {
        let m = LogsFixtures.model(width: 80, height: 24, glyphs: .ascii, theme: .mono)
        let lines = view(m, width: 80, height: 24).lines
        // Every row, the header's speed ("1x", once "1×") included.
        #expect(lines.joined().unicodeScalars.allSatisfy { $0.isASCII })
        // Without colour the marker column still tells flagged lines apart.
        #expect(lines.contains { $0.hasPrefix("|! ") && $0.contains("dial tcp") })
        assertSnapshot(lines, named: "logs-ascii-mono-80x24")
    }

    @Test func flaggedLinesUseTheWarningAndCriticalStyles() throws {
        let m = LogsFixtures.model(count: 40)
        let b = view(m, width: 120, height: 40)
        let rows = b.lines.enumerated()
        let panicRow = try #require(rows.first { $0.element.contains("panic: runtime") && $0.element.contains("0.95") }?.offset)
        let refusedRow = try #require(rows.first { $0.element.contains("connection refused") && $0.element.contains("0.72") }?.offset)
        #expect(b[1, panicRow].style == m.theme[.critical].bold())
        #expect(b[1, refusedRow].style == m.theme[.warning].bold())
        #expect(b[1, panicRow].symbol == "!")
    }

    @Test func emptyTailSaysWhereLinesComeFrom() {
        var m = Model(config: AppConfig())
        _ = update(&m, .resize(width: 50, height: 12))
        _ = update(&m, .key(.char("4")))
        let text = view(m, width: 50, height: 12).lines.joined(separator: "\n")
        #expect(text.contains("No log lines yet"))
    }

    @Test func helpListsTheLogsKeys() {
        var m = LogsFixtures.model(width: 80, height: 24)
        _ = update(&m, .key(.char("?")))
        let text = view(m, width: 80, height: 24).lines.joined(separator: "\n")
        #expect(text.contains("only anomalous"))
        #expect(text.contains("follow the tail"))
        _ = update(&m, .key(.escape))
        #expect(m.overlay == nil)
    }

    @Test func footerShowsLogsHintsAndTheDraft() {
        var m = LogsFixtures.model(width: 120, height: 40)
        #expect(view(m, width: 120, height: 40).lines[39].contains("a anomalous"))
        _ = update(&m, .key(.char("/")))
        _ = update(&m, .key(.char("x")))
        #expect(view(m, width: 120, height: 40).lines[39].contains("filter logs: x"))
    }
}
