import Testing
import VigilTerminal

@Suite(.timeLimit(.minutes(5))) struct LayoutTests {
    private func widths(_ total: Int, _ constraints: [Constraint], spacing: Int = 0) -> [Int] {
        Layout.split(Rect(width: total, height: 1), .horizontal, constraints, spacing: spacing).map(\.width)
    }

    @Test func lengthAndFill() {
        let rects = Layout.split(Rect(x: 2, y: 3, width: 10, height: 4), .horizontal, [.length(3), .fill(1)])
        #expect(rects == [Rect(x: 2, y: 3, width: 3, height: 4), Rect(x: 5, y: 3, width: 7, height: 4)])
    }

    @Test func verticalSplitCutsRows() {
        let rects = Layout.split(Rect(x: 1, y: 1, width: 5, height: 10), .vertical, [.length(1), .fill(1), .length(1)])
        #expect(rects == [Rect(x: 1, y: 1, width: 5, height: 1), Rect(x: 1, y: 2, width: 5, height: 8),
                          Rect(x: 1, y: 10, width: 5, height: 1)])
    }

    @Test func fillSharesByWeightWithLargestRemainder() {
        #expect(widths(10, [.fill(1), .fill(2)]) == [3, 7])
        #expect(widths(10, [.fill(1), .fill(1), .fill(1)]) == [4, 3, 3])
        #expect(widths(7, [.fill(0), .fill(0)]) == [4, 3])
        #expect(widths(10, [.fill(0), .fill(1)]) == [0, 10])
    }

    @Test func percentageAndRatioAreOfTheWhole() {
        #expect(widths(11, [.percentage(50), .percentage(50)]) == [5, 5])
        #expect(widths(10, [.ratio(1, 3), .ratio(1, 3), .ratio(1, 3)]) == [3, 3, 3])
        #expect(widths(10, [.percentage(30), .fill(1)]) == [3, 7])
        #expect(widths(10, [.ratio(1, 0), .percentage(-5), .percentage(500)]) == [0, 0, 10])
    }

    @Test func minHoldsItsFloorAndOtherwiseActsLikeFill() {
        #expect(widths(20, [.min(5), .fill(1)]) == [10, 10])
        #expect(widths(8, [.min(5), .fill(1)]) == [5, 3])
        #expect(widths(12, [.min(2), .min(8), .fill(1)]) == [2, 8, 2])
        #expect(widths(5, [.min(5), .fill(3)]) == [5, 0])
    }

    @Test func overflowShrinksFixedPartsInProportion() {
        #expect(widths(10, [.length(6), .length(6)]) == [5, 5])
        #expect(widths(10, [.length(6), .min(6), .fill(1)]) == [5, 5, 0])
        #expect(widths(3, [.length(10), .length(1)]) == [2, 1])
        #expect(widths(10, [.length(2), .length(3)]) == [2, 3])
    }

    @Test func spacingSitsBetweenParts() {
        let rects = Layout.split(Rect(width: 11, height: 1), .horizontal, [.fill(1), .fill(1)], spacing: 1)
        #expect(rects.map(\.x) == [0, 6])
        #expect(rects.map(\.width) == [5, 5])
    }

    @Test func tinyAndZeroAreasGiveEmptyPartsInside() {
        let zero = Layout.split(Rect(x: 4, y: 0, width: 0, height: 3), .horizontal, [.length(3), .fill(1)])
        #expect(zero == [Rect(x: 4, y: 0, width: 0, height: 3), Rect(x: 4, y: 0, width: 0, height: 3)])
        let squeezed = Layout.split(Rect(width: 1, height: 1), .horizontal, [.fill(1), .fill(1), .fill(1)], spacing: 2)
        #expect(squeezed.map(\.width) == [0, 0, 0])
        #expect(squeezed.allSatisfy { $0.x >= 0 && $0.right <= 1 })
        #expect(Layout.split(Rect(width: 10, height: 1), .horizontal, []).isEmpty)
        #expect(widths(10, [.length(-3), .fill(1)]) == [0, 10])
    }

    /// Over many sizes: as many parts as constraints, inside the area, in order, and covering it
    /// exactly (minus spacing) when a flexible part is present.
    @Test(arguments: [0, 1, 2, 3, 5, 8, 13, 21, 40, 101])
    func invariantsHoldForAnySize(_ total: Int) {
        let sets: [[Constraint]] = [
            [.length(3), .fill(1)], [.min(4), .min(4), .fill(2)], [.percentage(25), .ratio(1, 2), .fill(1)],
            [.length(30), .min(10)], [.fill(1)], [.length(5), .percentage(40), .length(7)],
            [.min(50), .length(2), .fill(7), .fill(1)], [.ratio(2, 3), .min(1)],
        ]
        for constraints in sets {
            for spacing in [0, 1, 2] {
                let area = Rect(x: 3, y: 0, width: total, height: 2)
                let rects = Layout.split(area, .horizontal, constraints, spacing: spacing)
                #expect(rects.count == constraints.count)
                #expect(rects.allSatisfy { $0.width >= 0 && $0.x >= area.x && $0.right <= area.right && $0.height == 2 })
                #expect(zip(rects, rects.dropFirst()).allSatisfy { $0.right <= $1.x })
                let used = rects.reduce(0) { $0 + $1.width }
                let gaps = spacing * (constraints.count - 1)
                let flexible = constraints.contains { if case .fill = $0 { return true }; if case .min = $0 { return true }; return false }
                #expect(used <= max(0, total - gaps))
                if flexible && total >= gaps { #expect(used == total - gaps, "\(constraints) in \(total) spacing \(spacing)") }
            }
        }
    }
}
