/// Eight bytes at a time: the masker's scans over a line, done on 64-bit words whose bytes are
/// lanes (SWAR). Per token, one pass notes digits, colons, quotes, slashes, spaces and dots; the
/// scanner looks for a token's end eight bytes at a step. Same results as byte by byte (checked on
/// the 12 LogHub systems and on random lines), about 15% faster mining on HDFS. Loads stay inside
/// the buffer: a token's last partial word is the word ending at its end, shifted so the bytes
/// before the token drop out (zero bytes, which are none of the classes looked for).
extension LogMasker {
    @inline(__always) static var lanes: UInt64 { 0x0101_0101_0101_0101 }
    @inline(__always) static var laneHighBits: UInt64 { 0x8080_8080_8080_8080 }
    @inline(__always) static var laneLowBits: UInt64 { 0x7F7F_7F7F_7F7F_7F7F }

    /// The high bit of each lane of `x` that is zero, exactly.
    @inline(__always) static func zeroLanes(_ x: UInt64) -> UInt64 {
        ~(((x & laneLowBits) &+ laneLowBits) | x | laneLowBits)
    }

    /// The high bit of each lane of `w` equal to `c`, exactly.
    @inline(__always) static func lanes(_ w: UInt64, equalTo c: UInt8) -> UInt64 {
        zeroLanes(w ^ (lanes &* UInt64(c)))
    }

    /// Nonzero when some lane of `w` equals `c`; its lowest set bit marks the first such lane
    /// (lanes above it may be marked wrongly).
    @inline(__always) static func firstLane(_ w: UInt64, equalTo c: UInt8) -> UInt64 {
        let x = w ^ (lanes &* UInt64(c))
        return (x &- lanes) & ~x & laneHighBits
    }

    /// The high bit of each lane of `w` that is an ASCII digit, exactly.
    @inline(__always) static func digitLanes(_ w: UInt64) -> UInt64 {
        let y = w ^ (lanes &* 0x30)
        // Digits are the lanes that are 0...9 after the xor: subtracting 10 from each lane with its
        // high bit set borrows only in those lanes and never across lanes.
        return ~(((y | laneHighBits) &- (lanes &* 0x0A)) | y) & laneHighBits
    }

    /// Eight bytes from `p[k]` on, byte `p[k]` in the lowest lane. Needs `k + 8 <= p.count`.
    @inline(__always) static func word(_ p: UnsafeBufferPointer<UInt8>, _ k: Int) -> UInt64 {
        UInt64(littleEndian: UnsafeRawPointer(p.baseAddress!).loadUnaligned(fromByteOffset: k, as: UInt64.self))
    }

    /// What one pass over a token finds.
    struct TokenLanes {
        private var notDigit: UInt64 = 0, digit: UInt64 = 0, colon: UInt64 = 0, twoColons = false
        private var quotes: UInt64 = 0, slashes: UInt64 = 0, spaces: UInt64 = 0, dots: UInt64 = 0

        var allDigits: Bool { notDigit == 0 }
        var anyDigit: Bool { digit != 0 }
        /// 0, 1, or 2 for two or more.
        var colons: Int { twoColons ? 2 : (colon != 0 ? 1 : 0) }
        var quote: Bool { quotes != 0 }
        var slash: Bool { slashes != 0 }
        var space: Bool { spaces != 0 }
        var dot: Bool { dots != 0 }

        /// Takes word `w`; `live` has the high bits of the lanes that hold the token's bytes.
        @inline(__always) mutating func take(_ w: UInt64, live: UInt64) {
            let d = LogMasker.digitLanes(w)
            digit |= d
            notDigit |= ~d & live
            let c = LogMasker.lanes(w, equalTo: 0x3A)
            twoColons = twoColons || (c & (c &- 1)) != 0 || (c != 0 && colon != 0)
            colon |= c
            quotes |= LogMasker.firstLane(w, equalTo: 0x22)
            slashes |= LogMasker.firstLane(w, equalTo: 0x2F)
            spaces |= LogMasker.firstLane(w, equalTo: 0x20)
            dots |= LogMasker.firstLane(w, equalTo: 0x2E)
        }
    }

    /// Notes the classes of the bytes of token `p[s..<e]` (not empty).
    @inline(__always) static func tokenLanes(_ p: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int) -> TokenLanes {
        var t = TokenLanes()
        var k = s
        while e - k >= 8 {
            t.take(word(p, k), live: laneHighBits)
            k += 8
        }
        let rest = e - k
        if rest > 0 {
            let live = laneHighBits >> UInt64(64 - 8 * rest)
            if e >= 8 {
                t.take(word(p, e - 8) >> UInt64(64 - 8 * rest), live: live)
            } else {
                var w: UInt64 = 0
                for q in 0..<rest { w |= UInt64(p[k + q]) << UInt64(8 * q) }
                t.take(w, live: live)
            }
        }
        return t
    }

    /// The end of the run of bytes from `i` on that holds no space, tab, CR or `"`: the first such
    /// byte's index, or `p.count`.
    @inline(__always) static func plainRunEnd(_ p: UnsafeBufferPointer<UInt8>, from i: Int) -> Int {
        var k = i
        let n = p.count
        while n - k >= 8 {
            let w = word(p, k)
            let hit = firstLane(w, equalTo: 0x20) | firstLane(w, equalTo: 0x09)
                | firstLane(w, equalTo: 0x0D) | firstLane(w, equalTo: 0x22)
            if hit != 0 { return k + hit.trailingZeroBitCount >> 3 }
            k += 8
        }
        while k < n && !isSpace(p[k]) && p[k] != 0x22 { k += 1 }
        return k
    }

    /// Whether `p[s..<e]` holds a run of eight hex letters (`a`-`f`, `A`-`F`).
    @inline(__always) static func hasHexLetterRun(_ p: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int) -> Bool {
        // Eight consecutive bytes hold one of every eighth byte: without a hex letter there, no run
        // (most long words: `terminating` has a `t` at its eighth byte).
        var probe = s + 7
        while probe < e && (p[probe] | 0x20) &- 0x61 >= 6 { probe += 8 }
        if probe >= e { return false }
        var run = 0
        for k in s..<e {
            run = (p[k] | 0x20) &- 0x61 < 6 ? run + 1 : 0
            if run >= 8 { return true }
        }
        return false
    }

    /// Whether every byte of `p[s..<e]` may belong to an IPv6 address: hex digits, `:`, `.`, `[`, `]`.
    @inline(__always) static func allIPv6(_ p: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int) -> Bool {
        for k in s..<e {
            let c = p[k]
            if !(isHex(c) || c == 0x3A || c == 0x2E || c == 0x5B || c == 0x5D) { return false }
        }
        return true
    }
}
