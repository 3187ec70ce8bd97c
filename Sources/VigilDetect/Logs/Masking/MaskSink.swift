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
        word |= UInt64(byte) << (filled &* 8)
        filled &+= 1
        if filled == 8 {
            state = (state ^ word) &* 0xff51_afd7_ed55_8ccd
            state ^= state >> 32
            word = 0
            filled = 0
        }
        length &+= 1
    }

    @inline(__always) mutating func wildcard() {
        put(0x3C); put(0x2A); put(0x3E)
    }

    /// Whole words are loaded at once when the pending word is empty: the same state as byte by
    /// byte (little-endian loads put byte i at bits 8i, as `put` does), at an eighth of the work.
    @inline(__always) mutating func put(_ p: UnsafeBufferPointer<UInt8>, _ from: Int, _ to: Int) {
        var k = from
        while k < to && filled != 0 { put(p[k]); k += 1 }
        if let base = p.baseAddress {
            let raw = UnsafeRawPointer(base)
            while to - k >= 8 {
                let w = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: k, as: UInt64.self))
                state = (state ^ w) &* 0xff51_afd7_ed55_8ccd
                state ^= state >> 32
                length &+= 8
                k += 8
            }
        }
        while k < to { put(p[k]); k += 1 }
    }

    /// The final hash: the pending bytes and the length mixed in.
    var hash: UInt64 {
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
