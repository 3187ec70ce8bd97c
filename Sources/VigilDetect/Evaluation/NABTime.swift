/// NAB's timestamps ("YYYY-MM-DD HH:MM:SS", optionally with a fraction such as ".000000" in
/// the labels), read as UTC seconds since 1970.
///
/// Parsed by hand rather than with a DateFormatter: 137k rows are parsed per run, the format is
/// fixed, and a formatter would bring the process's time zone and locale into it.
public enum NABTime {
    /// Seconds since 1970-01-01 00:00:00 UTC, or nil when `text` is not in the expected form.
    public static func parse(_ text: some StringProtocol) -> Double? {
        let u = Array(text.utf8)
        guard u.count >= 19, u[4] == UInt8(ascii: "-"), u[7] == UInt8(ascii: "-"),
              u[10] == UInt8(ascii: " ") || u[10] == UInt8(ascii: "T"),
              u[13] == UInt8(ascii: ":"), u[16] == UInt8(ascii: ":"),
              let year = number(u, 0, 4), let month = number(u, 5, 2), let day = number(u, 8, 2),
              let hour = number(u, 11, 2), let minute = number(u, 14, 2), let second = number(u, 17, 2),
              (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 61
        else { return nil }
        var fraction = 0.0
        if u.count > 19 {
            // Only a decimal fraction may follow the seconds.
            guard u[19] == UInt8(ascii: "."), u.count > 20 else { return nil }
            var scale = 0.1
            for c in u[20...] {
                guard c >= 48, c <= 57 else { return nil }
                fraction += Double(c - 48) * scale
                scale /= 10
            }
        }
        let days = daysFromCivil(year: year, month: month, day: day)
        return Double(days * 86_400 + hour * 3_600 + minute * 60 + second) + fraction
    }

    private static func number(_ u: [UInt8], _ start: Int, _ count: Int) -> Int? {
        var n = 0
        for c in u[start..<start + count] {
            guard c >= 48, c <= 57 else { return nil }
            n = n * 10 + Int(c - 48)
        }
        return n
    }

    /// Days since 1970-01-01 in the proleptic Gregorian calendar (Howard Hinnant's algorithm).
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }
}
