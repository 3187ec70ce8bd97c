/// An open-addressing map from non-zero 64-bit keys to Int32, for the miner's hot path: Swift's
/// Dictionary hashes with SipHash, several times the cost of the whole masking of a token.
struct IntTable {
    private var keys: [UInt64]
    private var values: [Int32]
    private var shift: UInt64
    private(set) var count = 0

    init(capacityLog2: Int = 10) {
        keys = Array(repeating: 0, count: 1 << capacityLog2)
        values = Array(repeating: 0, count: 1 << capacityLog2)
        shift = UInt64(64 - capacityLog2)
    }

    /// Zero marks an empty slot, so a zero key is stored as 1 (the keys are hashes: one more collision in 2^64).
    @inline(__always) private static func fix(_ key: UInt64) -> UInt64 { key == 0 ? 1 : key }

    @inline(__always) private func slot(_ key: UInt64) -> Int {
        Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> shift)
    }

    @inline(__always) func get(_ rawKey: UInt64) -> Int32? {
        let key = Self.fix(rawKey)
        let mask = keys.count - 1
        var i = slot(key)
        while true {
            let k = keys[i]
            if k == key { return values[i] }
            if k == 0 { return nil }
            i = (i + 1) & mask
        }
    }

    mutating func set(_ rawKey: UInt64, _ value: Int32) {
        let key = Self.fix(rawKey)
        if (count + 1) * 2 > keys.count { grow() }
        let mask = keys.count - 1
        var i = slot(key)
        while keys[i] != 0 && keys[i] != key { i = (i + 1) & mask }
        if keys[i] == 0 { count += 1 }
        keys[i] = key
        values[i] = value
    }

    /// Every stored (key, value), in slot order (keys as stored: a zero key reads 1).
    var entries: [(key: UInt64, value: Int32)] {
        zip(keys, values).compactMap { $0.0 == 0 ? nil : ($0.0, $0.1) }
    }

    private mutating func grow() {
        let oldKeys = keys, oldValues = values
        let log2 = 64 - Int(shift) + 1
        keys = Array(repeating: 0, count: 1 << log2)
        values = Array(repeating: 0, count: 1 << log2)
        shift = UInt64(64 - log2)
        count = 0
        for (k, v) in zip(oldKeys, oldValues) where k != 0 { set(k, v) }
    }
}
