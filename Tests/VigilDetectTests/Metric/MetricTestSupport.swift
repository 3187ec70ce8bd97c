@testable import VigilDetect
import Foundation

/// Deterministic noise for the metric detector's tests (SplitMix64; Box–Muller for normals).
struct MetricRNG {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func uniform() -> Double {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return Double((z ^ (z >> 31)) >> 11) / Double(1 << 53)
    }
    mutating func normal() -> Double {
        let u = max(uniform(), 1e-300), v = uniform()
        return (-2 * log(u)).squareRoot() * cos(2 * .pi * v)
    }
}

enum Synth {
    static let start = 1_700_000_000.0   // a Tuesday, 22:13 UTC: phases do not start at midnight
    static let step = 300.0

    /// Gaussian noise around `level` with standard deviation `sigma`.
    static func noise(_ n: Int, seed: UInt64, level: Double = 100, sigma: Double = 1) -> [Double] {
        var rng = MetricRNG(seed: seed)
        return (0..<n).map { _ in level + sigma * rng.normal() }
    }

    /// A daily sine (5-minute samples) plus noise.
    static func daily(_ n: Int, seed: UInt64, amplitude: Double = 20, sigma: Double = 1) -> [Double] {
        var rng = MetricRNG(seed: seed)
        return (0..<n).map { i in
            let t = start + Double(i) * step
            return 100 + amplitude * sin(2 * .pi * t / 86_400) + sigma * rng.normal()
        }
    }

    static func times(_ n: Int) -> [Double] { (0..<n).map { start + Double($0) * step } }

    static func run(_ values: [Double], times: [Double]? = nil, config: DetectorConfig = .standard) -> [DetectorOutput] {
        var d = SeriesDetector(config: config)
        let ts = times ?? Self.times(values.count)
        return zip(ts, values).map { d.update(time: $0, value: $1) }
    }

    /// Alarms (isAnomaly) in a half-open range of samples.
    static func alarms(_ out: [DetectorOutput], _ range: Range<Int>) -> Int {
        out[range].reduce(0) { $0 + ($1.isAnomaly ? 1 : 0) }
    }

    /// Index of the first alarm at or after `from`, if any.
    static func firstAlarm(_ out: [DetectorOutput], from: Int) -> Int? {
        (from..<out.count).first { out[$0].isAnomaly }
    }
}
