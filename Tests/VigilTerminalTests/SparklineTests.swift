import Testing
import VigilTerminal

@Suite(.timeLimit(.minutes(5))) struct SparklineTests {
    let ramp: [Double] = (0...12).map(Double.init)

    private func draw(_ values: [Double], _ mode: SparklineMode, width: Int, height: Int = 1,
                      min: Double? = nil, max: Double? = nil) -> [String] {
        rendered(Sparkline(values: values, mode: mode, minValue: min, maxValue: max), width, height).lines
    }

    @Test func capacity() {
        #expect(Sparkline.capacity(width: 0, mode: .braille) == 0)
        #expect(Sparkline.capacity(width: 1, mode: .braille) == 2)
        #expect(Sparkline.capacity(width: 10, mode: .braille) == 20)
        #expect(Sparkline.capacity(width: 10, mode: .blocks) == 10)
        #expect(Sparkline.capacity(width: 10, mode: .ascii) == 10)
        #expect(Sparkline.capacity(width: -3, mode: .ascii) == 0)
    }

    // MARK: braille

    @Test func brailleWidth10() {
        #expect(draw([0, 1, 2, 3, 4], .braille, width: 10) == ["xxxxxxx ⣠⣾"])
    }

    @Test func brailleWidth10Height3() {
        #expect(draw(ramp, .braille, width: 10, height: 3) == ["xxx     ⣠⣾",
                                                              "xxx   ⣠⣾⣿⣿",
                                                              "xxx ⣠⣾⣿⣿⣿⣿"])
    }

    @Test func brailleNarrowWidthsShowTheLatestValues() {
        #expect(draw(ramp, .braille, width: 0) == [""])
        #expect(draw(ramp, .braille, width: 1) == ["⣿"])
        #expect(draw(ramp, .braille, width: 2) == ["⣶⣿"])
    }

    @Test func brailleOddCountFillsTheRightHalfFirst() {
        #expect(draw([4, 4, 4], .braille, width: 2) == ["⢸⣿"])
    }

    @Test func brailleEmptyCellIsASpaceNotU2800() {
        let lines = draw([0, 0, 8, 8], .braille, width: 2)
        #expect(lines == [" ⣿"])
        #expect(!lines[0].unicodeScalars.contains("\u{2800}"))
    }

    @Test func brailleGap() {
        #expect(draw([4, .nan, 4, 4], .braille, width: 2) == ["⡇⣿"])
    }

    // MARK: blocks

    @Test func blocksWidth10() {
        #expect(draw(Array(ramp.prefix(9)), .blocks, width: 10) == ["x ▁▂▃▄▅▆▇█"])
    }

    @Test func blocksWidth10Height3() {
        #expect(draw(Array(ramp.prefix(9)), .blocks, width: 10, height: 3) == ["x      ▂▅█",
                                                                               "x   ▁▄▇███",
                                                                               "x ▃▆██████"])
    }

    @Test func blocksNarrowWidths() {
        let values = Array(ramp.prefix(9))
        #expect(draw(values, .blocks, width: 0) == [""])
        #expect(draw(values, .blocks, width: 1) == ["█"])
        #expect(draw(values, .blocks, width: 2) == ["▇█"])
    }

    @Test func blocksGapsAreWrittenBlank() {
        #expect(draw([1, .nan, 1, .infinity, 0.5, -.infinity], .blocks, width: 7) == ["x█ █ ▄ "])
    }

    @Test func negativeValuesScaleFromTheirMinimum() {
        #expect(draw([-4, 0, 4], .blocks, width: 3) == [" ▄█"])
    }

    // MARK: ascii

    @Test func asciiWidth10() {
        #expect(draw(Array(ramp.prefix(8)), .ascii, width: 10) == ["xx .:-=+*#"])
    }

    @Test func asciiWidth10Height3StacksHashes() {
        #expect(draw(Array(ramp.prefix(8)), .ascii, width: 10, height: 3) == ["xx     .=#",
                                                                             "xx   :+###",
                                                                             "xx -*#####"])
    }

    @Test func asciiNarrowWidths() {
        let values = Array(ramp.prefix(8))
        #expect(draw(values, .ascii, width: 0) == [""])
        #expect(draw(values, .ascii, width: 1) == ["#"])
        #expect(draw(values, .ascii, width: 2) == ["*#"])
        #expect(draw([3, .nan, 6], .ascii, width: 4) == ["x= #"])
    }

    // MARK: scale

    @Test func flatZeroSeriesDrawsABaseline() {
        #expect(draw([0, 0, 0], .blocks, width: 3, height: 3) == ["   ", "   ", "▁▁▁"])
        #expect(draw([0, 0, 0, 0], .braille, width: 2) == ["⣀⣀"])
        #expect(draw([0, 0, 0], .ascii, width: 3) == ["..."])
        #expect(draw([-3, -3], .blocks, width: 2) == ["▁▁"])
    }

    @Test func constantPositiveSeriesIsItsOwnMaximum() {
        #expect(draw([5, 5, 5], .blocks, width: 3) == ["███"])
    }

    @Test func explicitBoundsClamp() {
        #expect(draw([50], .blocks, width: 1, max: 100) == ["▄"])
        #expect(draw([150, -10], .blocks, width: 2, min: 0, max: 100) == ["█ "])
        #expect(draw([50, 100], .blocks, width: 2, min: 50) == [" █"])
        #expect(draw([5], .blocks, width: 1, min: 10, max: 0) == ["▁"])
    }

    @Test func nothingToDrawLeavesTheBufferAlone() {
        #expect(draw([], .braille, width: 4, height: 2) == ["xxxx", "xxxx"])
        let zeroWidth = rendered(Sparkline(values: ramp, mode: .blocks), 3, 1, area: Rect(x: 1, y: 0, width: 0, height: 1))
        #expect(zeroWidth.lines == ["xxx"])
        #expect(draw([.nan, .nan], .blocks, width: 3) == ["x  "])
    }

    @Test func everyWrittenCellHasTheStyle() {
        let b = rendered(Sparkline(values: [1, 2], mode: .blocks, style: blue), 4, 2)
        #expect(b[2, 0].style == blue && b[3, 1].style == blue)
        #expect(b[1, 1].style == .plain)
    }

    /// No size, mode or data crashes, and every line keeps the area's width.
    @Test(arguments: SparklineMode.allCases)
    func anySizeAndDataIsSafe(_ mode: SparklineMode) {
        let series: [[Double]] = [[], [.nan], [1], [-.infinity, .infinity], [1e308, -1e308, 0], ramp, [-1, -2, -3]]
        for width in 0...12 {
            for height in 0...4 {
                for values in series {
                    for bounds in [(nil, nil), (0.0, 1.0), (5.0, 5.0)] as [(Double?, Double?)] {
                        let b = rendered(Sparkline(values: values, mode: mode, minValue: bounds.0, maxValue: bounds.1), width, height)
                        #expect(b.lines.count == height)
                        #expect(b.lines.allSatisfy { TextWidth.of($0) == width })
                    }
                }
            }
        }
    }
}
