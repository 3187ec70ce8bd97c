extension LogMasker {
    /// Where a line's message starts: at its first token that is not a header field. The leading
    /// run of tokens holding variables and at most `headerLetters` letters besides is the line's
    /// header as loggers write it — times, epoch seconds, host, node and process ids, a klog
    /// level letter (`081109 203615 148 INFO …`, `1117838570 2005.06.03 R02-M1-NA-C:J12-U11 … RAS
    /// KERNEL INFO …`, `I1128 07:37:00.982431 2412 prober.go:107] …`). Those fields say where and
    /// when, not what happened, and their shapes vary from line to line of one event
    /// (`R02-M1-NA-…` vs `R02-M1-ND-…` mask to different tokens), so the template and the word
    /// vectors start after them. A token with words in it (`prober.go:<*>]`, a JSON object's
    /// `{"level":"warn","ts":…`) starts the message. A line made of header fields only keeps them all.
    /// Letters a header field may keep beside its variables (`<*>-NA-C:<*>`, `I<*>`, `pid=<*>`).
    static let headerLetters = 3

    public static func messageStart(_ line: Substring) -> String.Index {
        var offset: Int?
        var u = line
        u.withUTF8 { p in
            scanTokens(p, while: { s, e in
                var sink = VariableSink()
                maskToken(p, s, e, into: &sink)
                let header = sink.variable && sink.letters <= headerLetters
                if !header { offset = s }
                return header
            })
        }
        guard let offset, offset > 0 else { return line.startIndex }
        return line.utf8.index(line.startIndex, offsetBy: offset)
    }

    /// The line from `messageStart` on, a structured message (JSON, logfmt) put as its text and
    /// its keys (see `structured`); an access log line from its request on (see `accessLogRequest`).
    public static func message(_ line: Substring) -> Substring {
        if let request = accessLogRequest(line) { return request }
        return structured(line[messageStart(line)...])
    }

    /// An access log line in the Common or Combined Log Format (NCSA; nginx's and Apache httpd's
    /// defaults, most proxies): `host ident user [time] "request" status size ["referer" "agent"]…`.
    /// Host, identity, user and time say who and when; the event starts at the request, so the line
    /// is mined from its opening quote on. The user field is a free word (`alice`), which the
    /// header rules cannot tell from a constant; the format's own layout can. Nil for anything else.
    static func accessLogRequest(_ line: Substring) -> Substring? {
        var rest = line
        for _ in 0..<3 {
            guard let space = rest.firstIndex(of: " "), space > rest.startIndex else { return nil }
            rest = rest[rest.index(after: space)...]
        }
        guard rest.first == "[", let close = rest.firstIndex(of: "]") else { return nil }
        let request = rest[rest.index(after: close)...].dropFirst()
        guard request.first == "\"", rest[rest.index(after: close)...].first == " " else { return nil }
        guard let end = request.dropFirst().firstIndex(of: "\"") else { return nil }
        // `" 200 1234` or `" 404 -`: a three-digit status and a size follow the request.
        let fields = request[request.index(after: end)...].split(separator: " ", maxSplits: 2, omittingEmptySubsequences: false)
        guard fields.count >= 3, fields[0].isEmpty, fields[1].count == 3, fields[1].allSatisfy({ $0.isASCII && $0.isNumber }),
              let size = fields[2].split(separator: " ", maxSplits: 1).first,
              size == "-" || size.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        return request
    }
}
