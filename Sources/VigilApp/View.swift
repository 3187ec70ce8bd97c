import Foundation
import VigilCore
import VigilEngine
import VigilTerminal

/// Draws the whole screen for a model at a size. Pure: the same model and size give the same buffer.
public func view(_ model: Model, width: Int, height: Int) -> Buffer {
    var buffer = Buffer(area: Rect(width: width, height: height), filling: Cell(" ", style: model.theme[.background]))
    guard let layout = OverviewLayout.compute(width: width, height: height) else {
        TooSmallView.render(model, into: &buffer)
        if model.glyphs.isASCII { buffer.asciify() }
        return buffer
    }
    HeaderView.render(model, area: layout.header, into: &buffer)
    Screens.spec(model.screen).render(model, layout, &buffer)
    FooterView.render(model, area: layout.footer, into: &buffer)
    switch model.overlay {
    case .help?: HelpView.render(model, area: layout.body, into: &buffer)
    case .detail(let panel, let key)?: DetailView.render(panel, itemKey: key, model: model, area: layout.body, into: &buffer)
    case nil: break
    }
    // ASCII glyphs promise ASCII output: symbols in texts and data (log lines, labels) included.
    if model.glyphs.isASCII { buffer.asciify() }
    return buffer
}

/// Shown below the minimum size: says what is needed, never crashes, even at 1×1.
enum TooSmallView {
    static func render(_ model: Model, into buffer: inout Buffer) {
        let w = buffer.area.width, h = buffer.area.height
        guard w > 0, h > 0 else { return }
        let need = "\(OverviewLayout.minimumWidth)×\(OverviewLayout.minimumHeight)"
        // The size needed comes first: at 10×5 there is room for little else.
        var lines = wrapText("Vigil needs \(need); this terminal is \(w)×\(h).", width: w)
        let more = wrapText("Enlarge the window, or press q to quit.", width: w)
        if lines.count + more.count < h { lines += [""] + more }
        let top = max(0, (h - lines.count) / 2)
        for (i, line) in lines.prefix(h).enumerated() {
            let x = max(0, (w - TextWidth.of(line)) / 2)
            buffer.put(line, x: x, y: top + i, style: model.theme[.warning])
        }
    }
}

/// The bottom line: the line being typed, else a message, else the screen's key hints (from its
/// key table).
enum FooterView {
    static func render(_ model: Model, area: Rect, into buffer: inout Buffer) {
        let t = model.theme
        let spec = Screens.spec(model.screen)
        buffer.fill(area, with: Cell(" ", style: t[.header]))
        if let p = spec.prompt(model) {
            renderPrompt(p.label, draft: p.draft, hint: p.hint, model: model, area: area, into: &buffer)
            return
        }
        if let msg = model.message {
            Line(" " + msg, style: t[.accent]).render(x: area.x, y: area.y, width: area.width, buffer: &buffer)
            return
        }
        renderHints(spec.keys.hints(model), model: model, area: area, into: &buffer)
    }

    /// Text being typed: " label: draft▏  hint", the cursor an underscore in ASCII mode.
    static func renderPrompt(_ label: String, draft: String, hint: String, model: Model, area: Rect, into buffer: inout Buffer) {
        let t = model.theme
        Line([Span(" \(label): ", style: t[.accent]), Span(draft, style: t[.text]),
              Span(model.glyphs.isASCII ? "_" : "▏", style: t[.accent]), Span("  " + hint, style: t[.muted])])
            .render(x: area.x, y: area.y, width: area.width, buffer: &buffer)
    }

    /// One line of key hints: each key in the accent colour, what it does muted.
    static func renderHints(_ hints: [(key: String, what: String)], model: Model, area: Rect, into buffer: inout Buffer) {
        let t = model.theme
        var spans: [Span] = [Span(" ")]
        for (k, what) in hints {
            spans.append(Span(k, style: t[.accent].bold()))
            spans.append(Span(" \(what)  ", style: t[.muted]))
        }
        Line(spans).render(x: area.x, y: area.y, width: area.width, buffer: &buffer)
    }
}

/// Word-wraps plain text to `width` cells, hard-cutting words longer than a line; stops after
/// `maxRows` rows. Linear in the text it reads (a 50 MB log line once took hours here).
func wrapText(_ text: String, width: Int, maxRows: Int = .max) -> [String] {
    guard width > 0, maxRows > 0 else { return [] }
    var lines: [String] = []
    var current = "", currentWidth = 0
    for word in text.split(separator: " ") {
        guard lines.count < maxRows else { break }
        var rest = word
        var restWidth = rest.reduce(0) { $0 + TextWidth.of($1) }
        while restWidth > width, lines.count < maxRows {
            if currentWidth > 0 { lines.append(current); current = ""; currentWidth = 0; continue }
            // One row's worth from the front (a grapheme wider than the row gets a row of its own).
            var end = rest.startIndex, used = 0
            while end < rest.endIndex {
                let w = TextWidth.of(rest[end])
                if used + w > width, used > 0 { break }
                used += w
                end = rest.index(after: end)
            }
            lines.append(String(rest[..<end]))
            rest = rest[end...]
            restWidth -= used
        }
        guard lines.count < maxRows else { break }
        if rest.isEmpty { continue }
        if currentWidth == 0 { current = String(rest); currentWidth = restWidth }
        else if currentWidth + 1 + restWidth <= width { current += " " + rest; currentWidth += 1 + restWidth }
        else { lines.append(current); current = String(rest); currentWidth = restWidth }
    }
    if !current.isEmpty, lines.count < maxRows { lines.append(current) }
    return lines
}
