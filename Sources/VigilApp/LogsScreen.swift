import VigilTerminal

/// Screen 4: the live log tail with anomalous lines highlighted.
enum LogsScreen {
    static func render(_ model: Model, area: Rect, into buffer: inout Buffer) {
        let t = model.theme
        let block = Block(title: "Logs", borderStyle: t[.borderFocused], titleStyle: t[.accent].bold(), glyphs: model.glyphs)
        block.render(in: area, buffer: &buffer)
    }

    /// Keys the Logs screen takes for itself; nil passes the key on to the global keys.
    static func handleKey(_ key: Key, model: inout Model) -> [Effect]? { nil }
}
