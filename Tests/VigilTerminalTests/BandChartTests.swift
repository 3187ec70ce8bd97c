import Testing
@testable import VigilTerminal

@Suite(.timeLimit(.minutes(5))) struct BandChartTests {
    @Test func valuesSitOnTheirBandAndOutliersStandOut() {
        var b = Buffer(width: 5, height: 3)
        let outside = Style(fg: .indexed(1))
        BandChart(values: [1, 1, 1, 1, 3], lower: [0, 0, 0, 0, 0], upper: [2, 2, 2, 2, 2],
                  outsideStyle: outside, glyphs: .ascii).render(in: b.area, buffer: &b)
        // Scale 0…3 over 3 rows: the band 0…2 covers rows 1–2, values 1 sit on row 1, the 3 on row 0.
        #expect(b.lines == ["    *", "****:", ":::::"])
        #expect(b[4, 0].style.fg == .indexed(1))
        #expect(b[0, 1].style.fg == nil)
    }

    @Test func latestPointIsAtTheRightEdgeAndEmptyInputDrawsNothing() {
        var b = Buffer(width: 6, height: 2)
        BandChart(values: [5, 6], lower: [4, 5], upper: [6, 7], glyphs: .ascii).render(in: b.area, buffer: &b)
        #expect(b.lines.allSatisfy { $0.hasPrefix("    ") })
        var e = Buffer(width: 3, height: 2)
        BandChart(values: [], lower: [], upper: []).render(in: e.area, buffer: &e)
        #expect(e.lines == ["   ", "   "])
        var z = Buffer(width: 0, height: 0)
        BandChart(values: [1], lower: [0], upper: [2]).render(in: z.area, buffer: &z)
    }

    @Test func nonFiniteValuesLeaveGaps() {
        var b = Buffer(width: 3, height: 1)
        BandChart(values: [1, .nan, 1], lower: [.nan, .nan, .nan], upper: [.nan, .nan, .nan], glyphs: .ascii)
            .render(in: b.area, buffer: &b)
        #expect(b.lines == ["* *"])
    }
}
