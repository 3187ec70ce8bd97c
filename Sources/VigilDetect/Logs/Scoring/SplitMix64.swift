/// A small deterministic PRNG (SplitMix64) so that training with the same seed gives the same
/// model on every platform; Foundation's and the system generator are neither seedable nor stable.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in [0, 1) from the top 24 bits (a Float's full mantissa).
    public mutating func nextFloat() -> Float { Float(next() >> 40) * (1.0 / 16_777_216.0) }

    /// Uniform in 0..<n without modulo bias worth caring about for n far below 2^32.
    public mutating func nextInt(_ n: Int) -> Int { Int((next() >> 32) % UInt64(max(n, 1))) }
}
