import VigilTerminal

/// The footer and help lines of the Logs screen.
enum LogsFooter {
    static func render(_ model: Model, area: Rect, into buffer: inout Buffer) {
        let t = model.theme
        buffer.fill(area, with: Cell(" ", style: t[.header]))
        if let draft = model.logs.ui.filterDraft {
            FooterView.renderPrompt("filter logs", draft: draft, hint: "Enter apply  Esc cancel  (source:X template:X score>0.5)",
                                    model: model, area: area, into: &buffer)
            return
        }
        if let msg = model.message {
            Line(" " + msg, style: t[.accent]).render(x: area.x, y: area.y, width: area.width, buffer: &buffer)
            return
        }
        let arrows = model.glyphs.isASCII ? "j/k" : "↑↓"
        let hints: [(String, String)] = [("q", "quit"), ("?", "help"), (arrows, "select"), ("G", "follow"), ("/", "filter"),
                                         ("t", "template"), ("a", "anomalous"), ("Esc", "clear"),
                                         ("space", model.paused ? "resume" : "pause")]
        FooterView.renderHints(hints, model: model, area: area, into: &buffer)
    }

    /// The help overlay's list on the Logs screen.
    static let helpKeys: [(String, String)] = [
        ("q", "quit (also Ctrl-C)"),
        ("?  F1", "this help; Esc or ? closes it"),
        ("j k  ↑ ↓", "select a line; moving up holds the tail"),
        ("PgUp PgDn  g", "page; oldest line"),
        ("G  End", "newest line; follow the tail again"),
        ("/", "filter: words source:X template:X score>0.5"),
        ("t", "only the selected line's template (again: all)"),
        ("a", "only anomalous (flagged) lines; again: all"),
        ("Esc", "clear the filter, template and anomalous-only"),
        ("space", "pause / resume the clock"),
        ("+  -", "replay speed ×2 / ÷2"),
        ("1  3  4", "overview, anomalies, logs"),
    ]
}
