import VigilSources
import Foundation

/// Finds the timestamp at the start of a log line, by hand (a DateFormatter per line would cost
/// more than the rest of the pipeline). Formats without a zone are read in `timeZone`; formats
/// without a year (syslog, Android, Proxifier, klog) get `year`.
public struct LogTimestamp: Sendable {
    /// What was found at the start of a line.
    public struct Parsed: Sendable, Equatable {
        /// Nil when no known format matched: the caller uses the arrival time.
        public var date: Date?
        /// The line after the timestamp (and the space after it); the whole line when none matched.
        public var rest: Substring
        /// The severity letter of klog lines (`I`, `W`, `E`, `F`).
        public var level: Character?
    }

    public var year: Int
    public var timeZone: TimeZone

    public init(year: Int? = nil, timeZone: TimeZone = .current) {
        self.year = year ?? Calendar(identifier: .gregorian).component(.year, from: Date())
        self.timeZone = timeZone
    }

    /// With the current year and the local time zone.
    public static func parse(_ line: String) -> (date: Date?, rest: Substring) {
        let p = LogTimestamp().parsed(line)
        return (p.date, p.rest)
    }

    public func parse(_ line: String) -> (date: Date?, rest: Substring) {
        let p = parsed(line)
        return (p.date, p.rest)
    }

    public func parsed(_ line: String) -> Parsed {
        // Every known timestamp fits in the first 48 bytes; copying them is cheaper than walking
        // String indices.
        let head = Array(line.utf8.prefix(48))
        guard let (date, length, level) = match(head) else {
            return Parsed(date: nil, rest: line[...], level: nil)
        }
        var idx = line.utf8.index(line.utf8.startIndex, offsetBy: length)
        while idx < line.utf8.endIndex, line.utf8[idx] == 32 || line.utf8[idx] == 9 {
            idx = line.utf8.index(after: idx)
        }
        return Parsed(date: date, rest: line[idx...], level: level)
    }

    private func match(_ b: [UInt8]) -> (Date, Int, Character?)? {
        guard let first = b.first else { return nil }
        if first == 91 {  // "[10.30 16:49:06]" (Proxifier)
            return proxifier(b).map { ($0.0, $0.1, nil) }
        }
        if isDigit(first) {
            if let (d, n) = RFC3339.parse(prefixOf: b) { return (d, n, nil) }
            if let r = isoLocal(b) ?? hdfs(b) ?? slashed(b) ?? android(b) ?? epoch(b, from: 0) {
                return (r.0, r.1, nil)
            }
            return nil
        }
        if let r = klog(b) { return r }
        if let r = syslog(b) { return (r.0, r.1, nil) }
        // BGL: a label ("-" or an alert category) before the epoch and the date.
        if let space = b.firstIndex(of: 32), space > 0, space < 16,
           b[..<space].allSatisfy({ $0 == 45 || (65...90).contains($0) }),
           let r = epoch(b, from: space + 1) {
            return (r.0, r.1, nil)
        }
        return nil
    }

    // MARK: Formats

    /// `2026-11-29 12:00:00[,.]123` or with a `T`, no zone (Zookeeper, Hadoop, Windows CBS).
    private func isoLocal(_ b: [UInt8]) -> (Date, Int)? {
        var s = Scanner(b)
        guard let y = s.digits(4), s.expect(45), let mo = s.digits(2), s.expect(45), let d = s.digits(2),
              s.expect(32) || s.expect(84), let t = s.time() else { return nil }
        return local(y, mo, d, t, s.i)
    }

    /// HDFS `081109 203615`: yyMMdd HHmmss.
    private func hdfs(_ b: [UInt8]) -> (Date, Int)? {
        var s = Scanner(b)
        guard let y = s.digits(2), let mo = s.digits(2), let d = s.digits(2), s.expect(32),
              let h = s.digits(2), let mi = s.digits(2), let sec = s.digits(2), s.atBoundary else { return nil }
        return local(2000 + y, mo, d, (h, mi, sec, 0), s.i)
    }

    /// Spark and Hadoop `17/06/09 20:10:40`: yy/MM/dd HH:mm:ss.
    private func slashed(_ b: [UInt8]) -> (Date, Int)? {
        var s = Scanner(b)
        guard let y = s.digits(2), s.expect(47), let mo = s.digits(2), s.expect(47), let d = s.digits(2),
              s.expect(32), let t = s.time() else { return nil }
        return local(2000 + y, mo, d, t, s.i)
    }

    /// Android `03-17 16:13:38.811`: MM-dd HH:mm:ss.SSS.
    private func android(_ b: [UInt8]) -> (Date, Int)? {
        var s = Scanner(b)
        guard let mo = s.digits(2), s.expect(45), let d = s.digits(2), s.expect(32), let t = s.time() else { return nil }
        return local(year, mo, d, t, s.i)
    }

    /// Proxifier `[10.30 16:49:06]`: [MM.dd HH:mm:ss].
    private func proxifier(_ b: [UInt8]) -> (Date, Int)? {
        var s = Scanner(b)
        guard s.expect(91), let mo = s.digits(2), s.expect(46), let d = s.digits(2), s.expect(32),
              let t = s.time(), s.expect(93) else { return nil }
        return local(year, mo, d, t, s.i)
    }

    /// klog `I1129 12:00:00.000000`: severity letter, MMdd, time with microseconds.
    private func klog(_ b: [UInt8]) -> (Date, Int, Character?)? {
        var s = Scanner(b)
        guard let letter = b.first, [73, 87, 69, 70].contains(letter) else { return nil }
        s.i = 1
        guard let mo = s.digits(2), let d = s.digits(2), s.expect(32), let t = s.time(),
              let r = local(year, mo, d, t, s.i) else { return nil }
        return (r.0, r.1, Character(Unicode.Scalar(letter)))
    }

    private static let months: [[UInt8]] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep",
                                            "Oct", "Nov", "Dec"].map { Array($0.utf8) }

    /// Syslog `Nov 29 12:00:00` or `Jun  9 06:06:20` (Linux, Mac).
    private func syslog(_ b: [UInt8]) -> (Date, Int)? {
        guard b.count >= 15, let mo = Self.months.firstIndex(where: { $0[...] == b[0..<3] }) else { return nil }
        var s = Scanner(b)
        s.i = 3
        guard s.expect(32) else { return nil }
        _ = s.expect(32)
        guard let d = s.digits(2) ?? s.digits(1), s.expect(32), let t = s.time() else { return nil }
        return local(year, mo + 1, d, t, s.i)
    }

    /// Seconds since 1970 (10 digits, BGL and Thunderbird), optionally followed by a
    /// `2005.06.03` date, which is skipped.
    private func epoch(_ b: [UInt8], from start: Int) -> (Date, Int)? {
        var s = Scanner(b)
        s.i = start
        guard let secs = s.digits(10), s.atBoundary else { return nil }
        var end = s.i
        if s.expect(32), s.digits(4) != nil, s.expect(46), s.digits(2) != nil, s.expect(46),
           s.digits(2) != nil, s.atBoundary {
            end = s.i
        }
        return (Date(timeIntervalSince1970: Double(secs)), end)
    }

    /// An instant from local calendar fields, or nil when the fields are out of range.
    private func local(_ y: Int, _ mo: Int, _ d: Int, _ t: (Int, Int, Int, Int), _ length: Int) -> (Date, Int)? {
        let (h, mi, s, nanos) = t
        guard (1...12).contains(mo), (1...31).contains(d), h < 24, mi < 60, s <= 60 else { return nil }
        let naive = Double(RFC3339.days(fromCivil: y, mo, d) * 86_400 + h * 3600 + mi * 60 + s)
        let offset = timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: naive))
        return (Date(timeIntervalSince1970: naive - Double(offset) + Double(nanos) / 1e9), length)
    }

    private func isDigit(_ c: UInt8) -> Bool { c >= 48 && c <= 57 }

    /// A cursor over the head of a line.
    private struct Scanner {
        let b: [UInt8]
        var i = 0
        init(_ b: [UInt8]) { self.b = b }

        mutating func digits(_ n: Int) -> Int? {
            guard i + n <= b.count else { return nil }
            var v = 0
            for k in i..<(i + n) {
                guard b[k] >= 48, b[k] <= 57 else { return nil }
                v = v * 10 + Int(b[k] - 48)
            }
            i += n
            return v
        }

        mutating func expect(_ c: UInt8) -> Bool {
            guard i < b.count, b[i] == c else { return false }
            i += 1
            return true
        }

        /// The next byte ends a token (end, space, tab, or a punctuation mark that is no digit).
        var atBoundary: Bool { i >= b.count || !(b[i] >= 48 && b[i] <= 57) }

        /// `HH:mm:ss` with an optional `.fff` or `,fff` fraction (any number of digits).
        mutating func time() -> (Int, Int, Int, Int)? {
            guard let h = digits(2), expect(58), let mi = digits(2), expect(58), let s = digits(2) else { return nil }
            var nanos = 0
            if i + 1 < b.count, b[i] == 46 || b[i] == 44, b[i + 1] >= 48, b[i + 1] <= 57 {
                i += 1
                var place = 100_000_000
                while i < b.count, b[i] >= 48, b[i] <= 57 {
                    nanos += Int(b[i] - 48) * place; place /= 10; i += 1
                }
            }
            guard atBoundary else { return nil }
            return (h, mi, s, nanos)
        }
    }
}
