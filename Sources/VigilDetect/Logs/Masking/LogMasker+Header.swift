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
    /// its keys (see `structured`).
    public static func message(_ line: Substring) -> Substring {
        structured(line[messageStart(line)...])
    }
}
