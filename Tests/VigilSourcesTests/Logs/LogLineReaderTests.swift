import Foundation
import Testing
@testable import VigilSources
@testable import VigilLogSources

@Suite(.timeLimit(.minutes(5))) struct LogLineReaderTests {
    @Test func splitsLFAndCRLFAndKeepsPartialLines() {
        var r = LogLineReader()
        #expect(r.feed(Array("one\ntwo\r\nthr".utf8)) == ["one", "two"])
        #expect(r.feed(Array("ee".utf8)) == [])
        #expect(r.feed(Array("\r".utf8)) == [])
        #expect(r.feed(Array("\n\nfour".utf8)) == ["three", "", ])
        #expect(r.finish() == "four")
        #expect(r.finish() == nil)
    }

    @Test func byteAtATimeGivesTheSameLines() {
        var r = LogLineReader()
        var lines: [String] = []
        for b in Array("a\r\nbc\nd\n".utf8) { lines += r.feed([b]) }
        #expect(lines == ["a", "bc", "d"])
    }

    /// A 1 MB line fed in 4 KB chunks: the buffer never holds more than the limit, and the line
    /// keeps its first 64 KB with a marker counting the rest.
    @Test func cutsHugeLinesWithoutBufferingThem() {
        var r = LogLineReader()
        let huge = 1 << 20
        let chunk = [UInt8](repeating: UInt8(ascii: "x"), count: 4096)
        var lines: [String] = []
        var peak = 0
        for _ in 0..<(huge / chunk.count) {
            lines += r.feed(chunk)
            peak = max(peak, r.bufferedByteCount)
        }
        lines += r.feed(Array("\r\nnext\n".utf8))
        #expect(peak <= 64 * 1024)
        #expect(lines.count == 2)
        let cut = huge - 64 * 1024
        #expect(lines.first == String(repeating: "x", count: 64 * 1024) + " …[cut \(cut) bytes]")
        #expect(lines.last == "next")
    }

    @Test func cutInsideACharacterDropsTheWholeCharacter() {
        var r = LogLineReader(maxLineBytes: 4)
        // The limit of 4 bytes falls inside "€" (3 bytes): its lead byte goes with the cut.
        let lines = r.feed(Array("abc€d\n".utf8))
        #expect(lines == ["abc …[cut 4 bytes]"])
    }

    @Test func repairsInvalidUTF8() {
        var r = LogLineReader()
        let lines = r.feed([0x6F, 0x6B, 0xFF, 0x20, 0xC3, 0x28, 0x0A])
        #expect(lines == ["ok\u{FFFD} \u{FFFD}("])
    }
}
