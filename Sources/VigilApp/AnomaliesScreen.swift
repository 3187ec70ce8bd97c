import VigilTerminal

/// Screen 3: anomalies from every detector, with verdicts.
enum AnomaliesScreen {
    static func render(_ model: Model, area: Rect, into buffer: inout Buffer) {
        let t = model.theme
        let block = Block(title: "Anomalies", borderStyle: t[.borderFocused], titleStyle: t[.accent].bold(), glyphs: model.glyphs)
        block.render(in: area, buffer: &buffer)
    }

    /// Keys the Anomalies screen takes for itself; nil passes the key on to the global keys.
    static func handleKey(_ key: Key, model: inout Model) -> [Effect]? { nil }
}
