import Testing
import VigilTerminal

@Suite(.timeLimit(.minutes(5))) struct BufferTests {
    @Test func asciiTextReturnsNextColumn() {
        var b = Buffer(width: 6, height: 1)
        let next = b.put("abc", x: 1, y: 0)
        #expect(next == 4)
        #expect(b.lines == [" abc  "])
    }

    @Test func wideCharactersTakeTwoCells() {
        var b = Buffer(width: 6, height: 1)
        let next = b.put("日本", x: 0, y: 0, style: red)
        #expect(next == 4)
        #expect(b.lines == ["日本  "])
        #expect(b[0, 0].symbol == "日")
        #expect(b[1, 0].isContinuation)
        #expect(b[1, 0].style == red)
        #expect(b[4, 0] == .blank)
    }

    @Test func emojiIsTwoCells() {
        var b = Buffer(width: 5, height: 1)
        #expect(b.put("a🙂b", x: 0, y: 0) == 4)
        #expect(b.lines == ["a🙂b "])
    }

    @Test func wideCharacterThatCrossesTheRightEdgeIsNotDrawn() {
        var b = xBuffer(3, 1)
        let next = b.put("日本", x: 0, y: 0)
        #expect(next == 2)
        #expect(b.lines == ["日x"])
    }

    @Test func wideCharacterThatCrossesTheClipEdgeIsNotDrawn() {
        var b = xBuffer(6, 1)
        b.put("ab日", x: 0, y: 0, clip: Rect(x: 0, y: 0, width: 3, height: 1))
        #expect(b.lines == ["abxxxx"])
    }

    @Test func wideCharacterCutByTheLeftClipEdgeIsSkipped() {
        var b = xBuffer(5, 1)
        b.put("日本", x: -1, y: 0)
        #expect(b.lines == ["x本xx"])
    }

    @Test func overwritingTheTailOfAWideCharBlanksItsHead() {
        var b = Buffer(width: 4, height: 1)
        b.put("日本", x: 0, y: 0)
        b.put("a", x: 1, y: 0)
        #expect(b.lines == [" a本"])
        #expect(!b[0, 0].isContinuation)
    }

    @Test func overwritingTheHeadOfAWideCharBlanksItsTail() {
        var b = Buffer(width: 4, height: 1)
        b.put("日本", x: 0, y: 0)
        b.put("b", x: 2, y: 0)
        #expect(b.lines == ["日b "])
        #expect(b[3, 0] == Cell(" "))
    }

    @Test func wideOverTwoHalvesBlanksBothNeighbours() {
        var b = Buffer(width: 4, height: 1)
        b.put("日本", x: 0, y: 0)
        b.put("中", x: 1, y: 0)
        #expect(b.lines == [" 中 "])
        #expect(b.cells.filter(\.isContinuation).count == 1)
    }

    @Test func controlCharactersShowAsQuestionMarks() {
        var b = Buffer(width: 4, height: 1)
        b.put("a\tb", x: 0, y: 0)
        #expect(b.lines == ["a?b "])
    }

    @Test func rowsOutsideTheBufferAreIgnored() {
        var b = xBuffer(3, 1)
        #expect(b.put("abc", x: 0, y: 1) == 0)
        #expect(b.put("abc", x: 0, y: -1) == 0)
        #expect(b.lines == ["xxx"])
    }

    @Test func setStylePatchesAndDiffListsChanges() {
        var b = Buffer(width: 3, height: 2)
        b.put("ab", x: 0, y: 0, style: red)
        let before = b
        b.setStyle(reverse, in: Rect(x: 1, y: 0, width: 5, height: 1))
        #expect(b[0, 0].style == red)
        #expect(b[1, 0].style == Style(fg: .indexed(1), modifiers: .reverse))
        #expect(b.diff(from: before).map { [$0.x, $0.y] } == [[1, 0], [2, 0]])
        #expect(b.diff(from: nil).count == 6)
    }
}
