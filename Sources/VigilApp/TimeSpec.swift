import Foundation

/// Parses the instants users type for `--start` and `--at`.
public enum TimeSpec {
    /// Accepts RFC 3339 (`2026-11-28T08:30:00Z`), `start`, `end`, `+90m`/`+2h`/`+30s` (after `start`)
    /// and `-15m` (before `end`). Returns nil for anything else.
    public static func parse(_ text: String, start: Date, end: Date) -> Date? {
        let s = text.trimmingCharacters(in: .whitespaces)
        if s == "start" { return start }
        if s == "end" { return end }
        if let first = s.first, first == "+" || first == "-", let secs = duration(String(s.dropFirst())) {
            return first == "+" ? start.addingTimeInterval(secs) : end.addingTimeInterval(-secs)
        }
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let d = f.date(from: s) { return d }
        f.formatOptions = [.withInternetDateTime]
        return f.date(from: s)
    }

    /// "90s", "15m", "2h", "1d", "1h30m" → seconds.
    public static func duration(_ text: String) -> Double? {
        var total = 0.0, number = "", any = false
        for c in text {
            if c.isNumber || c == "." { number.append(c); continue }
            guard let n = Double(number) else { return nil }
            switch c {
            case "s": total += n
            case "m": total += n * 60
            case "h": total += n * 3600
            case "d": total += n * 86400
            default: return nil
            }
            number = ""; any = true
        }
        if !number.isEmpty { guard let n = Double(number) else { return nil }; total += n; any = true }
        return any ? total : nil
    }
}
