import VigilCore
import Foundation

/// Skip-gram word2vec with negative sampling over token sequences (log lines).
///
/// Vectors live in one contiguous `[Float]` (row per word) and the inner loops run over unsafe
/// buffers so the compiler vectorises the dot products and updates. Training is deterministic for
/// a seed: one thread, our own PRNG, a fixed order.
public struct Word2Vec: Sendable, Equatable {
    public struct Config: Codable, Sendable, Equatable {
        public var dimensions = 25
        public var window = 5
        public var epochs = 5
        public var negatives = 5
        public var learningRate: Float = 0.025
        /// Frequent-token subsampling threshold (word2vec's `sample`); log lines repeat a lot.
        public var subsample: Double = 1e-3
        public var seed: UInt64 = 0x5EED
        public init() {}
    }

    public let dimensions: Int
    public let words: [String]
    public let index: [String: Int]
    /// `words.count × dimensions` input (word) vectors, row-major.
    public let vectors: [Float]

    public init(dimensions: Int, words: [String], vectors: [Float]) {
        self.dimensions = dimensions
        self.words = words
        self.vectors = vectors
        var index: [String: Int] = [:]
        for (i, w) in words.enumerated() { index[w] = i }
        self.index = index
    }

    /// Adds the vector of `token` to `sum` and says whether the token is known.
    @inline(__always)
    public func accumulate(_ token: String, into sum: inout [Float]) -> Bool {
        guard let i = index[token] else { return false }
        let d = dimensions
        vectors.withUnsafeBufferPointer { v in
            for j in 0..<d { sum[j] += v[i * d + j] }
        }
        return true
    }

    public func vector(_ token: String) -> [Float]? {
        guard let i = index[token] else { return nil }
        return Array(vectors[i * dimensions ..< (i + 1) * dimensions])
    }

    public func cosine(_ a: String, _ b: String) -> Float? {
        guard let x = vector(a), let y = vector(b) else { return nil }
        var dot: Float = 0, nx: Float = 0, ny: Float = 0
        for j in 0..<dimensions { dot += x[j] * y[j]; nx += x[j] * x[j]; ny += y[j] * y[j] }
        return dot / max((nx * ny).squareRoot(), 1e-12)
    }

    /// Trains on `sentences`; every token occurring at least once gets a vector.
    public static func train(_ sentences: [[String]], config: Config = Config()) -> Word2Vec {
        var index: [String: Int] = [:]
        var words: [String] = []
        var counts: [Int] = []
        var ids: [[Int32]] = []
        ids.reserveCapacity(sentences.count)
        for s in sentences {
            var row: [Int32] = []
            row.reserveCapacity(s.count)
            for t in s {
                let i: Int
                if let k = index[t] { i = k } else { i = words.count; index[t] = i; words.append(t); counts.append(0) }
                counts[i] += 1
                row.append(Int32(i))
            }
            ids.append(row)
        }
        let d = config.dimensions, v = words.count
        var rng = SplitMix64(seed: config.seed)
        // word2vec's initialisation: inputs uniform in ±0.5/d, outputs zero.
        var syn0 = (0..<(v * d)).map { _ in (rng.nextFloat() - 0.5) / Float(d) }
        var syn1 = [Float](repeating: 0, count: v * d)
        guard v > 0 else { return Word2Vec(dimensions: d, words: [], vectors: []) }

        let table = negativeTable(counts)
        let total = counts.reduce(0, +)
        // Keep probability per word (Mikolov et al.): sqrt(t/f) + t/f, capped at 1.
        let keep: [Float] = counts.map { c in
            let f = Double(c) / Double(max(total, 1)), t = config.subsample
            guard t > 0, f > 0 else { return 1 }
            return Float(min(1, (t / f).squareRoot() + t / f))
        }
        let steps = max(1, total * config.epochs)
        var processed = 0
        var grad = [Float](repeating: 0, count: d)
        var kept: [Int32] = []
        let lr0 = config.learningRate
        syn0.withUnsafeMutableBufferPointer { w0 in
            syn1.withUnsafeMutableBufferPointer { w1 in
                grad.withUnsafeMutableBufferPointer { g in
                    for _ in 0..<config.epochs {
                        for row in ids {
                            processed += row.count
                            // Linear decay to 1e-4 of the start, as in the reference implementation.
                            let lr = lr0 * max(1e-4, 1 - Float(processed) / Float(steps))
                            kept.removeAll(keepingCapacity: true)
                            for w in row where keep[Int(w)] >= 1 || rng.nextFloat() < keep[Int(w)] { kept.append(w) }
                            let n = kept.count
                            for p in 0..<n {
                                // Random shrink of the window, which weights near context more.
                                let b = rng.nextInt(config.window)
                                let lo = max(0, p - config.window + b), hi = min(n - 1, p + config.window - b)
                                guard lo <= hi else { continue }
                                for q in lo...hi where q != p {
                                    let ctx = Int(kept[q]) * d
                                    for j in 0..<d { g[j] = 0 }
                                    for k in 0...config.negatives {
                                        let target: Int, label: Float
                                        if k == 0 { target = Int(kept[p]); label = 1 } else {
                                            let t = Int(table[rng.nextInt(table.count)])
                                            if t == Int(kept[p]) { continue }
                                            target = t; label = 0
                                        }
                                        let o = target * d
                                        var dot: Float = 0
                                        for j in 0..<d { dot += w0[ctx + j] * w1[o + j] }
                                        let gr = (label - sigmoid(dot)) * lr
                                        for j in 0..<d { g[j] += gr * w1[o + j]; w1[o + j] += gr * w0[ctx + j] }
                                    }
                                    for j in 0..<d { w0[ctx + j] += g[j] }
                                }
                            }
                        }
                    }
                }
            }
        }
        return Word2Vec(dimensions: d, words: words, vectors: syn0)
    }

    @inline(__always) static func sigmoid(_ x: Float) -> Float {
        // Clipped as word2vec does: beyond ±6 the gradient is negligible.
        if x > 6 { return 1 }
        if x < -6 { return 0 }
        return 1 / (1 + Foundation.exp(-x))
    }

    /// Unigram^0.75 table of word ids (the negative-sampling distribution).
    static func negativeTable(_ counts: [Int]) -> [Int32] {
        // At least 100k slots so a word of weight share p gets about p·size of them.
        let size = max(100_000, min(1_000_000, counts.count * 100))
        let weights = counts.map { pow(Double($0), 0.75) }
        let sum = weights.reduce(0, +)
        var table = [Int32](repeating: 0, count: size)
        var i = 0, cum = weights.first.map { $0 / sum } ?? 1
        for a in 0..<size {
            while Double(a) / Double(size) >= cum, i < counts.count - 1 { i += 1; cum += weights[i] / sum }
            table[a] = Int32(i)
        }
        return table
    }
}
