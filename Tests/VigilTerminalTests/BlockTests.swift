import Testing
import VigilTerminal

@Suite(.timeLimit(.minutes(5))) struct BlockTests {
    @Test func borderAndTitleLeaveTheInsideAlone() {
        let b = rendered(Block(title: "CPU"), 12, 3)
        #expect(b.lines == ["┌ CPU ─────┐",
                            "│xxxxxxxxxx│",
                            "└──────────┘"])
    }

    @Test func leftAndRightTitles() {
        let b = rendered(Block(title: "CPU", titleRight: "5m"), 16, 2)
        #expect(b.lines == ["┌ CPU ───── 5m ┐",
                            "└──────────────┘"])
    }

    @Test func titleIsCutWithEllipsis() {
        #expect(rendered(Block(title: "Memory usage"), 8, 2).lines[0] == "┌ Mem… ┐")
        #expect(rendered(Block(title: "Memory usage"), 5, 2).lines[0] == "┌ … ┐")
        #expect(rendered(Block(title: "Memory usage"), 4, 2).lines[0] == "┌──┐")
        #expect(rendered(Block(title: "CPU", glyphs: .ascii), 8, 2).lines == ["+ CPU -+", "+------+"])
        #expect(rendered(Block(title: "Memory", glyphs: .ascii), 9, 2).lines[0] == "+ Me... +")
    }

    /// A narrow panel's count or state (the right title) keeps up to half the line; the name is
    /// cut first (at 50×12 two panels had no room inside and showed no count at all).
    @Test func rightTitleKeepsUpToHalfTheLine() {
        #expect(rendered(Block(title: "Memory usage", titleRight: "12:00"), 24, 2).lines[0] == "┌ Memory usage ─ 12:00 ┐")
        #expect(rendered(Block(title: "Memory usage", titleRight: "12:00"), 20, 2).lines[0] == "┌ Memory … ─ 12:00 ┐")
        #expect(rendered(Block(title: "Memory usage", titleRight: "12:00"), 14, 2).lines[0] == "┌ Me… ─ 12:… ┐")
        #expect(rendered(Block(title: "API errors by code", titleRight: "none"), 25, 2).lines[0] == "┌ API errors by… ─ none ┐")
        #expect(rendered(Block(titleRight: "12:00"), 10, 2).lines[0] == "┌─ 12:00 ┐")
    }

    @Test func wideTitleIsCutOnACharacterBoundary() {
        #expect(rendered(Block(title: "日本語タイトル"), 9, 2).lines[0] == "┌ 日本… ┐")
        #expect(rendered(Block(title: "日本語タイトル"), 8, 2).lines[0] == "┌ 日… ─┐")
    }

    @Test func tinyAreas() {
        let block = Block(title: "CPU")
        #expect(rendered(block, 3, 3, area: Rect(x: 1, y: 1, width: 0, height: 0)).lines == ["xxx", "xxx", "xxx"])
        #expect(rendered(block, 3, 3, area: Rect(x: 1, y: 1, width: 1, height: 1)).lines == ["xxx", "xxx", "xxx"])
        #expect(rendered(block, 3, 3, area: Rect(x: 0, y: 0, width: 3, height: 1)).lines == ["xxx", "xxx", "xxx"])
        #expect(rendered(block, 3, 3, area: Rect(x: 1, y: 1, width: 2, height: 2)).lines == ["xxx", "x┌┐", "x└┘"])
        #expect(block.inner(Rect(x: 1, y: 1, width: 1, height: 1)).isEmpty)
        #expect(block.inner(Rect(x: 1, y: 1, width: 2, height: 2)) == Rect(x: 2, y: 2, width: 0, height: 0))
        #expect(block.inner(Rect(x: 1, y: 1, width: 10, height: 5)) == Rect(x: 2, y: 2, width: 8, height: 3))
    }

    @Test func blockInsideALargerBufferTouchesOnlyItsArea() {
        let b = rendered(Block(title: "A"), 7, 5, area: Rect(x: 1, y: 1, width: 5, height: 3))
        #expect(b.lines == ["xxxxxxx",
                            "x┌ A ┐x",
                            "x│xxx│x",
                            "x└───┘x",
                            "xxxxxxx"])
    }

    @Test func stylesOfBorderAndTitle() {
        let b = rendered(Block(title: "CPU", borderStyle: blue, titleStyle: bold), 10, 3)
        #expect(b[0, 0].style == blue)
        #expect(b[1, 0].style == blue)   // the space before the title
        #expect(b[2, 0].style == bold)   // "C"
        #expect(b[5, 0].style == blue)   // the space after the title
        #expect(b[9, 1].style == blue)
        #expect(b[1, 1].style == .plain) // inside: untouched
    }
}
