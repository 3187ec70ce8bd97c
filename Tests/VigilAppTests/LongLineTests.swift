import Foundation
import Testing
import VigilCore
import VigilTerminal
@testable import VigilApp
@testable import VigilEngine

/// Issue 21, hang 1: one very long log line once froze the Logs screen (wrapping was quadratic:
/// 512 KB took 20 s, so the 4 MB here would take about 20 minutes and fail by the time limit).
@Suite(.timeLimit(.minutes(1))) struct LongLineTests {
    static func long(_ bytes: Int, spaces: Bool) -> String {
        let word = spaces ? "abcdefg " : "abcdefgh"
        return String(repeating: word, count: bytes / 8)
    }

    @Test(arguments: [false, true]) func aFourMegabyteLineIsShownCutWithAMark(spaces: Bool) throws {
        var m = LogsFixtures.model(count: 10, width: 100, height: 30)
        let line = LogsFixtures.scored(LogsFixtures.t0.addingTimeInterval(100), "etcd", "start " + Self.long(4 << 20, spaces: spaces),
                                       "start <*>", 0.2, false, LogSignals())
        _ = update(&m, .source(.scoredLogs([line])))
        for _ in 0..<3 {
            let lines = view(m, width: 100, height: 30).lines
            #expect(lines.count == 30 && lines.allSatisfy { TextWidth.of($0) == 100 })
            // The selected (newest) line is in the pane below, cut, with a mark that there is more.
            let pane = try #require(lines.firstIndex { $0.contains("Selected line") })
            #expect(lines[(pane + 1)...].contains { $0.contains(spaces ? "start abcdefg" : " start ") })
            #expect(lines[(pane + 1)...].contains { $0.contains(spaces ? "abcdefg abcdefg" : "abcdefghabcdefgh") })
            #expect(lines[(pane + 1)...].contains { $0.contains("…") })
        }
    }

    @Test func wrapTextIsLinearAndStopsAtMaxRows() {
        let text = Self.long(8 << 20, spaces: false)
        let rows = wrapText(text, width: 80, maxRows: 5)
        #expect(rows.count == 5 && rows.allSatisfy { $0.count == 80 })
        // Without a row limit it still ends (every row full but the last).
        let all = wrapText(String(text.prefix(100_000)), width: 77)
        #expect(all.count == (100_000 + 76) / 77 && all.dropLast().allSatisfy { $0.count == 77 })
        // Words and wide graphemes as before.
        #expect(wrapText("a bb ccc dddd", width: 6) == ["a bb", "ccc", "dddd"])
        #expect(wrapText("日本語のテキスト", width: 5) == ["日本", "語の", "テキ", "スト"])
        #expect(wrapText("abcdefghij", width: 4) == ["abcd", "efgh", "ij"])
        #expect(wrapText("x abcdefghij", width: 4) == ["x", "abcd", "efgh", "ij"])
        #expect(wrapText("", width: 4).isEmpty && wrapText("abc", width: 0).isEmpty)
    }
}
