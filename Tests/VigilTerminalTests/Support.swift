import VigilTerminal

/// A buffer of "x" cells: whatever still reads "x" after rendering, the widget left alone.
func xBuffer(_ width: Int, _ height: Int) -> Buffer {
    Buffer(area: Rect(width: width, height: height), filling: Cell("x"))
}

/// `widget` drawn into a fresh x-filled (or blank) buffer, over `area` or the whole buffer.
func rendered(_ widget: some Widget, _ width: Int, _ height: Int, area: Rect? = nil, filled: Bool = true) -> Buffer {
    var buffer = filled ? xBuffer(width, height) : Buffer(width: width, height: height)
    widget.render(in: area ?? buffer.area, buffer: &buffer)
    return buffer
}

let red = Style(fg: .indexed(1))
let blue = Style(fg: .indexed(4))
let reverse = Style(modifiers: .reverse)
let bold = Style(modifiers: .bold)
