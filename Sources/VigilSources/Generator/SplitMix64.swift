import Foundation

/// A tiny seeded PRNG (SplitMix64) so the bundled sample data is reproducible byte for byte on
/// every platform; Foundation's generators are neither seedable nor stable across releases.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    /// A generator for one named part of the data, so adding a series to one family does not
    /// shift the random stream (and every value) of all the others.
    init(seed: UInt64, stream: String) {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in stream.utf8 { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01b3 }
        state = seed ^ h
    }

    mutating func next() -> UInt64 {
        state &+= 0x9e37_79b9_7f4a_7c15
        var z = state
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }

    /// Uniform in [0, 1) from the top 53 bits, independent of the standard library's algorithm.
    mutating func unit() -> Double { Double(next() >> 11) / 9_007_199_254_740_992 }

    /// Uniform integer in `range`, by a plain modulo (the bias is irrelevant for sample data, and
    /// unlike `Int.random(in:using:)` the result cannot change with a new standard library).
    mutating func int(_ range: ClosedRange<Int>) -> Int {
        range.lowerBound + Int(next() % UInt64(range.upperBound - range.lowerBound + 1))
    }

    /// Standard normal by Box–Muller.
    mutating func gaussian() -> Double {
        let u1 = max(unit(), 1e-12), u2 = unit()
        return (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
    }

    /// Exponentially distributed gap with the given mean (arrival times of a Poisson process).
    mutating func exponential(mean: Double) -> Double { -log(max(unit(), 1e-12)) * mean }

    mutating func pick<T>(_ items: [T]) -> T { items[int(0...(items.count - 1))] }

    mutating func chance(_ p: Double) -> Bool { unit() < p }

    /// Lowercase hex digits, for ids, hashes and pod suffixes.
    mutating func hex(_ count: Int) -> String {
        let digits = Array("0123456789abcdef")
        return String((0..<count).map { _ in digits[Int(next() % 16)] })
    }

    /// Kubernetes-style random name suffix (consonants and digits, as generateName uses).
    mutating func podSuffix(_ count: Int = 5) -> String {
        let alphabet = Array("bcdfghjklmnpqrstvwxz2456789")
        return String((0..<count).map { _ in alphabet[Int(next() % UInt64(alphabet.count))] })
    }
}
