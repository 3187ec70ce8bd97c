/// Splits a log message into whitespace-separated tokens and replaces the variable parts of each
/// token with `<*>`, in one pass over the UTF-8 bytes (no regular expressions: this runs on every
/// line a miner sees). Each rule below was kept because it raised group accuracy on the LogHub
/// samples with one setting for all of them.
///
/// Tokens are runs of bytes other than space, tab and CR, except that
/// - a number and its unit are one token (`12 ms`, `<1 sec`, `1190 bytes (1.16 KB)`) and become `<*>`;
/// - a double-quoted value after `=` is one token even with spaces in it: `tag="View Lock"` → `tag=<*>`.
///   Other quoted text is left to the rules below: `"GET /v2/… HTTP/1.1"` keeps its verb, which
///   tells templates apart.
///
/// Per token:
/// - A path (`/a/b…` at the start or after `=`, `:`, `(`, `[`, with two `/` or more) becomes `<*>`.
/// - An IPv6-looking token (hex digits, `:`, `.` and brackets only, two `:` or more, so also
///   `[fe80::1]:8080`) becomes `<*>`; `host.name:port` becomes `<*>:<*>`.
/// - Three-letter month and weekday names (`Jun`, `Fri`) become `<*>`: they are timestamps.
/// - Otherwise a token with no digit (and no run of eight hex letters) is kept as is.
/// - A token with digits is cut into segments at ASCII punctuation; each segment holding a digit
///   becomes `<*>` (`blk_-123` → `blk_<*>`, `core.1234` → `core.<*>`, `uid=0` → `uid=<*>`, `12ms` → `<*>`),
///   a `-` glued before it being its sign. Masked segments joined by a single `.`, `-`, `_` or `,`
///   collapse (`10.1.2.3:50010` → `<*>:<*>`, `3.5s` → `<*>`), and UUIDs, dotted names with a number
///   (`24-54-76-216.adelphia.net`) and runs of 8+ hex digits (`ffffffff`) are one `<*>`, so the
///   shape of an id does not split templates.
/// - Words of four letters or more with one trailing digit (`SOCKS5`) are names and kept; shorter
///   ones (`CPU0`, `ipv4`) are masked: on LogHub, they are numbered devices more often than names.
public enum LogMasker {
    /// The masked tokens of a message, as strings (allocates: the miner uses the hashing path).
    public static func masked(_ message: Substring) -> [String] {
        var out: [String] = []
        var utf8 = Array(message.utf8)
        utf8.withUnsafeBufferPointer { p in
            forEachToken(p) { s, e in
                var sink = ByteSink()
                maskToken(p, s, e, into: &sink)
                out.append(String(decoding: sink.bytes, as: UTF8.self))
            }
        }
        utf8.removeAll()
        return out
    }

    /// The masked message, tokens joined by one space.
    public static func maskedLine(_ message: Substring) -> String {
        masked(message).joined(separator: " ")
    }

    /// The raw tokens of a message, as the masker sees them (quantities with units and quoted
    /// values after `=` kept whole).
    public static func tokens(_ message: Substring) -> [Substring] {
        var out: [Substring] = []
        let utf8 = Array(message.utf8)
        utf8.withUnsafeBufferPointer { p in
            forEachToken(p) { s, e in
                let a = message.utf8.index(message.startIndex, offsetBy: s)
                let b = message.utf8.index(a, offsetBy: e - s)
                out.append(message[a..<b])
            }
        }
        return out
    }

    // MARK: - Scanner

    @inline(__always) static func isSpace(_ c: UInt8) -> Bool { c == 0x20 || c == 0x09 || c == 0x0D }
    @inline(__always) static func isDigit(_ c: UInt8) -> Bool { c &- 0x30 < 10 }
    /// ASCII punctuation cuts segments; letters, digits and non-ASCII bytes do not.
    @inline(__always) static func isDelimiter(_ c: UInt8) -> Bool {
        c < 0x80 && !isDigit(c) && (c | 0x20) &- 0x61 >= 26
    }
    @inline(__always) static func isHex(_ c: UInt8) -> Bool { isDigit(c) || (c | 0x20) &- 0x61 < 6 }

    /// Calls `body(start, end)` for each token. A token starting with `"` (or with `word="`) runs to
    /// the closing quote even across spaces, when that quote exists.
    @inline(__always)
    static func forEachToken(_ p: UnsafeBufferPointer<UInt8>, _ body: (Int, Int) -> Void) {
        scanTokens(p, while: { s, e in body(s, e); return true })
    }

    /// As `forEachToken`, stopping after the first token for which `body` returns false.
    @inline(__always)
    static func scanTokens(_ p: UnsafeBufferPointer<UInt8>, while body: (Int, Int) -> Bool) {
        let n = p.count
        var i = 0
        while i < n {
            while i < n && isSpace(p[i]) { i += 1 }
            if i >= n { break }
            let s = i
            while true {
                i = plainRunEnd(p, from: i)
                if i >= n || isSpace(p[i]) { break }
                // A quote: after `=`, it runs to its closing quote.
                if i > s, p[i - 1] == 0x3D, let close = closingQuote(p, from: i + 1) { i = close + 1 } else { i += 1 }
            }
            // A number and its unit are one value (`12 ms`, `<1 sec`, `1190 bytes (1.16 KB)`), so
            // that a unit written apart does not change the token count.
            if i > s, isDigit(p[i - 1]), let unitEnd = unitAfter(p, i), endsWithNumber(p, s, i) {
                i = unitEnd
                if let groupEnd = parenthesisedQuantity(p, i) { i = groupEnd }
            }
            if !body(s, i) { return }
        }
    }

    @inline(__always) static func endsWithNumber(_ p: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int) -> Bool {
        guard e > s, isDigit(p[e - 1]) else { return false }
        for k in s..<e where !isDelimiter(p[k]) && !isDigit(p[k]) { return false }
        return true
    }

    /// The end of a unit word right after position `i` (one space away), nil when there is none.
    /// Trailing punctuation (`sec,` `KB)`) belongs to the sentence around the unit but ends with it.
    @inline(__always) static func unitAfter(_ p: UnsafeBufferPointer<UInt8>, _ i: Int) -> Int? {
        // Every unit is one to seven letters: a number or a word in punctuation is no unit, unscanned,
        // and a word is read no further than its eighth letter.
        let n = p.count
        guard i + 1 < n, p[i] == 0x20, unitInitials & (1 &<< UInt64(p[i + 1] & 0x3F)) != 0 else { return nil }
        var w = i + 1
        var key: UInt64 = 0
        while w < n && (p[w] | 0x20) &- 0x61 < 26 {
            if w - (i + 1) == 7 { return nil }
            key = key << 8 | UInt64(p[w])
            w += 1
        }
        guard units.contains(key) else { return nil }
        var e = w
        while e < n && !isSpace(p[e]) {
            guard isDelimiter(p[e]) else { return nil }
            e += 1
        }
        return e
    }

    /// `(1.16 KB)` right after position `i`: a quantity restated in other units.
    @inline(__always) static func parenthesisedQuantity(_ p: UnsafeBufferPointer<UInt8>, _ i: Int) -> Int? {
        guard i + 2 < p.count, p[i] == 0x20, p[i + 1] == 0x28 else { return nil }
        var e = i + 2
        while e < p.count && !isSpace(p[e]) { e += 1 }
        guard endsWithNumber(p, i + 1, e), let end = unitAfter(p, e), p[end - 1] == 0x29 else { return nil }
        return end
    }

    /// Compared by linear search: 25 integers beat hashing one.
    static let units: [UInt64] =
        ["B", "KB", "MB", "GB", "TB", "KiB", "MiB", "GiB", "kB", "byte", "bytes", "ns", "us", "ms", "s", "sec",
         "secs", "second", "seconds", "min", "mins", "minute", "minutes", "h", "hours"].map { unit in
            unit.utf8.reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        }

    /// The first letters of the units (`B K M G T k b n u m s h`), one bit each: bit `c & 63`,
    /// distinct for the 52 letters. A test checks it against `units`.
    static var unitInitials: UInt64 { 0x0028_6904_0010_2884 }

    /// The index of the `"` closing a quote opened before `from`, nil when the line has none.
    @inline(__always) static func closingQuote(_ p: UnsafeBufferPointer<UInt8>, from: Int) -> Int? {
        var j = from
        while j < p.count {
            if p[j] == 0x22 { return j }
            j += 1
        }
        return nil
    }

    /// Writes the masked form of token `p[s..<e]` into `sink`.
    ///
    /// Transparent, so always inlined: with `@inline(__always)` alone the compiler inlines a function
    /// into a large caller only while the function has at most 64 basic blocks, and the miner's loop
    /// is large; called instead of inlined, mining was 5 to 10% slower. The rare cases are out of line.
    @_transparent
    static func maskToken<S: MaskSink>(_ p: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int, into sink: inout S) {
        // One pass, eight bytes at a time, classifies the token; the rare cases are confirmed afterwards.
        let c = tokenLanes(p, s, e)
        // Digits only (times, ids, counts): a number, the commonest token with a variable.
        if c.allDigits { sink.wildcard(); return }
        // A word (no digit, quote or slash) is kept, unless it is a month or weekday name or holds a
        // run of hex letters. Numbers and words are most tokens: this part is kept small enough for
        // the compiler to inline it into the miner's loop, the rest is a call.
        if !c.anyDigit && !c.quote && !c.slash {
            let dateName = e - s == 3 && isDateName(p[s], p[s + 1], p[s + 2])
            if dateName {
                sink.wildcard()
                return
            }
            if e - s < 8 || !hasHexLetterRun(p, s, e) {
                sink.put(p, s, e)
                return
            }
        }
        maskVariables(p, s, e, c, into: &sink)
    }

    /// `maskToken` for the tokens that hold a variable, or may: digits among other bytes, quotes,
    /// slashes, hex-letter runs. `shortcuts: false` skips the two shortcuts for common shapes, so that a test can check they
    /// give what the general rules give.
    static func maskVariables<S: MaskSink>(_ p: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int, _ c: TokenLanes,
                                           into sink: inout S, shortcuts: Bool = true) {
        // The commonest shape first: a name and a number (`blk_-123`), as the general rules below
        // mask it, at a fraction of their cost.
        if shortcuts, c.anyDigit, let prefixEnd = namedNumberPrefix(p, s, e) {
            sink.put(p, s, prefixEnd)
            sink.wildcard()
            return
        }
        // The next commonest, `host:port` (`10.251.73.220:50010`, `/10.250.19.102:54106`), as the
        // rules below mask it: no space can be in it (a unit after it has letters), and a second
        // colon makes it IPv6 when its bytes all may be.
        if shortcuts, c.anyDigit && !c.quote, let (hostStart, portEnd) = hostPort(p, s, e) {
            var otherColon = false
            for k in s..<hostStart where p[k] == 0x3A { otherColon = true }
            for k in portEnd..<e where p[k] == 0x3A { otherColon = true }
            if otherColon && allIPv6(p, s, e) {
                sink.wildcard()
                return
            }
            sink.put(p, s, hostStart)
            sink.wildcard(); sink.put(0x3A); sink.wildcard()
            sink.put(p, portEnd, e)
            return
        }
        // A long run of hex letters is a number without decimal digits (`ffffffff`).
        let hasDigit = c.anyDigit || (e - s >= 8 && hasHexLetterRun(p, s, e))
        var hasQuote = false
        if c.quote {
            for k in (s + 1)..<max(e, s + 1) where p[k] == 0x22 && p[k - 1] == 0x3D { hasQuote = true }
        }
        if !hasDigit && !hasQuote {
            if c.slash, let f = firstSlash(p, s, e), let end = pathEnd(p, f, e, tokenStart: s) {
                sink.put(p, s, f)
                sink.wildcard()
                sink.put(p, end, e)
            } else if e - s == 3 && isDateName(p[s], p[s + 1], p[s + 2]) {
                sink.wildcard()
            } else {
                sink.put(p, s, e)
            }
            return
        }
        // Tokens with a variable: the second pass.
        let c2 = tokenShape(p, s, e)
        let colons = c2.colons
        if colons >= 2 && hasDigit && allIPv6(p, s, e) { sink.wildcard(); return }
        // A token with a space inside is a quantity with its unit (see forEachToken).
        if c2.space && !hasQuote {
            sink.wildcard()
            return
        }
        if colons > 0, let (hostStart, portEnd) = hostPort(p, s, e) {
            sink.put(p, s, hostStart)
            sink.wildcard(); sink.put(0x3A); sink.wildcard()
            sink.put(p, portEnd, e)
            return
        }
        var i = s
        var prevVar = false
        // Segments found on the token's bit masks (one bit per byte) when it has them and no quote.
        let bitwise = c2.short && !hasQuote
        let delimiters = c2.delimiterBits
        while i < e {
            // A run of delimiters, then a segment (either may be empty).
            var j = i
            if bitwise {
                j = min(i + (~delimiters &>> UInt64(i - s)).trailingZeroBitCount, e)
            } else {
                while j < e && isDelimiter(p[j]) && !(hasQuote && p[j] == 0x22 && j > s && p[j - 1] == 0x3D) { j += 1 }
            }
            if hasQuote && j < e && p[j] == 0x22 && j > s && p[j - 1] == 0x3D {
                // A quoted string: everything up to the closing quote (or the token's end) is one variable.
                sink.put(p, i, j)
                sink.wildcard()
                var q = j + 1
                while q < e && p[q] != 0x22 { q += 1 }
                i = min(q + 1, e)
                prevVar = true
                continue
            }
            var k = j
            var segDigit = false
            // A dotted name needs dots: without one in the token, no segment is one.
            if let end = uuidEnd(p, j, e) ?? (c2.dot ? dottedEnd(p, j, e) : nil) {
                // A UUID is one variable even when a group of it has no digit (`bdcc`); so is a
                // dotted name holding a number (a host `24-54-76-216.adelphia.net`, an address).
                k = end
                segDigit = true
            } else if j > i, p[j - 1] == 0x2F, let end = pathEnd(p, j - 1, e, tokenStart: s) {
                // A path is one variable: its depth and names vary with the file.
                sink.put(p, i, (j - 1))
                sink.wildcard()
                i = end
                prevVar = true
                continue
            } else if bitwise {
                k = min(j + (delimiters >> UInt64(j - s)).trailingZeroBitCount, e)
                let segment: UInt64 = ((1 << UInt64(k - j)) &- 1) << UInt64(j - s)
                segDigit = c2.digitBits & segment != 0
                // Eight or more hex digits are a number even without a decimal digit (`ffffffff`).
                if k - j >= 8 && ~(c2.digitBits | c2.hexLetterBits) & segment == 0 { segDigit = true }
            } else {
                var allHex = true
                while k < e && !isDelimiter(p[k]) {
                    if isDigit(p[k]) { segDigit = true } else if !isHex(p[k]) { allHex = false }
                    k += 1
                }
                // Eight or more hex digits are a number even without a decimal digit (`ffffffff`).
                if allHex && k - j >= 8 { segDigit = true }
            }
            if segDigit && isWordWithDigit(p, j, k) { segDigit = false }
            var runEnd = j
            // A '-' glued before a number is its sign, unless it follows a letter (`node-246`).
            if segDigit && runEnd > i && p[runEnd - 1] == 0x2D && (runEnd - 1 == s || runEnd - 1 > i) { runEnd -= 1 }
            if segDigit && prevVar && (runEnd == i || (runEnd - i == 1 && isCollapsible(p[i]))) {
                i = k
                continue
            }
            sink.put(p, i, runEnd)
            if segDigit {
                sink.wildcard()
            } else {
                sink.put(p, j, k)
            }
            if k > j || segDigit { prevVar = segDigit }
            i = k
        }
    }
}
