/// The shapes of variables the masker recognises inside a token, by scanning its bytes.
extension LogMasker {
    /// `host.name:port` (a dotted name, a colon, digits, then only punctuation): host names vary
    /// with the peer as much as addresses do, so both parts are variables. Returns where the host
    /// starts and the port ends.
    @inline(__always)
    static func hostPort(_ p: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int) -> (Int, Int)? {
        var i = s
        while i < e && isDelimiter(p[i]) { i += 1 }
        let hostStart = i
        var dot = false
        while i < e && (!isDelimiter(p[i]) || p[i] == 0x2E || p[i] == 0x2D || p[i] == 0x5F) {
            if p[i] == 0x2E { dot = true }
            i += 1
        }
        guard dot, i > hostStart, i < e, p[i] == 0x3A else { return nil }
        i += 1
        let portStart = i
        while i < e && isDigit(p[i]) { i += 1 }
        guard i > portStart else { return nil }
        for k in i..<e where !isDelimiter(p[k]) { return nil }
        return (hostStart, i)
    }

    /// A name and a number: ASCII letters, one or two of `_`, `-`, `=`, then digits to the end
    /// (`blk_-123`, `blk_123`, `uid=0`, `node-246`). Returns where the kept prefix ends: before the
    /// digits, or before a `-` that is the number's sign (`blk_-`, not `node-`); nil for other
    /// tokens. This is what the general segment rules of `maskVariables` give for that shape (no
    /// UUID, dotted name, path, host or quote can be in it); the one exception, a name of eight hex
    /// letters or more (a number itself, `deadbeef_1`), is left to them.
    @inline(__always) static func namedNumberPrefix(_ p: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int) -> Int? {
        var k = s
        while k < e && (p[k] | 0x20) &- 0x61 < 26 { k += 1 }
        let nameEnd = k
        guard nameEnd > s else { return nil }
        while k < e && k - nameEnd < 2 && (p[k] == 0x5F || p[k] == 0x2D || p[k] == 0x3D) { k += 1 }
        guard k > nameEnd, k < e, tokenLanes(p, k, e).allDigits else { return nil }
        if nameEnd - s >= 8 {
            var hexName = true
            for q in s..<nameEnd where !isHexLetter(p[q]) { hexName = false; break }
            if hexName { return nil }
        }
        return k - nameEnd == 2 && p[k - 1] == 0x2D ? k - 1 : k
    }

    /// A word of four letters or more and one trailing digit (`SOCKS5`, `Level3`): a name, not an id; ids
    /// with letters carry more digits (`dn228`, `R02`) or fewer letters (`CPU0`, `IRQ0`, `ipv4` are
    /// masked: on LogHub, short ones are numbered devices more often than names).
    @inline(__always) static func isWordWithDigit(_ p: UnsafeBufferPointer<UInt8>, _ j: Int, _ k: Int) -> Bool {
        guard k - j >= 5, isDigit(p[k - 1]) else { return false }
        for q in j..<(k - 1) where isDigit(p[q]) || p[q] >= 0x80 { return false }
        return true
    }

    /// The end of a UUID (8-4-4-4-12 hex digits) starting at `j`, nil when there is none.
    @inline(__always) static func uuidEnd(_ p: UnsafeBufferPointer<UInt8>, _ j: Int, _ e: Int) -> Int? {
        guard e - j >= 36 else { return nil }
        for q in 0..<36 {
            let c = p[j + q]
            if q == 8 || q == 13 || q == 18 || q == 23 {
                if c != 0x2D { return nil }
            } else if !isHex(c) {
                return nil
            }
        }
        return j + 36
    }

    /// The end of a dotted name with at least two dots and a digit starting at `j` (letters, digits,
    /// `.`, `-`, `_`), nil otherwise.
    @inline(__always) static func dottedEnd(_ p: UnsafeBufferPointer<UInt8>, _ j: Int, _ e: Int) -> Int? {
        var r = j, dots = 0, digit = false
        while r < e && (!isDelimiter(p[r]) || p[r] == 0x2E || p[r] == 0x2D || p[r] == 0x5F) {
            if p[r] == 0x2E { dots += 1 } else if isDigit(p[r]) { digit = true }
            r += 1
        }
        // A trailing dot ends a sentence, it is not part of the name.
        if r > j && p[r - 1] == 0x2E { r -= 1; dots -= 1 }
        return dots >= 2 && digit ? r : nil
    }

    /// The first `/` of the token that can start a path: at its start or after `=`, `:`, `(`, `[`.
    @inline(__always) static func firstSlash(_ p: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int) -> Int? {
        for f in s..<e where p[f] == 0x2F {
            if f == s { return f }
            let b = p[f - 1]
            return b == 0x3D || b == 0x3A || b == 0x28 || b == 0x5B ? f : nil
        }
        return nil
    }

    /// Where the path starting with the `/` at `f` ends (at `]`, `)`, `,`, a quote or the token's end),
    /// nil when it holds fewer than two `/` or the slash is glued to a word (`HTTP/1.1`).
    @inline(__always)
    static func pathEnd(_ p: UnsafeBufferPointer<UInt8>, _ f: Int, _ e: Int, tokenStart s: Int) -> Int? {
        if f > s {
            let b = p[f - 1]
            guard b == 0x3D || b == 0x3A || b == 0x28 || b == 0x5B || b == 0x20 else { return nil }
        }
        var r = f, slashes = 0
        while r < e {
            let c = p[r]
            if c == 0x5D || c == 0x29 || c == 0x2C || c == 0x22 || c == 0x27 { break }
            if c == 0x2F { slashes += 1 }
            r += 1
        }
        // Sentence punctuation after a path is not part of it.
        while r > f + 1 && (p[r - 1] == 0x2E || p[r - 1] == 0x3A || p[r - 1] == 0x3B) { r -= 1 }
        return slashes >= 2 && r > f + 1 ? r : nil
    }

    /// Three-letter English month and weekday names (`Jun`, `Fri`): parts of timestamps in messages.
    @inline(never) static func isDateName(_ a: UInt8, _ b: UInt8, _ c: UInt8) -> Bool {
        let key = UInt32(a) << 16 | UInt32(b) << 8 | UInt32(c)
        return dateNames.contains(key)
    }

    /// Compared by linear search: 19 integers beat hashing one.
    static let dateNames: [UInt32] =
        ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
         "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"].map { name in
            name.utf8.reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
        }

    @inline(__always) static func isCollapsible(_ c: UInt8) -> Bool { c == 0x2E || c == 0x2D || c == 0x5F || c == 0x2C }
}
