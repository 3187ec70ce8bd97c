import Testing
import VigilTerminal

@Suite(.timeLimit(.minutes(5))) struct TableTests {
    let columns = [Table.Column("NAME", width: .fill(1)), Table.Column("CPU", width: .fixed(4), alignment: .right)]
    let pods: [[Span]] = [[Span("api"), Span("12")], [Span("db"), Span("3")], [Span("cache"), Span("100")],
                          [Span("queue"), Span("7")], [Span("web"), Span("55")]]

    @Test func headerAndAlignedCells() {
        let b = rendered(Table(columns: columns, rows: Array(pods.prefix(3))), 12, 5)
        #expect(b.lines == ["NAME     CPU",
                            "api       12",
                            "db         3",
                            "cache    100",
                            "xxxxxxxxxxxx"])
        #expect(b[0, 0].style == bold)
        #expect(b[11, 0].style == bold)
        #expect(b[0, 1].style == .plain)
    }

    @Test func selectedRowIsPatchedAcrossTheWholeWidth() {
        let rows: [[Span]] = [[Span("api", style: red), Span("12")], [Span("db", style: red), Span("3")]]
        let b = rendered(Table(columns: columns, rows: rows, selected: 1), 12, 3)
        #expect(b.lines == ["NAME     CPU", "api       12", "db         3"])
        #expect(b[0, 1].style == red)
        #expect(b[0, 2].style == Style(fg: .indexed(1), modifiers: .reverse))
        #expect(b[5, 2].style == reverse)
        #expect(b[11, 2].style == reverse)
    }

    @Test func selectionBelowTheViewScrollsAndShowsMarkers() {
        let b = rendered(Table(columns: columns, rows: pods, selected: 3, offset: 0), 12, 3)
        #expect(b.lines == ["NAME     CPU",
                            "cache    10↑",
                            "queue      ↓"])
        #expect(b[11, 2].style == reverse) // the marker keeps the selection
        #expect(b[11, 1].style == .plain)
    }

    @Test func offsetIsClampedAndSelectionAboveScrollsUp() {
        let down = rendered(Table(columns: columns, rows: pods, offset: 99, showHeader: false), 12, 2)
        #expect(down.lines == ["queue      ↑", "web       55"])
        let up = rendered(Table(columns: columns, rows: pods, selected: 0, offset: 3, showHeader: false), 12, 2)
        #expect(up.lines == ["api       12", "db         ↓"])
    }

    @Test(arguments: [
        (nil, 0, 5, 3, 0), (nil, 10, 5, 8, 3), (nil, -4, 5, 8, 0), (7, 0, 5, 8, 3), (1, 3, 5, 8, 1),
        (4, 2, 5, 8, 2), (20, 2, 5, 8, 2), (-1, 2, 5, 8, 2), (0, 0, 0, 8, 0), (3, 0, 1, 8, 3), (2, 5, 3, 0, 0),
    ] as [(Int?, Int, Int, Int, Int)])
    func scrollOffset(_ selected: Int?, _ previous: Int, _ visible: Int, _ count: Int, _ expected: Int) {
        #expect(Table.scrollOffset(selected: selected, previousOffset: previous, visibleRows: visible, rowCount: count) == expected)
    }

    @Test func headerNeedsTwoRows() {
        #expect(rendered(Table(columns: columns, rows: pods), 12, 1).lines == ["api       1↓"])
        #expect(rendered(Table(columns: columns, rows: []), 12, 2).lines == ["NAME     CPU", "xxxxxxxxxxxx"])
    }

    @Test func wideCharactersKeepTheGrid() {
        let cols = [Table.Column("名前", width: .fixed(5)), Table.Column("値", width: .fixed(5), alignment: .right)]
        let rows: [[Span]] = [[Span("日本語"), Span("日本")], [Span("🙂ok"), Span("日本語")]]
        let b = rendered(Table(columns: cols, rows: rows), 11, 3)
        #expect(b.lines == ["名前     値",
                            "日本…  日本",
                            "🙂ok  日本…"])
        #expect(b.lines.allSatisfy { TextWidth.of($0) == 11 })
    }

    @Test func cellsAreCutWithTheGlyphEllipsis() {
        let cols = [Table.Column("A", width: .fixed(5)), Table.Column("B", width: .fill(1))]
        let rows: [[Span]] = [[Span("abcdefg"), Span("xyz")], [Span("ab")]]
        let b = rendered(Table(columns: cols, rows: rows, showHeader: false, glyphs: .ascii), 9, 3)
        #expect(b.lines == ["ab... xyz", "ab       ", "xxxxxxxxx"])
    }

    @Test func tableInsideAnAreaTouchesNothingElse() {
        let b = rendered(Table(columns: columns, rows: Array(pods.prefix(1))), 14, 4, area: Rect(x: 1, y: 1, width: 12, height: 2))
        #expect(b.lines == ["xxxxxxxxxxxxxx", "xNAME     CPUx", "xapi       12x", "xxxxxxxxxxxxxx"])
    }

    @Test func columnWidths() {
        #expect(Table.columnWidths([.fill(1), .fixed(4)], total: 12) == [7, 4])
        #expect(Table.columnWidths([.fixed(6), .fixed(6)], total: 10) == [6, 3])
        #expect(Table.columnWidths([.fixed(6), .fill(1), .fixed(6)], total: 10) == [6, 0, 2])
        #expect(Table.columnWidths([.fill(1), .fill(3)], total: 9) == [2, 6])
        #expect(Table.columnWidths([], total: 9) == [])
        #expect(Table.columnWidths([.fill(1), .fill(1)], total: 0) == [0, 0])
    }

    @Test func emptyAreaDrawsNothing() {
        #expect(rendered(Table(columns: columns, rows: pods), 3, 1, area: Rect(x: 0, y: 0, width: 0, height: 1)).lines == ["xxx"])
    }
}
