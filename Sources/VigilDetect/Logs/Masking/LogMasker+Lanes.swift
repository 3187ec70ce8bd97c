/// Eight bytes at a time: the masker's scans over a line, done on 64-bit words whose bytes are
/// lanes (SWAR). Per token, a first pass notes digits, quotes and slashes: enough for a number or a
/// plain word, most tokens. Tokens with a variable take a second pass that notes colons, spaces and
/// dots and, for tokens of 64 bytes or fewer, one bit per byte for punctuation, digits and hex
/// letters, so segments are found by counting bits instead of bytes. The scanner looks for a token's
/// end eight bytes at a step. Same results as byte by byte (checked on the 12 LogHub systems and on
/// random lines). Loads stay inside the buffer: a token's last partial word is the word ending at
/// its end, shifted so the bytes before the token drop out (zero bytes, which are none of the
/// classes looked for).
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

    /// The high bit of each lane of `w` that is an ASCII letter, exactly.
    @inline(__always) static func letterLanes(_ w: UInt64) -> UInt64 {
        let x = (w & laneLowBits) | (lanes &* 0x20)
        // Per lane, x + 0x1F has its high bit set from `a` on, x + 0x05 from past `z` on; no carries
        // cross lanes (x <= 0x7F). Bytes of 0x80 and above are no letters.
        return (x &+ (lanes &* 0x1F)) & ~(x &+ (lanes &* 0x05)) & ~w & laneHighBits
    }

    /// The high bit of each lane of `w` that is a hex letter (`a`-`f`, `A`-`F`), exactly.
    @inline(__always) static func hexLetterLanes(_ w: UInt64) -> UInt64 {
        let x = (w & laneLowBits) | (lanes &* 0x20)
        return (x &+ (lanes &* 0x1F)) & ~(x &+ (lanes &* 0x19)) & ~w & laneHighBits
    }

    /// One bit per lane: the high bit of lane i of `m` becomes bit i.
    @inline(__always) static func laneBits(_ m: UInt64) -> UInt64 {
        ((m >> 7) &* 0x0102_0408_1020_4080) >> 56
    }

    /// Eight bytes from `p[k]` on, byte `p[k]` in the lowest lane. Needs `k + 8 <= p.count`.
    @inline(__always) static func word(_ p: UnsafeBufferPointer<UInt8>, _ k: Int) -> UInt64 {
        // A buffer with eight bytes from `k` on has a base address.
        UInt64(littleEndian: UnsafeRawPointer(p.baseAddress.unsafelyUnwrapped).loadUnaligned(fromByteOffset: k, as: UInt64.self))
    }

    /// What the first pass over a token finds: enough to mask a number or a plain word.
    struct TokenLanes {
        private var notDigit: UInt64 = 0, digit: UInt64 = 0, quotes: UInt64 = 0, slashes: UInt64 = 0

        var allDigits: Bool { notDigit == 0 }
        var anyDigit: Bool { digit != 0 }
        var quote: Bool { quotes != 0 }
        var slash: Bool { slashes != 0 }

        /// Takes word `w`; `live` has the high bits of the lanes that hold the token's bytes.
        @inline(__always) mutating func take(_ w: UInt64, live: UInt64, at offset: Int) {
            let d = LogMasker.digitLanes(w)
            digit |= d
            notDigit |= ~d & live
            quotes |= LogMasker.firstLane(w, equalTo: 0x22)
            slashes |= LogMasker.firstLane(w, equalTo: 0x2F)
        }
    }

    /// What the second pass over a token finds, for tokens with a variable in them: colons, spaces,
    /// dots, and one bit per byte (bit i: byte s + i) for punctuation, digits and hex letters when
    /// the token has 64 bytes or fewer (`short`).
    struct TokenShape {
        private var colon: UInt64 = 0, colonAgain: UInt64 = 0, spaces: UInt64 = 0, dots: UInt64 = 0
        private(set) var delimiterBits: UInt64 = 0, digitBits: UInt64 = 0, hexLetterBits: UInt64 = 0
        var short = true

        /// 0, 1, or 2 for two or more.
        var colons: Int { colonAgain != 0 ? 2 : (colon != 0 ? 1 : 0) }
        var space: Bool { spaces != 0 }
        var dot: Bool { dots != 0 }

        @inline(__always) mutating func take(_ w: UInt64, live: UInt64, at offset: Int) {
            if short {
                let d = LogMasker.digitLanes(w)
                let shift = UInt64(truncatingIfNeeded: offset)
                digitBits |= LogMasker.laneBits(d) &<< shift
                let other = d | LogMasker.letterLanes(w) | (w & laneHighBits)
                delimiterBits |= LogMasker.laneBits(~other & live) &<< shift
                hexLetterBits |= LogMasker.laneBits(LogMasker.hexLetterLanes(w)) &<< shift
            }
            let c = LogMasker.lanes(w, equalTo: 0x3A)
            // A second colon: two in this word, or one here after one before (no branches: see forEachWord).
            let seenBefore = 0 &- ((colon | (0 &- colon)) >> 63)
            colonAgain |= (c & (c &- 1)) | (c & seenBefore)
            colon |= c
            spaces |= LogMasker.firstLane(w, equalTo: 0x20)
            dots |= LogMasker.firstLane(w, equalTo: 0x2E)
        }
    }

    /// Calls `take(word, live, offset)` for the words of token `p[s..<e]` (not empty): whole words,
    /// then the last partial one with the token's bytes in its low lanes and zeros above. `take` is
    /// written out twice, not three times: the compiler inlines only small functions into large ones.
    @inline(__always)
    static func forEachWord(_ p: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int, _ take: (UInt64, UInt64, Int) -> Void) {
        // Wrapping arithmetic: positions lie inside the buffer, and overflow checks cost as much as
        // the work in these loops.
        var k = s
        while e &- k >= 8 {
            take(word(p, k), laneHighBits, k &- s)
            k &+= 8
        }
        if k < e { take(lastWord(p, k, e), laneHighBits &>> UInt64(truncatingIfNeeded: 64 &- 8 &* (e &- k)), k &- s) }
    }

    /// Bytes `p[k..<e]` (one to seven) in the low lanes of a word, zeros above: the word ending at
    /// `e` shifted down, or the word starting at `k` masked, whichever lies inside the buffer.
    /// (Shifts here and in the lane code are masking shifts, `&>>`: Swift's `>>` checks its amount
    /// with branches, which made these functions too large for the compiler to inline.)
    @inline(__always) static func lastWord(_ p: UnsafeBufferPointer<UInt8>, _ k: Int, _ e: Int) -> UInt64 {
        let drop = UInt64(truncatingIfNeeded: 64 &- 8 &* (e &- k))
        if e >= 8 { return word(p, e &- 8) &>> drop }
        if k &+ 8 <= p.count { return word(p, k) & (~0 &>> drop) }
        return gathered(p, k, e)
    }

    /// `lastWord` in a buffer of fewer than eight bytes, byte by byte (out of line: it is rare).
    @inline(never) static func gathered(_ p: UnsafeBufferPointer<UInt8>, _ k: Int, _ e: Int) -> UInt64 {
        var w: UInt64 = 0
        var q = e
        while q > k {
            q -= 1
            w = w << 8 | UInt64(p[q])
        }
        return w
    }

    /// The first pass over token `p[s..<e]` (not empty).
    @inline(__always) static func tokenLanes(_ p: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int) -> TokenLanes {
        var t = TokenLanes()
        forEachWord(p, s, e) { t.take($0, live: $1, at: $2) }
        return t
    }

    /// The second pass over token `p[s..<e]` (not empty).
    @inline(__always) static func tokenShape(_ p: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int) -> TokenShape {
        var t = TokenShape()
        t.short = e - s <= 64
        forEachWord(p, s, e) { t.take($0, live: $1, at: $2) }
        return t
    }

    /// The end of the run of bytes from `i` on that holds no space, tab, CR or `"`: the first such
    /// byte's index, or `p.count`.
    @inline(__always) static func plainRunEnd(_ p: UnsafeBufferPointer<UInt8>, from i: Int) -> Int {
        var k = i
        let n = p.count
        while n &- k >= 8 {
            let w = word(p, k)
            // The four bytes are below 0x23: a word with no such byte (most words) needs no more tests.
            if ~((w | laneHighBits) &- (lanes &* 0x23)) & ~w & laneHighBits != 0 {
                let hit = firstLane(w, equalTo: 0x20) | firstLane(w, equalTo: 0x09)
                    | firstLane(w, equalTo: 0x0D) | firstLane(w, equalTo: 0x22)
                if hit != 0 { return k + hit.trailingZeroBitCount >> 3 }
            }
            k &+= 8
        }
        while k < n && !isSpace(p[k]) && p[k] != 0x22 { k += 1 }
        return k
    }

    /// Whether `p[s..<e]` holds a run of eight hex letters (`a`-`f`, `A`-`F`).
    @inline(never) static func hasHexLetterRun(_ p: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int) -> Bool {
        // Eight consecutive bytes hold exactly one of every eighth byte (`s + 7`, `s + 15`, …): a
        // run holds the probe where it is looked for on both sides (most long words stop at once:
        // `terminating` has a `t` at its eighth byte).
        var probe = s + 7
        while probe < e {
            if isHexLetter(p[probe]) {
                var lo = probe, hi = probe + 1
                while lo > s && hi - lo < 8 && isHexLetter(p[lo - 1]) { lo -= 1 }
                while hi < e && hi - lo < 8 && isHexLetter(p[hi]) { hi += 1 }
                if hi - lo >= 8 { return true }
            }
            probe += 8
        }
        return false
    }

    @inline(__always) static func isHexLetter(_ c: UInt8) -> Bool { (c | 0x20) &- 0x61 < 6 }

    /// Whether every byte of `p[s..<e]` may belong to an IPv6 address: hex digits, `:`, `.`, `[`, `]`.
    @inline(__always) static func allIPv6(_ p: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int) -> Bool {
        for k in s..<e {
            let c = p[k]
            if !(isHex(c) || c == 0x3A || c == 0x2E || c == 0x5B || c == 0x5D) { return false }
        }
        return true
    }
}
