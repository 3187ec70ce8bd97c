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
        weights.withUnsafeMutableBufferPointer { wm in
            for t in 0..<steps {
                let f = Float(t) / Float(steps)
                let radius = r0 * pow(r1 / r0, f), rate = a0 * pow(a1 / a0, f)
                let x = samples[rng.nextInt(samples.count)]
                let (bmu, _) = Self.nearest(x, UnsafeBufferPointer(wm), nodes: nodes, d: d)
                let bx = bmu % w, by = bmu / w
                // Beyond 3 radii the Gaussian weight is under 1%: skip those nodes.
                let reach = Int((3 * radius).rounded(.up))
                let inv = 1 / (2 * radius * radius)
                x.withUnsafeBufferPointer { xs in
                    for gy in max(0, by - reach)...min(h - 1, by + reach) {
                        for gx in max(0, bx - reach)...min(w - 1, bx + reach) {
                            let g2 = Float((gx - bx) * (gx - bx) + (gy - by) * (gy - by))
                            let k = rate * Foundation.exp(-g2 * inv)
                            let o = (gy * w + gx) * d
                            for j in 0..<d { wm[o + j] += k * (xs[j] - wm[o + j]) }
                        }
                    }
                }
            }
        }
        return SelfOrganizingMap(width: w, height: h, dimensions: d, weights: weights)
    }
}
