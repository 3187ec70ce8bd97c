import Foundation
import VigilCore

/// Times as the store keeps them: UTC ISO 8601 text with milliseconds ("2026-11-29T07:04:44.123Z").
///
/// Text, so `sqlite3 facts.sqlite` shows readable rows and they sort as times; formatted from
/// whole milliseconds, so a time read back and written again gives the same text (export →
/// import → export is byte-identical).
enum FactTime {
    private static let utc: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = .gmt
        return calendar
    }()

    static func millis(_ date: Date) -> Int64 {
        Int64((date.timeIntervalSince1970 * 1000).rounded())
    }

    /// The time the store gives back for `date`.
    static func normalized(_ date: Date) -> Date {
        Date(timeIntervalSince1970: Double(millis(date)) / 1000)
    }

    static func text(_ date: Date) -> String {
        let ms = millis(date)
        let seconds = ms >= 0 ? ms / 1000 : (ms - 999) / 1000
        let fraction = ms - seconds * 1000
        let c = utc.dateComponents([.year, .month, .day, .hour, .minute, .second],
                                   from: Date(timeIntervalSince1970: Double(seconds)))
        return String(format: "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", c.year ?? 0, c.month ?? 0, c.day ?? 0,
                      c.hour ?? 0, c.minute ?? 0, c.second ?? 0, Int(fraction))
    }

    /// Parses ISO 8601 with or without fractional seconds, "Z" or an offset; nil if it is not one.
    static func parse(_ text: String) -> Date? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let withFraction = Date.ISO8601FormatStyle(includingFractionalSeconds: true)
        if let d = try? Date(trimmed, strategy: withFraction) { return normalized(d) }
        if let d = try? Date(trimmed, strategy: Date.ISO8601FormatStyle()) { return normalized(d) }
        return nil
    }

    /// A compact UTC stamp for file names ("20261129T070444.123Z").
    static func fileStamp(_ date: Date) -> String {
        text(date).replacingOccurrences(of: "-", with: "").replacingOccurrences(of: ":", with: "")
    }
}

/// A stable 128-bit hex digest (two FNV-1a passes) for verdicts imported without a uuid:
/// the same line imported twice gets the same uuid, so import stays idempotent.
enum StableDigest {
    static func hex(_ parts: [String]) -> String {
        let bytes = Array(parts.joined(separator: "\u{1F}").utf8)
        func fnv(_ basis: UInt64) -> UInt64 {
            var h = basis
            for b in bytes {
                h ^= UInt64(b)
                h = h &* 0x100_0000_01b3
            }
            return h
        }
        let a = fnv(0xcbf2_9ce4_8422_2325), b = fnv(0x6c62_272e_07bb_0142)
        return String(format: "%016llx%016llx", a, b)
    }
}
