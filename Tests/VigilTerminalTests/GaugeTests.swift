import Testing
import VigilTerminal

@Suite(.timeLimit(.minutes(5))) struct GaugeTests {
    @Test func fillsByRatioRoundingDown() {
        #expect(rendered(Gauge(ratio: 0.5), 10, 1).lines == ["█████░░░░░"])
        #expect(rendered(Gauge(ratio: 0.99), 10, 1).lines == ["█████████░"])
        #expect(rendered(Gauge(ratio: 1), 10, 1).lines == ["██████████"])
        #expect(rendered(Gauge(ratio: 0.5, glyphs: .ascii), 6, 1).lines == ["###---"])
    }

    @Test func ratioIsClampedAndNaNIsZero() {
        #expect(rendered(Gauge(ratio: 2), 4, 1).lines == ["████"])
        #expect(rendered(Gauge(ratio: -1), 4, 1).lines == ["░░░░"])
        #expect(rendered(Gauge(ratio: .nan), 4, 1).lines == ["░░░░"])
        #expect(rendered(Gauge(ratio: .infinity), 4, 1).lines == ["████"])
    }

    @Test func labelIsCentredAndKeepsTheBarStyleOfItsCell() {
        let b = rendered(Gauge(ratio: 0.5, label: "50%", filledStyle: blue, emptyStyle: red), 10, 1)
        #expect(b.lines == ["███50%░░░░"])
        #expect(b[3, 0].style == blue)
        #expect(b[4, 0].style == blue)
        #expect(b[5, 0].style == red)
        #expect(b[0, 0].style == blue)
        #expect(b[9, 0].style == red)
    }

    @Test func longLabelIsCut() {
        #expect(rendered(Gauge(ratio: 0, label: "overloaded"), 5, 1).lines == ["over…"])
        #expect(rendered(Gauge(ratio: 1, label: "日本語"), 5, 1).lines == ["日本…"])
    }

    @Test func drawsOnlyTheTopRowOfItsArea() {
        let b = rendered(Gauge(ratio: 0.5), 6, 4, area: Rect(x: 1, y: 1, width: 4, height: 2))
        #expect(b.lines == ["xxxxxx", "x██░░x", "xxxxxx", "xxxxxx"])
        #expect(rendered(Gauge(ratio: 0.5), 3, 1, area: Rect(x: 0, y: 0, width: 0, height: 1)).lines == ["xxx"])
    }
}
