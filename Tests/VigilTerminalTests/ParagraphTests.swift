import Testing
import VigilTerminal

@Suite(.timeLimit(.minutes(5))) struct ParagraphTests {
    @Test func wrapsAtSpacesAndTouchesOnlyTextCells() {
        let b = rendered(Paragraph(lines: ["the quick brown fox"], wrap: true), 10, 3)
        #expect(b.lines == ["the quickx", "brown foxx", "xxxxxxxxxx"])
    }

    @Test func hardWrapsLongWords() {
        let b = rendered(Paragraph(lines: ["go abcdefghijkl"], wrap: true), 5, 4, filled: false)
        #expect(b.lines == ["go   ", "abcde", "fghij", "kl   "])
    }

    @Test func neverSplitsAWideCharacter() {
        let b = rendered(Paragraph(lines: ["日本語の文章"], wrap: true), 5, 3)
        #expect(b.lines == ["日本x", "語のx", "文章x"])
        let odd = rendered(Paragraph(lines: ["a日本"], wrap: true), 2, 3)
        #expect(odd.lines == ["ax", "日", "本"])
    }

    @Test func stylesFollowTheirSpansAcrossBreaks() {
        let line = Line([Span("hello ", style: red), Span("world", style: blue)])
        let b = rendered(Paragraph(lines: [line], wrap: true), 6, 2)
        #expect(b.lines == ["hellox", "worldx"])
        #expect(b[0, 0].style == red)
        #expect(b[0, 1].style == blue)
        #expect(b[5, 0].style == .plain) // the space at the break was dropped, not drawn
    }

    @Test func keepsIndentationAndEmptyLines() {
        let b = rendered(Paragraph(lines: ["  ab cd", "", "e"], wrap: true), 5, 4)
        #expect(b.lines == ["  abx", "cdxxx", "xxxxx", "exxxx"])
    }

    @Test func alignment() {
        #expect(rendered(Paragraph(lines: ["ab"], alignment: .center), 6, 1).lines == ["xxabxx"])
        #expect(rendered(Paragraph(lines: ["ab"], alignment: .right), 6, 1).lines == ["xxxxab"])
        #expect(rendered(Paragraph(lines: ["abc def"], wrap: true, alignment: .right), 5, 2).lines == ["xxabc", "xxdef"])
    }

    @Test func withoutWrapLinesAreClipped() {
        #expect(rendered(Paragraph(lines: ["abcdefgh", "ij"]), 5, 2).lines == ["abcde", "ijxxx"])
    }

    @Test func scrollSkipsVisualRows() {
        let p = Paragraph(lines: ["one two three"], wrap: true, scroll: 1)
        #expect(p.rowCount(width: 5) == 3)
        #expect(rendered(p, 5, 3).lines == ["twoxx", "three", "xxxxx"])
        #expect(rendered(Paragraph(lines: ["a"], scroll: 5), 3, 1).lines == ["xxx"])
    }
}
