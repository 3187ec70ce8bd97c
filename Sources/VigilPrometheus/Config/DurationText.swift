import VigilSources
import Foundation

/// Durations as Prometheus writes them (`30s`, `1m30s`, `500ms`, `2h`) or as plain seconds
/// (`15`, `2.5`), for `refresh`.
enum DurationText {
    private static let units: [(suffix: String, seconds: Double)] = [
        ("ms", 0.001), ("s", 1), ("m", 60), ("h", 3600), ("d", 86400),
    ]

    /// Seconds, or nil when the text is neither a number nor a sequence of number+unit parts.
    static func seconds(_ text: String) -> Double? {
        let text = text.trimmingCharacters(in: .whitespaces)
        if let plain = Double(text) { return plain.isFinite ? plain : nil }
        var rest = Substring(text)
        var total = 0.0
        guard !rest.isEmpty else { return nil }
        while !rest.isEmpty {
            let digits = rest.prefix { $0.isNumber || $0 == "." }
            guard let value = Double(digits) else { return nil }
            rest = rest.dropFirst(digits.count)
            // `ms` before `m`: the longer suffix must be tried first.
            guard let unit = units.first(where: { rest.hasPrefix($0.suffix) }) else { return nil }
            rest = rest.dropFirst(unit.suffix.count)
            total += value * unit.seconds
        }
        return total
    }
}
