import Foundation

/// One scored line: the combined score in [0, 1], whether it passes the threshold, and the five
/// signals it was made of (each in [0, 1]).
public struct LogLineScore: Sendable, Equatable {
    public var score: Double
    public var flagged: Bool
    public var novelty: Double
    public var rarity: Double
    public var firstSighting: Double
    public var burst: Double
    public var severity: Double
}

/// Streaming log-line anomaly scorer over a `LogScoringModel`.
///
/// Signals, each in [0, 1] (the first four replace the reference; severity was added after measuring):
/// - novelty: u + (1 − u)·far, where u is the share of tokens never seen (neither in training nor
///   since), and far = max(0, 1 − scale/d) for the SOM distance d of the mean known-token vector
///   (0 inside the usual training distances, → 1 far outside). Unseen tokens raise it directly
///   instead of vanishing as near-zero vectors.
/// - rarity: log((N + 2)/(c + 1)) / log(N + 2) for the template's count c among the N lines seen.
/// - firstSighting: 1 when the template has never been seen.
/// - burst: max(0, n − 1 − b)/(n + b + 1) for n lines of the template in the current time bucket
///   and b its EWMA of counts per bucket before.
/// - severity: `LogSeverity.level`, generic log-level and failure words (0 weight turns it off).
/// Combined by noisy-OR, 1 − Π(1 − wᵢ·sᵢ): any one strong signal suffices, agreeing signals
/// add up, and the result stays in [0, 1].
public struct LogAnomalyScorer: Sendable {
    public private(set) var model: LogScoringModel
    private var sinceCounts: [String: Int] = [:]
    private var sinceTotal = 0
    private var sinceTokens: Set<String> = []
    private var rates: [String: Rate] = [:]
    /// SOM part of the novelty per template key; valid for the current model only.
    private var farCache: [String: Double] = [:]

    private struct Rate: Sendable {
        var bucket: Int64
        var count: Double
        var baseline: Double
    }

    public init(model: LogScoringModel) { self.model = model }

    /// Swaps in a model trained elsewhere (say on a background task with `LogScoringModel.train`).
    /// Counts since the last model are dropped (the new one has seen them); the rate baselines
    /// continue, since they follow time rather than a model.
    public mutating func install(_ model: LogScoringModel) {
        self.model = model
        sinceCounts.removeAll(); sinceTotal = 0; sinceTokens.removeAll(); farCache.removeAll()
    }

    /// Trains a model on `lines` and installs it (synchronous form of `install`).
    public mutating func retrain(lines: [(text: String, time: Double)]) {
        install(LogScoringModel.train(lines: lines, config: model.config))
    }

    /// Scores a line arriving at `time` and learns it (its template and tokens stop being novel).
    public mutating func score(_ line: String, at time: Double) -> LogLineScore {
        score(parsed: LogLineText.analyze(line), at: time, learn: true)
    }

    mutating func score(parsed: LogLineText, at time: Double, learn: Bool) -> LogLineScore {
        let config = model.config
        let key = parsed.template
        let seenBefore = (model.templateCounts[key] ?? 0) + (sinceCounts[key] ?? 0)
        let total = model.lineCount + sinceTotal
        let rarity = log(Double(total + 2) / Double(seenBefore + 1)) / log(Double(total + 2))
        let first: Double = seenBefore == 0 ? 1 : 0
        let novelty = novelty(parsed)
        let burst = updateRate(key, at: time, bucketWidth: config.bucketWidth, alpha: config.ewmaAlpha)
        let severity = config.severityWeight > 0 ? LogSeverity.level(parsed.tokens) : 0
        let score = Self.combine([
            (config.vectorWeight, novelty), (config.rarityWeight, rarity),
            (config.firstSightingWeight, first), (config.burstWeight, burst), (config.severityWeight, severity),
        ])
        if learn {
            sinceCounts[key, default: 0] += 1
            sinceTotal += 1
            for t in parsed.tokens where model.word2vec.index[t] == nil { sinceTokens.insert(t) }
        }
        return LogLineScore(score: score, flagged: score > model.threshold, novelty: novelty,
                            rarity: rarity, firstSighting: first, burst: burst, severity: severity)
    }

    /// Noisy-OR of weighted signals.
    static func combine(_ parts: [(weight: Double, value: Double)]) -> Double {
        var keep = 1.0
        for p in parts { keep *= 1 - min(1, max(0, p.weight * p.value)) }
        return 1 - keep
    }

    private mutating func novelty(_ parsed: LogLineText) -> Double {
        guard !parsed.tokens.isEmpty else { return 0 }
        var unseen = 0
        for t in parsed.tokens where model.word2vec.index[t] == nil && !sinceTokens.contains(t) { unseen += 1 }
        let u = Double(unseen) / Double(parsed.tokens.count)
        let far: Double
        if let cached = farCache[parsed.template] {
            far = cached
        } else {
            if let v = LogScoringModel.meanVector(parsed.tokens, model.word2vec) {
                let d = Double(model.som.bestMatch(v).distance)
                far = d > 0 ? max(0, 1 - Double(model.distanceScale) / d) : 0
            } else {
                far = 1  // Nothing known to place on the map: as far as can be.
            }
            farCache[parsed.template] = far
        }
        return u + (1 - u) * far
    }

    /// Advances the template's rate to `time`'s bucket and returns its burst signal.
    private mutating func updateRate(_ key: String, at time: Double, bucketWidth: Double, alpha: Double) -> Double {
        let bucket = Int64((time / max(bucketWidth, 1e-9)).rounded(.down))
        var r = rates[key] ?? Rate(bucket: bucket, count: 0, baseline: 0)
        if bucket > r.bucket {
            // Close the last bucket into the baseline, then decay through the empty ones between.
            r.baseline = (1 - alpha) * r.baseline + alpha * r.count
            let gap = Double(min(bucket - r.bucket - 1, 10_000))
            r.baseline *= pow(1 - alpha, gap)
            r.count = 0
            r.bucket = bucket
        }
        r.count += 1
        rates[key] = r
        return max(0, r.count - 1 - r.baseline) / (r.count + r.baseline + 1)
    }
}
