import VigilTerminal

/// How a list screen draws its table: the theme's header and selection styles, and the scroll
/// marker on the block's right border.
enum ListView {
    static func renderTable(columns: [Table.Column], rows: [[Span]], selection: Int?, offset: Int, block: Rect, inner: Rect,
                            model: Model, into buffer: inout Buffer) {
        let t = model.theme
        var table = Table(columns: columns, rows: rows, selected: selection, offset: offset,
                          headerStyle: t[.header].bold(), selectionStyle: t[.selection], glyphs: model.glyphs)
        table.markerColumn = block.right - 1
        table.render(in: inner, buffer: &buffer)
    }
}
