import Foundation
import VigilTerminal
import Testing

/// Compares text with `__Snapshots__/<name>.txt` beside this file.
///
/// A missing snapshot is written and the test fails ("recorded, re-run"), except under CI
/// (env CI set), where a missing snapshot is a failure. RECORD_SNAPSHOTS=1 rewrites them all.
func assertSnapshot(_ lines: [String], named name: String, sourceLocation: SourceLocation = #_sourceLocation) {
    let dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("__Snapshots__")
    let file = dir.appendingPathComponent(name + ".txt")
    let actual = lines.joined(separator: "\n") + "\n"
    let env = ProcessInfo.processInfo.environment
    let record = env["RECORD_SNAPSHOTS"] == "1"
    if !record, let expected = try? String(contentsOf: file, encoding: .utf8) {
        if expected != actual {
            let exp = expected.split(separator: "\n", omittingEmptySubsequences: false)
            let act = actual.split(separator: "\n", omittingEmptySubsequences: false)
            var firstDiff = ""
            for i in 0..<max(exp.count, act.count) {
                let e = i < exp.count ? String(exp[i]) : "<none>", a = i < act.count ? String(act[i]) : "<none>"
                if e != a { firstDiff = "line \(i + 1):\n  expected: \(e)\n  actual:   \(a)"; break }
            }
            Issue.record("snapshot \(name) differs (RECORD_SNAPSHOTS=1 rewrites it)\n\(firstDiff)", sourceLocation: sourceLocation)
        }
        return
    }
    if env["CI"] != nil && !record {
        Issue.record("snapshot \(name) is missing at \(file.path)", sourceLocation: sourceLocation)
        return
    }
    try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    do {
        try actual.write(to: file, atomically: true, encoding: .utf8)
        Issue.record("snapshot \(name) recorded at \(file.path); re-run to compare", sourceLocation: sourceLocation)
    } catch {
        Issue.record("cannot write snapshot \(file.path): \(error)", sourceLocation: sourceLocation)
    }
}

/// A buffer's styles as text, for snapshots that compare colours and attributes: one letter per
/// cell (the same letter, the same style), then a legend naming each letter's theme slot.
func styleLines(_ buffer: Buffer, theme: Theme) -> [String] {
    let letters = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
    var index: [Style: Character] = [:]
    var order: [Style] = []
    var lines: [String] = []
    for y in 0..<buffer.area.height {
        var line = ""
        for x in 0..<buffer.area.width {
            let style = buffer[x, y].style
            if index[style] == nil {
                index[style] = order.count < letters.count ? letters[order.count] : "?"
                order.append(style)
            }
            line.append(index[style] ?? "?")
        }
        lines.append(line)
    }
    lines.append("--")
    for style in order {
        let exact = ThemeSlot.allCases.filter { theme[$0] == style }.map { "\($0)" }
        let bold = ThemeSlot.allCases.filter { theme[$0].bold() == style && theme[$0] != style }.map { "\($0)+bold" }
        let names = exact + bold
        let described = style == .plain ? "plain" : "\(style)"
        lines.append("\(index[style] ?? "?") = \(names.isEmpty ? described : names.joined(separator: " | "))")
    }
    return lines
}
