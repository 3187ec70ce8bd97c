import Foundation
import VigilSources
import VigilTerminal

/// Number, duration and time formats shared by every screen.
public enum Format {
    /// "45s", "12m", "3h05m", "2d04h".
    public static func duration(_ seconds: Double) -> String {
        guard seconds.isFinite else { return "—" }
        // 1e308 seconds is a flag's typo, not a duration: shown at a ceiling of 10^15 s.
        let s = Int(min(max(0, seconds), 1e15))
        if s < 60 { return "\(s)s" }
        if s < 3600 { return "\(s / 60)m" }
        if s < 86400 { return String(format: "%dh%02dm", s / 3600, (s % 3600) / 60) }
        return "\(s / 86400)d" + String(format: "%02dh", (s % 86400) / 3600)
    }

    /// A per-second rate with sensible precision: "0.60/s", "12.3/s", "1.2k/s".
    public static func rate(_ v: Double) -> String {
        guard v.isFinite else { return "—" }
        if v >= 1000 { return String(format: "%.1fk/s", v / 1000) }
        if v >= 100 { return String(format: "%.0f/s", v) }
        if v >= 10 { return String(format: "%.1f/s", v) }
        return String(format: "%.2f/s", v)
    }

    /// "57%", "0.4%".
    public static func percent(_ fraction: Double) -> String {
        guard fraction.isFinite else { return "—" }
        let p = fraction * 100
        return p < 1 && p > 0 ? String(format: "%.1f%%", p) : String(format: "%.0f%%", p)
    }

    /// "842", "12.3k", "4.56M".
    public static func count(_ v: Double) -> String {
        guard v.isFinite else { return "—" }
        if abs(v) >= 1e6 { return String(format: "%.2fM", v / 1e6) }
        if abs(v) >= 1e4 { return String(format: "%.1fk", v / 1e3) }
        return String(format: "%.0f", v)
    }

    /// A value for charts: compact, three significant digits.
    public static func value(_ v: Double) -> String {
        guard v.isFinite else { return v.isNaN ? "NaN" : (v > 0 ? "+Inf" : "-Inf") }
        if abs(v) >= 1e4 || (abs(v) < 0.01 && v != 0) { return String(format: "%.3g", v) }
        if v == v.rounded() { return String(format: "%.0f", v) }
        return String(format: "%.2f", v)
    }

    /// "2026-11-28 10:15:00Z" (UTC: operators compare times across regions).
    public static func clock(_ d: Date) -> String {
        guard let t = seconds(d) else { return "invalid time" }
        return clockUTC(t, withDate: true)
    }

    /// "10:15:00".
    public static func timeOfDay(_ d: Date) -> String { seconds(d).map { clockUTC($0, withDate: false) } ?? "--:--:--" }

    /// Whole seconds since 1970, or nil for a time no clock can show (NaN, ±Inf, beyond year ±100,000:
    /// a corrupt timestamp must not trap the screen).
    static func seconds(_ d: Date) -> Int? {
        let t = d.timeIntervalSince1970
        guard t.isFinite, abs(t) < 3.1e12 else { return nil }
        return Int(t)
    }

    private static func clockUTC(_ t: Int, withDate: Bool) -> String {
        // Hand-rolled: no formatter, no locale, cheap enough for every frame.
        let days = Int((Double(t) / 86400).rounded(.down))
        let secs = t - days * 86400
        let hms = String(format: "%02d:%02d:%02d", secs / 3600, (secs % 3600) / 60, secs % 60)
        guard withDate else { return hms }
        let (y, m, d) = RFC3339.civil(fromDays: days)
        return String(format: "%04d-%02d-%02d ", y, m, d) + hms + "Z"
    }


    /// Cuts text to `width` cells with an ellipsis.
    public static func shorten(_ text: String, to width: Int) -> String {
        TextWidth.of(text) <= width ? text : TextWidth.prefix(text, fitting: max(0, width - 1)) + "…"
    }
}
