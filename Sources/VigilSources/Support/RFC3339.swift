import Foundation

/// RFC 3339 timestamps in UTC, formatted and parsed by hand: the log and alert files hold tens of
/// thousands of them, and the formatters in Foundation are both slow and locale-sensitive.
public enum RFC3339 {
    /// Calendar fields of a UTC instant given in milliseconds since 1970.
    public struct Fields: Sendable {
        public let year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int, millisecond: Int
    }

    public static func fields(ms: Int64) -> Fields {
        let days = Int(ms.floorDiv(86_400_000))
        let rest = Int(ms - Int64(days) * 86_400_000)
        let (y, m, d) = civil(fromDays: days)
        return Fields(year: y, month: m, day: d, hour: rest / 3_600_000, minute: rest / 60_000 % 60,
                      second: rest / 1000 % 60, millisecond: rest % 1000)
    }

    /// `2026-11-28T08:14:03.120Z`.
    public static func format(ms: Int64) -> String {
        let f = fields(ms: ms)
        return "\(pad(f.year, 4))-\(pad(f.month, 2))-\(pad(f.day, 2))T\(pad(f.hour, 2)):\(pad(f.minute, 2)):"
            + "\(pad(f.second, 2)).\(pad(f.millisecond, 3))Z"
    }

    public static func format(_ date: Date) -> String {
        format(ms: Int64((date.timeIntervalSince1970 * 1000).rounded()))
    }

    public static func pad(_ v: Int, _ width: Int) -> String {
        let s = String(v)
        return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
    }

    /// Parses `YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)` at the start of `bytes` (a space may
    /// stand for the `T`, as RFC 3339 allows). Returns the instant and the bytes consumed.
    public static func parse<C: Collection<UInt8>>(prefixOf bytes: C) -> (date: Date, length: Int)? where C.Index == Int {
        var i = bytes.startIndex
        func digits(_ n: Int) -> Int? {
            var v = 0
            for _ in 0..<n {
                guard i < bytes.endIndex, bytes[i] >= 48, bytes[i] <= 57 else { return nil }
                v = v * 10 + Int(bytes[i] - 48); i += 1
            }
            return v
        }
        func expect(_ set: [UInt8]) -> Bool {
            guard i < bytes.endIndex, set.contains(bytes[i]) else { return false }
            i += 1; return true
        }
        guard let y = digits(4), expect([45]), let mo = digits(2), expect([45]), let d = digits(2),
              expect([84, 116, 32]), let h = digits(2), expect([58]), let mi = digits(2), expect([58]),
              let s = digits(2), (1...12).contains(mo), (1...31).contains(d), h < 24, mi < 60, s <= 60
        else { return nil }
        var nanos = 0
        if i < bytes.endIndex, bytes[i] == 46 {
            i += 1
            var place = 100_000_000
            let first = i
            while i < bytes.endIndex, bytes[i] >= 48, bytes[i] <= 57 {
                nanos += Int(bytes[i] - 48) * place; place /= 10; i += 1
            }
            guard i > first else { return nil }
        }
        var offset = 0
        if expect([90, 122]) {
            offset = 0
        } else if i < bytes.endIndex, bytes[i] == 43 || bytes[i] == 45 {
            let sign = bytes[i] == 45 ? -1 : 1
            i += 1
            guard let oh = digits(2), expect([58]), let om = digits(2) else { return nil }
            offset = sign * (oh * 3600 + om * 60)
        } else {
            return nil
        }
        let seconds = days(fromCivil: y, mo, d) * 86_400 + h * 3600 + mi * 60 + s - offset
        return (Date(timeIntervalSince1970: Double(seconds) + Double(nanos) / 1e9), i - bytes.startIndex)
    }

    public static func parse(_ text: String) -> Date? {
        let bytes = Array(text.utf8)
        guard let (date, length) = parse(prefixOf: bytes), length == bytes.count else { return nil }
        return date
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
    public static func days(fromCivil year: Int, _ month: Int, _ day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    public static func civil(fromDays days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}

extension Int64 {
    /// Division rounding towards minus infinity, so instants before 1970 still split correctly.
    func floorDiv(_ d: Int64) -> Int64 {
        let q = self / d
        return (self % d != 0 && (self < 0) != (d < 0)) ? q - 1 : q
    }
}
