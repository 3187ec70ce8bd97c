extension LogMasker {
    /// Keys whose value is the event's text in structured logs (logfmt, slog, zap, logrus, klog,
    /// structlog's `event`, Docker's JSON `log`).
    static let messageKeys: Set<String> = ["msg", "message", "MESSAGE", "Message", "log", "event"]
    /// Keys whose value is a severity: few values, and part of what the event is.
    static let levelKeys: Set<String> = ["level", "lvl", "severity", "loglevel", "log.level", "LEVEL", "Level", "PRIORITY"]

    /// A structured message (a JSON object, or a run of logfmt `key=value` pairs holding a message
    /// key; also a JVM stack frame, see `stackFrame`) as the miner and the word vectors should see it: the message text first, then each
    /// other key in the line's order, its value kept for a level key and `<*>` otherwise
    /// (`{"level":"info","msg":"request served","path":"/api/…","status":200}` →
    /// `request served level=info path=<*> status=<*>`). In structured logging the message names the
    /// event and every other field is one of its variables by construction: the key says which.
    /// Text before the structured part (a CRI `stdout F`, a logger name) is kept as it is.
    /// Anything else is returned unchanged.
    public static func structured(_ message: Substring) -> Substring {
        // Cheap byte checks first: this runs on every line. A JSON object ends with `}`; a logfmt
        // run has a message key followed by `=`.
        var lastByte: UInt8 = 0
        var messageKey = false
        var m = message
        m.withUTF8 { p in
            var end = p.count
            while end > 0, isSpace(p[end - 1]) || p[end - 1] == 0x0A { end -= 1 }
            if end > 0 { lastByte = p[end - 1] }
            if lastByte != 0x7D { messageKey = hasMessageKey(p) }
        }
        if lastByte == 0x29, let frame = stackFrame(message) { return frame }
        if lastByte == 0x7D, let rewritten = jsonObjectMessage(message) { return Substring(rewritten) }
        if messageKey, let rewritten = logfmtMessage(message) { return Substring(rewritten) }
        return message
    }

    /// A JVM stack frame (`at com.example.Pool.take(Pool.java:212)`, `at java.base/jdk.internal….(Native
    /// Method)`): which method is where is the frame's variable, `at` is its event. Nil for anything else.
    static func stackFrame(_ message: Substring) -> Substring? {
        var rest = message.drop { $0 == " " || $0 == "\t" }
        guard rest.hasPrefix("at ") else { return nil }
        rest = rest.dropFirst(3)
        while rest.last == " " || rest.last == "\t" || rest.last == "\r" { rest = rest.dropLast() }
        guard let paren = rest.firstIndex(of: "("), rest.last == ")" else { return nil }
        let method = rest[..<paren]
        guard method.split(separator: ".").count >= 3, !method.contains(" ") else { return nil }
        return "at <*>"
    }

    /// Whether some `=` follows a message key at the start of a token (`msg=`, ` message=`).
    private static func hasMessageKey(_ p: UnsafeBufferPointer<UInt8>) -> Bool {
        var i = 0
        while i < p.count {
            if p[i] == 0x3D {
                var s = i
                while s > 0, !isSpace(p[s - 1]) { s -= 1 }
                if i - s >= 3, i - s <= 7, messageKeys.contains(String(decoding: UnsafeBufferPointer(rebasing: p[s..<i]), as: UTF8.self)) {
                    return true
                }
            }
            i += 1
        }
        return false
    }

    private static func render(prefix: Substring, fields: [(key: String, value: String?)]) -> String? {
        guard let text = fields.first(where: { messageKeys.contains($0.key) })?.value, !text.isEmpty else { return nil }
        var out = String(prefix)
        if !out.isEmpty && out.last != " " { out += " " }
        out += text
        var usedMessage = false
        for f in fields {
            if !usedMessage && messageKeys.contains(f.key) && f.value == text { usedMessage = true; continue }
            if levelKeys.contains(f.key), let v = f.value, !v.isEmpty, !v.contains(" ") {
                out += " \(f.key)=\(v)"
            } else {
                out += " \(f.key)=<*>"
            }
        }
        return out
    }

    // MARK: - logfmt

    /// `… key=value key="quoted value" …`: the trailing run of pairs (two or more) with a message key.
    static func logfmtMessage(_ message: Substring) -> String? {
        let tokens = LogMasker.tokens(message)
        guard tokens.count >= 2 else { return nil }
        var fields: [(key: String, value: String?)] = []
        var firstPair = tokens.count
        for t in tokens.reversed() {
            guard let pair = keyValue(t) else { break }
            fields.append(pair)
            firstPair -= 1
        }
        guard fields.count >= 2 else { return nil }
        fields.reverse()
        let prefix: Substring = firstPair == 0 ? "" : message[message.startIndex..<tokens[firstPair].startIndex]
        return render(prefix: prefix, fields: fields)
    }

    private static func keyValue(_ token: Substring) -> (key: String, value: String?)? {
        guard let eq = token.firstIndex(of: "="), eq > token.startIndex else { return nil }
        let key = token[..<eq]
        guard let first = key.unicodeScalars.first, first.properties.isAlphabetic || first == "_" || first == "@",
              key.unicodeScalars.allSatisfy({ $0.properties.isAlphabetic || $0.properties.numericType != nil || "_.-@/".unicodeScalars.contains($0) })
        else { return nil }
        var value = token[token.index(after: eq)...]
        if value.count >= 2, value.first == "\"", value.last == "\"" { value = value.dropFirst().dropLast() }
        return (String(key), String(value))
    }

    // MARK: - JSON

    /// `{…}` (after an optional prefix of words): a JSON object whose top-level string fields include a message key.
    static func jsonObjectMessage(_ message: Substring) -> String? {
        guard let openByte = message.utf8.firstIndex(of: 0x7B) else { return nil }
        let open = openByte
        var trimmedEnd = message.endIndex
        while trimmedEnd > open, let c = message[..<trimmedEnd].last, c == " " || c == "\t" || c == "\r" || c == "\n" {
            trimmedEnd = message.index(before: trimmedEnd)
        }
        guard trimmedEnd > open, message[message.index(before: trimmedEnd)] == "}" else { return nil }
        let prefix = message[..<open]
        // The prefix is words (a stream name, a logger): no `{` opened a value before the object.
        guard prefix.isEmpty || prefix.last == " " else { return nil }
        var scanner = JSONScanner(Array(message[open..<trimmedEnd].utf8))
        guard let fields = scanner.object(), scanner.atEnd else { return nil }
        return render(prefix: prefix, fields: fields)
    }

    /// A minimal reader of one JSON object's top-level fields: strings are decoded, other values
    /// (numbers, literals, nested objects and arrays) are skipped and given as nil.
    struct JSONScanner {
        let b: [UInt8]
        var i = 0
        init(_ bytes: [UInt8]) { b = bytes }

        var atEnd: Bool { mutating get { skipSpace(); return i == b.count } }

        mutating func skipSpace() { while i < b.count, b[i] == 0x20 || b[i] == 0x09 || b[i] == 0x0A || b[i] == 0x0D { i += 1 } }

        mutating func object() -> [(key: String, value: String?)]? {
            skipSpace()
            guard i < b.count, b[i] == 0x7B else { return nil }
            i += 1
            var out: [(key: String, value: String?)] = []
            skipSpace()
            if i < b.count, b[i] == 0x7D { i += 1; return out }
            while true {
                skipSpace()
                guard let key = string() else { return nil }
                skipSpace()
                guard i < b.count, b[i] == 0x3A else { return nil }
                i += 1
                skipSpace()
                guard i < b.count else { return nil }
                if b[i] == 0x22 {
                    guard let v = string() else { return nil }
                    out.append((key, v))
                } else {
                    guard skipValue() else { return nil }
                    out.append((key, nil))
                }
                skipSpace()
                guard i < b.count else { return nil }
                if b[i] == 0x2C { i += 1; continue }
                if b[i] == 0x7D { i += 1; return out }
                return nil
            }
        }

        mutating func string() -> String? {
            guard i < b.count, b[i] == 0x22 else { return nil }
            i += 1
            var bytes: [UInt8] = []
            while i < b.count {
                let c = b[i]
                if c == 0x22 { i += 1; return String(decoding: bytes, as: UTF8.self) }
                if c == 0x5C {
                    guard i + 1 < b.count else { return nil }
                    let e = b[i + 1]
                    i += 2
                    switch e {
                    case 0x6E, 0x74, 0x72: bytes.append(0x20)  // \n \t \r: a space, the message stays one line
                    case 0x75:  // \uXXXX
                        guard i + 4 <= b.count, let v = UInt32(String(decoding: b[i..<(i + 4)], as: UTF8.self), radix: 16) else { return nil }
                        i += 4
                        let scalar = Unicode.Scalar(v) ?? "\u{FFFD}"
                        bytes.append(contentsOf: Array(String(Character(scalar)).utf8))
                    default: bytes.append(e)
                    }
                    continue
                }
                bytes.append(c)
                i += 1
            }
            return nil
        }

        /// Skips a number, literal, object or array; false on an unterminated one.
        mutating func skipValue() -> Bool {
            var depth = 0
            while i < b.count {
                let c = b[i]
                if c == 0x22 {
                    guard string() != nil else { return false }
                    continue
                }
                if c == 0x7B || c == 0x5B { depth += 1 } else if c == 0x7D || c == 0x5D {
                    if depth == 0 { return true }
                    depth -= 1
                } else if depth == 0 && c == 0x2C { return true }
                i += 1
            }
            return depth == 0
        }
    }
}
