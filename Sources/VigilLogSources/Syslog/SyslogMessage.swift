import Foundation
import VigilCore
import VigilSources

/// One syslog message, RFC 5424 or RFC 3164 (the BSD form and its common variants), parsed by hand
/// from the bytes of one frame. Parsing never fails: what does not fit a header is kept as the
/// message, so a sender with an odd format loses nothing.
public struct SyslogMessage: Sendable, Equatable {
    public enum Format: String, Sendable, Equatable {
        case rfc5424
        case rfc3164
        /// No `<PRI>`: the whole frame is the message.
        case raw
    }

    public var format: Format
    /// 0 (kern) … 23 (local7); 1 (user) when the frame has no priority.
    public var facility: Int
    /// 0 (emerg) … 7 (debug); 5 (notice) when the frame has no priority.
    public var severity: Int
    public var timestamp: Date?
    public var hostname: String?
    public var appName: String?
    public var procID: String?
    public var msgID: String?
    /// RFC 5424 structured data: `[id name="value" …]` elements in order.
    public var structuredData: [(id: String, params: [(name: String, value: String)])]
    public var message: String

    public static func == (a: SyslogMessage, b: SyslogMessage) -> Bool {
        a.format == b.format && a.facility == b.facility && a.severity == b.severity && a.timestamp == b.timestamp
            && a.hostname == b.hostname && a.appName == b.appName && a.procID == b.procID && a.msgID == b.msgID
            && a.message == b.message && a.structuredData.count == b.structuredData.count
            && zip(a.structuredData, b.structuredData).allSatisfy { x, y in
                x.id == y.id && x.params.count == y.params.count
                    && zip(x.params, y.params).allSatisfy { $0.name == $1.name && $0.value == $1.value }
            }
    }

    public static let facilityNames = ["kern", "user", "mail", "daemon", "auth", "syslog", "lpr", "news", "uucp", "cron",
                                       "authpriv", "ftp", "ntp", "audit", "alert", "clock", "local0", "local1", "local2",
                                       "local3", "local4", "local5", "local6", "local7"]
    public static let severityNames = ["emerg", "alert", "crit", "err", "warning", "notice", "info", "debug"]

    /// Parses one frame. `arrival` fills the year of BSD timestamps (which have none: the year that
    /// puts the instant nearest before `arrival`, allowing a day of clock skew) and `timeZone` their zone.
    public static func parse<C: Collection<UInt8>>(_ frame: C, arrival: Date, timeZone: TimeZone = .current) -> SyslogMessage
    where C.Index == Int {
        var b = Array(frame)
        // Trailers a sender may leave: LF, CR LF, NUL.
        while let last = b.last, last == 10 || last == 13 || last == 0 { b.removeLast() }
        var m = SyslogMessage(format: .raw, facility: 1, severity: 5, timestamp: nil, hostname: nil, appName: nil,
                              procID: nil, msgID: nil, structuredData: [], message: "")
        var i = 0
        // <PRI>: 1 to 3 digits, 0…191.
        if b.first == 60 {
            var j = 1, pri = 0
            while j < b.count, j <= 4, b[j] >= 48, b[j] <= 57 { pri = pri * 10 + Int(b[j] - 48); j += 1 }
            if j > 1, j <= 4, j < b.count, b[j] == 62, pri <= 191 {
                m.facility = pri / 8
                m.severity = pri % 8
                i = j + 1
            }
        }
        guard i > 0 else {
            m.message = text(b[...])
            return m
        }
        // RFC 5424: VERSION (1 to 3 digits, not 0) and a space.
        var v = i
        while v < b.count, v - i < 3, b[v] >= 48, b[v] <= 57 { v += 1 }
        if v > i, v < b.count, b[v] == 32, b[i] != 48, let parsed = rfc5424(b, from: v + 1, into: m) {
            return parsed
        }
        return rfc3164(b, from: i, into: m, arrival: arrival, timeZone: timeZone)
    }

    /// The fields after `VERSION SP`; nil when the header does not follow RFC 5424 (the caller then
    /// reads it as BSD syslog).
    private static func rfc5424(_ b: [UInt8], from start: Int, into base: SyslogMessage) -> SyslogMessage? {
        var m = base
        m.format = .rfc5424
        var i = start
        func field() -> String?? {
            // Nil: no field (end of header); .some(nil): the NILVALUE "-".
            guard i < b.count else { return nil }
            let s = i
            while i < b.count, b[i] != 32 { i += 1 }
            let value = b[s..<i]
            if i < b.count { i += 1 }
            if value.count == 1, value.first == 45 { return .some(nil) }
            return .some(text(value))
        }
        // TIMESTAMP
        if i < b.count, b[i] == 45, i + 1 == b.count || b[i + 1] == 32 {
            i += min(2, b.count - i)
        } else if let (date, length) = RFC3339.parse(prefixOf: b[i...]), i + length == b.count || b[i + length] == 32 {
            m.timestamp = date
            i += min(length + 1, b.count - i)
        } else {
            return nil
        }
        guard let host = field(), let app = field(), let proc = field(), let msgID = field() else { return nil }
        m.hostname = host; m.appName = app; m.procID = proc; m.msgID = msgID
        // STRUCTURED-DATA: "-" or one or more [elements].
        if i < b.count, b[i] == 45 {
            i += 1
        } else if i < b.count, b[i] == 91 {
            while i < b.count, b[i] == 91 {
                guard let (element, next) = sdElement(b, from: i) else { return nil }
                m.structuredData.append(element)
                i = next
            }
        } else if i < b.count {
            return nil
        }
        if i < b.count, b[i] == 32 { i += 1 }
        var body = b[i...]
        // A UTF-8 byte order mark says the message is UTF-8; it is not part of the text.
        if body.starts(with: [0xEF, 0xBB, 0xBF]) { body = body.dropFirst(3) }
        m.message = text(body)
        return m
    }

    /// `[id name="value" …]` at `start`; the element and the index after its `]`.
    private static func sdElement(_ b: [UInt8], from start: Int) -> ((id: String, params: [(name: String, value: String)]), Int)? {
        var i = start + 1
        let idStart = i
        while i < b.count, b[i] != 32, b[i] != 93 { i += 1 }
        guard i > idStart, i < b.count else { return nil }
        let id = text(b[idStart..<i])
        var params: [(name: String, value: String)] = []
        while i < b.count, b[i] == 32 {
            i += 1
            let nameStart = i
            while i < b.count, b[i] != 61, b[i] != 32, b[i] != 93 { i += 1 }
            guard i + 1 < b.count, b[i] == 61, b[i + 1] == 34, i > nameStart else { return nil }
            let name = text(b[nameStart..<i])
            i += 2
            var value: [UInt8] = []
            while i < b.count, b[i] != 34 {
                // Escapes: \" \\ \] stand for the character; a backslash before anything else is kept.
                if b[i] == 92, i + 1 < b.count, [34, 92, 93].contains(b[i + 1]) {
                    value.append(b[i + 1]); i += 2
                } else {
                    value.append(b[i]); i += 1
                }
            }
            guard i < b.count else { return nil }
            i += 1
            params.append((name, text(value[...])))
        }
        guard i < b.count, b[i] == 93 else { return nil }
        return ((id, params), i + 1)
    }

    /// BSD syslog after `<PRI>`: `Mmm dd hh:mm:ss HOST TAG[PID]: MSG`, and what senders make of it: no
    /// host (a local `logger`), an RFC 3339 timestamp (rsyslog's forward formats), no timestamp.
    private static func rfc3164(_ b: [UInt8], from start: Int, into base: SyslogMessage, arrival: Date,
                                timeZone: TimeZone) -> SyslogMessage {
        var m = base
        m.format = .rfc3164
        let rest = text(b[start...])
        let year = Calendar(identifier: .gregorian).dateComponents(in: timeZone, from: arrival).year ?? 1970
        let parsed = LogTimestamp(year: year, timeZone: timeZone).parsed(rest)
        var body = rest[...]
        if var date = parsed.date, rest.utf8.first.map({ $0 >= 65 && $0 <= 90 || $0 >= 48 && $0 <= 57 }) == true {
            // Without a year: a date more than a day after arrival was last year's.
            if rest.utf8.first.map({ $0 >= 65 && $0 <= 90 }) == true, date.timeIntervalSince(arrival) > 86_400 {
                date = LogTimestamp(year: year - 1, timeZone: timeZone).parsed(rest).date ?? date
            }
            m.timestamp = date
            body = parsed.rest
        }
        // HOST: a word that is not a tag (a tag ends with ':' or holds '[').
        let words = body.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: false)
        if m.timestamp != nil, words.count == 2, let first = words.first, !first.isEmpty, !first.hasSuffix(":"),
           !first.contains("["), isTagStart(words[1]) {
            m.hostname = String(first)
            body = words[1]
        }
        // TAG[PID]: up to 48 characters of letters, digits and ._-/ before '[' or ':'.
        if let (tag, pid, afterTag) = tag(body) {
            m.appName = tag
            m.procID = pid
            body = afterTag
        }
        m.message = String(body)
        return m
    }

    /// Whether `s` starts with `TAG:` or `TAG[` (so the word before it was a host name).
    private static func isTagStart(_ s: Substring) -> Bool { tag(s) != nil }

    private static func tag(_ s: Substring) -> (String, String?, Substring)? {
        var idx = s.startIndex
        var count = 0
        while idx < s.endIndex, count < 48 {
            let c = s[idx]
            if c == ":" || c == "[" { break }
            guard c.isLetter || c.isNumber || c == "." || c == "_" || c == "-" || c == "/" || c == "@" else { return nil }
            idx = s.index(after: idx); count += 1
        }
        guard count > 0, idx < s.endIndex else { return nil }
        let tag = String(s[s.startIndex..<idx])
        var pid: String?
        if s[idx] == "[" {
            guard let close = s[idx...].firstIndex(of: "]"), s.distance(from: idx, to: close) <= 32 else { return nil }
            pid = String(s[s.index(after: idx)..<close])
            idx = s.index(after: close)
        }
        guard idx < s.endIndex, s[idx] == ":" else { return nil }
        idx = s.index(after: idx)
        if idx < s.endIndex, s[idx] == " " { idx = s.index(after: idx) }
        return (tag, pid, s[idx...])
    }

    /// Bytes as text; invalid UTF-8 becomes U+FFFD, as everywhere else in the log sources.
    private static func text<S: Sequence<UInt8>>(_ bytes: S) -> String { String(decoding: Array(bytes), as: UTF8.self) }

    /// The record the log pipeline scores: the sender's timestamp (or the arrival time), the source
    /// named by host and application, and the header and structured data as labels.
    public func record(arrival: Date, transport: String) -> LogRecord {
        var labels: [(name: String, value: String)] = [
            ("facility", Self.facilityNames[min(max(facility, 0), 23)]),
            ("severity", Self.severityNames[min(max(severity, 0), 7)]),
            ("transport", transport),
        ]
        if let hostname { labels.append(("host", hostname)) }
        if let appName { labels.append(("app", appName)) }
        if let procID { labels.append(("procid", procID)) }
        if let msgID { labels.append(("msgid", msgID)) }
        for element in structuredData {
            for p in element.params { labels.append(("sd_\(Self.labelName(element.id))_\(Self.labelName(p.name))", p.value)) }
        }
        let source = "syslog:" + ([hostname, appName].compactMap { $0 }.joined(separator: "/")).nonEmpty(or: "-")
        var record = LogRecord(timestamp: timestamp ?? arrival, source: source, line: message)
        record.labels = Labels(pairs: labels)
        return record
    }

    /// A label name from an SD-ID or parameter name: `[a-zA-Z0-9_]`, other characters as `_`.
    static func labelName(_ s: String) -> String {
        String(s.unicodeScalars.map { c -> Character in
            (c.properties.isASCIIHexDigit || ("a"..."z").contains(c) || ("A"..."Z").contains(c) || c == "_") ? Character(c) : "_"
        })
    }
}

extension String {
    fileprivate func nonEmpty(or fallback: String) -> String { isEmpty ? fallback : self }
}
