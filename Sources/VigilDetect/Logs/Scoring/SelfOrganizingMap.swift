import VigilCore
import Foundation

/// A `width × height` self-organizing map trained online: at each step a sample pulls its
/// best-matching node and the grid neighbours (Gaussian in grid distance) towards itself, with the
/// radius and learning rate decaying exponentially. Deterministic for a seed.
public struct SelfOrganizingMap: Sendable, Equatable {
    public struct Config: Codable, Sendable, Equatable {
        public var width = 24
        public var height = 24
        /// Training steps = clamp(stepsPerSample × samples, minSteps, maxSteps): enough for the map
        /// to settle, bounded so that 100k lines still train in well under a second.
        public var stepsPerSample = 4
        public var minSteps = 4_000
        public var maxSteps = 40_000
        public var learningRate: Float = 0.5
        public var finalLearningRate: Float = 0.01
        public var finalRadius: Float = 0.5
        public var seed: UInt64 = 0x50AA
        public init() {}
    }

    public let width: Int, height: Int, dimensions: Int
    /// `width × height × dimensions` node weights, row-major.
    public let weights: [Float]

    public init(width: Int, height: Int, dimensions: Int, weights: [Float]) {
        self.width = width; self.height = height; self.dimensions = dimensions; self.weights = weights
    }

    /// Index of the nearest node and the Euclidean distance to it.
    public func bestMatch(_ v: [Float]) -> (index: Int, distance: Float) {
        let (i, d2) = weights.withUnsafeBufferPointer { Self.nearest(v, $0, nodes: width * height, d: dimensions) }
        return (i, d2.squareRoot())
    }

    /// `nearest` over SIMD8-padded rows of `lanes` vectors each.
    @inline(__always)
    static func nearest(_ x: UnsafeBufferPointer<SIMD8<Float>>, _ w: UnsafeBufferPointer<SIMD8<Float>>, nodes: Int, lanes: Int) -> Int {
        var best = 0, bestD = Float.infinity
        for n in 0..<nodes {
            var acc = SIMD8<Float>.zero
            let o = n * lanes
            for j in 0..<lanes { let e = x[j] - w[o + j]; acc += e * e }
            let s = acc.sum()
            if s < bestD { bestD = s; best = n }
        }
        return best
    }

    @inline(__always)
    static func nearest(_ v: [Float], _ w: UnsafeBufferPointer<Float>, nodes: Int, d: Int) -> (Int, Float) {
        var best = 0, bestD = Float.infinity
        v.withUnsafeBufferPointer { x in
            for n in 0..<nodes {
                var s: Float = 0
                let o = n * d
                for j in 0..<d { let e = x[j] - w[o + j]; s += e * e }
                if s < bestD { bestD = s; best = n }
            }
        }
        return (best, bestD)
    }

    /// Trains on `samples` (all of one dimension), drawn uniformly with replacement, so frequent
    /// kinds of line get more of the map and rare ones stay far from every node.
    public static func train(_ samples: [[Float]], dimensions: Int, config: Config = Config()) -> SelfOrganizingMap {
        let w = max(1, config.width), h = max(1, config.height), nodes = w * h, d = dimensions
        var rng = SplitMix64(seed: config.seed)
        guard !samples.isEmpty else {
            return SelfOrganizingMap(width: w, height: h, dimensions: d, weights: [Float](repeating: 0, count: nodes * d))
        }
        // Initialise each node at a random sample plus small noise: the map starts inside the data.
        var weights = [Float](repeating: 0, count: nodes * d)
        for n in 0..<nodes {
            let s = samples[rng.nextInt(samples.count)]
            for j in 0..<d { weights[n * d + j] = s[j] + (rng.nextFloat() - 0.5) * 0.01 }
        }
        let steps = min(config.maxSteps, max(config.minSteps, config.stepsPerSample * samples.count))
        let r0 = Float(max(w, h)) / 2, r1 = min(config.finalRadius, r0)
        let a0 = config.learningRate, a1 = config.finalLearningRate
        // Train on a copy padded to whole SIMD8 lanes (zeros stay zero: a sample's padding is
        // zero too), so the best-match search and the updates run 8 floats at a time.
        let lanes = (d + 7) / 8
        var padded = [SIMD8<Float>](repeating: .zero, count: nodes * lanes)
        for n in 0..<nodes { for j in 0..<d { padded[n * lanes + j / 8][j % 8] = weights[n * d + j] } }
        var x = [SIMD8<Float>](repeating: .zero, count: lanes)
        var gx = [Float](repeating: 0, count: 2 * w + 1), gy = [Float](repeating: 0, count: 2 * h + 1)
        padded.withUnsafeMutableBufferPointer { wm in
            for t in 0..<steps {
                let f = Float(t) / Float(steps)
                let radius = r0 * pow(r1 / r0, f), rate = a0 * pow(a1 / a0, f)
                let sample = samples[rng.nextInt(samples.count)]
                for j in 0..<d { x[j / 8][j % 8] = sample[j] }
                let bmu = x.withUnsafeBufferPointer { Self.nearest($0, UnsafeBufferPointer(wm), nodes: nodes, lanes: lanes) }
                let bx = bmu % w, by = bmu / w
                // Beyond 3 radii the Gaussian weight is under 1%: skip those nodes. The Gaussian
                // of grid distance is separable: one exp per row and per column, not per node.
                let reach = Int((3 * radius).rounded(.up))
                let inv = 1 / (2 * radius * radius)
                let xs = max(0, bx - reach)...min(w - 1, bx + reach), ys = max(0, by - reach)...min(h - 1, by + reach)
                for gxi in xs { gx[gxi] = Foundation.exp(-Float((gxi - bx) * (gxi - bx)) * inv) }
                for gyi in ys { gy[gyi] = rate * Foundation.exp(-Float((gyi - by) * (gyi - by)) * inv) }
                x.withUnsafeBufferPointer { xv in
                    for gyi in ys {
                        for gxi in xs {
                            let k = SIMD8<Float>(repeating: gy[gyi] * gx[gxi])
                            let o = (gyi * w + gxi) * lanes
                            for j in 0..<lanes { wm[o + j] += k * (xv[j] - wm[o + j]) }
                        }
                    }
                }
            }
        }
        for n in 0..<nodes { for j in 0..<d { weights[n * d + j] = padded[n * lanes + j / 8][j % 8] } }
        return SelfOrganizingMap(width: w, height: h, dimensions: d, weights: weights)
    }
}
