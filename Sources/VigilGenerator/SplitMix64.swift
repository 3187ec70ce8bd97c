import Foundation
import VigilCore
import VigilSources

/// What the sample-data generator draws from the shared PRNG (`VigilCore.SplitMix64`).
extension SplitMix64 {
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
