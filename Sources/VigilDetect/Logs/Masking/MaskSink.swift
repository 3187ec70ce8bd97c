/// Where the masker writes a token: bytes or a running hash.
protocol MaskSink {
    mutating func put(_ byte: UInt8)
    mutating func wildcard()
    /// Bytes `p[from..<to]`, as if put one by one.
    mutating func put(_ p: UnsafeBufferPointer<UInt8>, _ from: Int, _ to: Int)
}

extension MaskSink {
    @inline(__always) mutating func put(_ p: UnsafeBufferPointer<UInt8>, _ from: Int, _ to: Int) {
        var k = from
        while k < to { put(p[k]); k += 1 }
    }
}

/// Collects the masked bytes.
struct ByteSink: MaskSink {
    var bytes: [UInt8] = []
    mutating func put(_ byte: UInt8) { bytes.append(byte) }
    mutating func wildcard() { bytes.append(contentsOf: [0x3C, 0x2A, 0x3E]) }
}

/// A hash of the masked bytes, so the miner interns a token without building its string. Bytes
/// are gathered eight at a time and mixed with one multiply: it depends only on the byte sequence,
/// whichever path of the masker wrote it.
struct HashSink: MaskSink {
    /// The hash of the token `<*>` alone: such a token is a wildcard in templates.
    static let wildcardHash: UInt64 = {
        var h = HashSink()
        h.wildcard()
        return h.hash
    }()
    private var state: UInt64 = 0x9E37_79B9_7F4A_7C15
    private var word: UInt64 = 0
    private var filled: UInt64 = 0
    private var length: UInt64 = 0

    @inline(__always) mutating func put(_ byte: UInt8) {
        put(word: UInt64(byte), count: 1)
    }

    /// Bytes `1...8` of `w` (its low `count` lanes; the lanes above are zero), as if put one by one.
    @inline(__always) mutating func put(word w: UInt64, count: UInt64) {
        word |= w &<< (filled &* 8)
        let total = filled &+ count
        if total >= 8 {
            state = (state ^ word) &* 0xff51_afd7_ed55_8ccd
            state ^= state >> 32
            // The bytes that did not fit: `w` shifted right by 8 × (8 - filled) bits, none when the
            // pending word was empty (in two masking shifts, so that 64 gives 0 without a branch).
            word = (w &>> 1) &>> ((7 &- filled) &* 8 &+ 7)
            filled = total &- 8
        } else {
            filled = total
        }
        length &+= count
    }

    @inline(__always) mutating func wildcard() {
        put(word: 0x3E_2A3C, count: 3)
    }

    /// Eight bytes at a time, the last partial word loaded at once (see `LogMasker.lastWord`), so a
    /// token costs a few operations per eight bytes.
    @inline(__always) mutating func put(_ p: UnsafeBufferPointer<UInt8>, _ from: Int, _ to: Int) {
        var k = from
        while to &- k >= 8 {
            put(word: LogMasker.word(p, k), count: 8)
            k &+= 8
        }
        if k < to { put(word: LogMasker.lastWord(p, k, to), count: UInt64(truncatingIfNeeded: to &- k)) }
    }

    /// The final hash: the pending bytes and the length mixed in.
    @inline(__always) var hash: UInt64 {
        var h = (state ^ word ^ (length << 56)) &* 0xc4ce_b9fe_1a85_ec53
        h ^= h >> 29
        return h &* 0xff51_afd7_ed55_8ccd ^ (h >> 32)
    }
}

/// Only records whether the masker put a variable in the token, and how many ASCII letters it
/// kept outside the variables.
struct VariableSink: MaskSink {
    var variable = false
    var letters = 0
    @inline(__always) mutating func put(_ byte: UInt8) {
        if (byte | 0x20) &- 0x61 < 26 { letters += 1 }
    }
    @inline(__always) mutating func wildcard() { variable = true }
}
