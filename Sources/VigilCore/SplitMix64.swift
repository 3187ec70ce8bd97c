/// A small seeded PRNG (SplitMix64): the same seed gives the same stream on every platform, which
/// Foundation's and the system generators do not promise. Detectors train with it (the same seed, the
/// same model) and the sample-data generator writes the recording with it (the same bytes).
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    /// A generator for one named part of a stream, so adding a part does not shift the random
    /// values of all the others (FNV-1a of the name, mixed into the seed).
    public init(seed: UInt64, stream: String) {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in stream.utf8 { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01b3 }
        state = seed ^ h
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in [0, 1) from the top 53 bits, independent of the standard library's algorithm.
    public mutating func unit() -> Double { Double(next() >> 11) / 9_007_199_254_740_992 }

    /// Uniform in [0, 1) from the top 24 bits (a Float's full mantissa).
    public mutating func nextFloat() -> Float { Float(next() >> 40) * (1.0 / 16_777_216.0) }

    /// Uniform in 0..<n without modulo bias worth caring about for n far below 2^32.
    public mutating func nextInt(_ n: Int) -> Int { Int((next() >> 32) % UInt64(max(n, 1))) }
}
