import VigilTerminal

/// Where the Logs screen's parts go in its area: the tail table on top, the selected line's
/// detail below a rule. Shared by drawing and key handling, so paging moves by what is shown.
struct LogsLayout {
    let frame: Rect
    let table: Rect
    /// The rule above the detail pane; empty when there is no room for the pane.
    let rule: Rect
    let detail: Rect

    init(_ area: Rect) {
        frame = area
        let inner = area.width >= 2 && area.height >= 2 ? area.inset(by: 1) : Rect(x: area.x, y: area.y, width: 0, height: 0)
        let h = inner.height
        // The pane shrinks before the table does: at 50×12 three lines of the tail still show.
        let paneRows = h >= 30 ? 9 : h >= 16 ? 6 : h >= 6 ? 2 : 0
        let tableRows = paneRows > 0 ? h - paneRows - 1 : h
        table = Rect(x: inner.x, y: inner.y, width: inner.width, height: tableRows)
        rule = Rect(x: inner.x, y: inner.y + tableRows, width: inner.width, height: paneRows > 0 ? 1 : 0)
        detail = Rect(x: inner.x, y: rule.bottom, width: inner.width, height: paneRows)
    }

    /// Lines of the tail shown at once (the table's header takes a row).
    var visibleRows: Int { max(0, table.height - 1) }

    /// The layout of the Logs screen for the model's terminal size; nil below the minimum size.
    static func current(_ model: Model) -> LogsLayout? {
        OverviewLayout.compute(width: model.size.width, height: model.size.height).map { LogsLayout($0.body) }
    }
}

/// Which lines the tail shows and which one is selected, from the state alone (view stays pure).
struct LogsPlacement {
    /// Indices into `LogsState.lines` that pass the filters, oldest first.
    let rows: [Int]
    /// Selected position in `rows`.
    let selected: Int?
    /// First position of `rows` drawn.
    let offset: Int

    init(_ state: LogsState, visibleRows: Int) {
        let rows = state.visibleIndices()
        self.rows = rows
        let ui = state.ui
        guard !rows.isEmpty else { selected = nil; offset = 0; return }
        if ui.follow || ui.selected == nil {
            selected = rows.count - 1
            offset = max(0, rows.count - visibleRows)
            return
        }
        // The selected line may be filtered out or dropped: take the nearest line at or before it.
        let seq = ui.selected ?? 0
        let sel = Self.lastIndex(in: rows, atOrBefore: seq - state.firstSequence) ?? 0
        // With no remembered top the selected line goes to the bottom, where the tail reads from.
        let topIndex = ui.top.map { Self.firstIndex(in: rows, atOrAfter: $0 - state.firstSequence) } ?? (sel - visibleRows + 1)
        selected = sel
        offset = Table.scrollOffset(selected: sel, previousOffset: topIndex, visibleRows: visibleRows, rowCount: rows.count)
    }

    /// Position of the last row whose line index is ≤ `index` (rows are sorted).
    static func lastIndex(in rows: [Int], atOrBefore index: Int) -> Int? {
        var lo = 0, hi = rows.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if rows[mid] <= index { lo = mid + 1 } else { hi = mid }
        }
        return lo == 0 ? nil : lo - 1
    }

    /// Position of the first row whose line index is ≥ `index`; the last row if none.
    static func firstIndex(in rows: [Int], atOrAfter index: Int) -> Int {
        var lo = 0, hi = rows.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if rows[mid] < index { lo = mid + 1 } else { hi = mid }
        }
        return min(lo, rows.count - 1)
    }
}
