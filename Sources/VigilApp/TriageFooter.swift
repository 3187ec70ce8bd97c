import VigilTerminal

/// The footer and help lines of the Anomalies screen.
enum TriageFooter {
    static func render(_ model: Model, area: Rect, into buffer: inout Buffer) {
        let t = model.theme
        buffer.fill(area, with: Cell(" ", style: t[.header]))
        if let draft = model.triage.filterDraft {
            FooterView.renderPrompt("filter anomalies", draft: draft, hint: "Enter apply  Esc cancel  (subject, log, metric, status)",
                                    model: model, area: area, into: &buffer)
            return
        }
        if let draft = model.triage.noteDraft {
            let targets = model.triage.noteTargets
            let whose = targets.count == 1 ? Format.shorten(model.engine.anomalies.verdicts[targets[0]]?.subject ?? "", to: 32) : "\(targets.count) verdicts"
            FooterView.renderPrompt("note on \(whose)", draft: draft, hint: "Enter save (empty removes)  Esc cancel",
                                    model: model, area: area, into: &buffer)
            return
        }
        if let msg = model.message {
            Line(" " + msg, style: t[.accent]).render(x: area.x, y: area.y, width: area.width, buffer: &buffer)
            return
        }
        let hints: [(String, String)] = model.config.readOnly
            ? [("q", "quit"), ("?", "help"), ("n/p", "next/prev"), ("o", "sort"), ("h", "hidden"), ("/", "filter"), ("read-only", "verdicts off")]
            : [("q", "quit"), ("?", "help"), ("n/p", "next/prev"), ("c", "correct"), ("f", "false"), ("s", "snooze"),
               ("u", "undo"), ("a", "note"), ("v", "mark"), ("o", "sort"), ("h", "hidden"), ("/", "filter")]
        FooterView.renderHints(hints, model: model, area: area, into: &buffer)
    }

    /// The help overlay's list on the Anomalies screen.
    static func helpKeys(readOnly: Bool) -> [(String, String)] {
        var keys: [(String, String)] = [
            ("q", "quit (also Ctrl-C)"),
            ("?  F1", "this help; Esc or ? closes it"),
            ("n p  j k  ↑ ↓", "next / previous anomaly"),
        ]
        if readOnly {
            keys.append(("c f s u a v", "off: started with --read-only"))
        } else {
            keys += [
                ("c", "correct: a real anomaly (similar ones rank higher)"),
                ("f", "false positive: never raised again"),
                ("s  then 1-4", "snooze the subject 15 min / 1 h / 4 h / 24 h"),
                ("u", "undo the last verdict (or note)"),
                ("a", "add a note to the verdict; stored with it"),
                ("v", "mark several; c or f gives them one verdict"),
            ]
        }
        keys += [
            ("o", "sort by time / by score"),
            ("h", "show those marked false or snoozed"),
            ("/", "filter; Esc clears marks, then the filter"),
            ("space  +  -", "pause / resume; replay speed ×2 / ÷2"),
            ("1  3  4", "overview, anomalies, logs"),
        ]
        return keys
    }
}
