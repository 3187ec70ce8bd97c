import Testing
import VigilTerminal

@Suite(.timeLimit(.minutes(5))) struct ListViewTests {
    let items: [Line] = ["alpha", "bravo", "charlie", "delta", "echo"]

    @Test func drawsFromTheTopAndBlanksEachRow() {
        let b = rendered(ListView(items: Array(items.prefix(2))), 8, 3)
        #expect(b.lines == ["alpha   ", "bravo   ", "xxxxxxxx"])
    }

    @Test func selectionBelowTheViewScrollsWithMarkers() {
        let b = rendered(ListView(items: items, selected: 4), 8, 3)
        #expect(b.lines == ["charlie↑", "delta   ", "echo    "])
        #expect(b[0, 2].style == reverse)
        #expect(b[7, 2].style == reverse)
        #expect(b[0, 1].style == .plain)
    }

    @Test func markersBothWays() {
        let b = rendered(ListView(items: items, selected: 2, offset: 2), 8, 1)
        #expect(b.lines == ["charlie↓"])
        let mid = rendered(ListView(items: items, offset: 1), 8, 3)
        #expect(mid.lines == ["bravo  ↑", "charlie ", "delta  ↓"])
    }

    @Test func longLinesEndInEllipsisAndKeepSpanStyles() {
        let line = Line([Span("abc", style: red), Span("defghij", style: blue)])
        let b = rendered(ListView(items: [line]), 6, 1)
        #expect(b.lines == ["abcde…"])
        #expect(b[0, 0].style == red)
        #expect(b[3, 0].style == blue)
        #expect(b[5, 0].style == blue)
        let ascii = rendered(ListView(items: [line], glyphs: .ascii), 6, 1)
        #expect(ascii.lines == ["abc..."])
        #expect(ascii[3, 0].style == blue)
    }

    @Test func wideItemsAreCutOnCharacterBoundaries() {
        let b = rendered(ListView(items: ["日本語テキスト"]), 6, 1)
        #expect(b.lines == ["日本… "])
    }

    @Test func outOfRangeSelectionSelectsNothing() {
        let b = rendered(ListView(items: Array(items.prefix(2)), selected: 7), 6, 2)
        #expect(b.lines == ["alpha ", "bravo "])
        #expect(b[0, 0].style == .plain && b[0, 1].style == .plain)
    }
}
