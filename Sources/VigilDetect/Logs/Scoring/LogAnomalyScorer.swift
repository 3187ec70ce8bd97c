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
/// - burst: the larger of max(0, n − 1 − b)/(n + b + 1) for n lines of the template in the current
///   time bucket and b its EWMA of counts per bucket before, and the template's share of the last
///   `burstWindow` lines minus its share of all lines seen (a burst in lines, whatever their spacing).
/// - severity: `LogSeverity.lineLevel`, the line's level field or else generic failure words, one
///   step lower for a refused request (`No such file or directory`, `Permission denied`; 0 weight
///   turns it off).
/// Combined by noisy-OR, 1 − Π(1 − wᵢ·sᵢ): any one strong signal suffices, agreeing signals
/// add up, and the result stays in [0, 1]. Operator verdicts (`applyFeedback`) then suppress or
/// boost it. A line is flagged above the threshold (mean + k·std of the training scores), or for a
/// routine template (`LogScoringModel.routineCeilings`) above its training high.
public struct LogAnomalyScorer: Sendable {
    public private(set) var model: LogScoringModel
    private var sinceCounts: [String: Int] = [:]
    private var sinceTotal = 0
    private var sinceTokens: Set<String> = []
    private var rates: [String: Rate] = [:]
    /// SOM part of the novelty per template key; valid for the current model only.
    private var farCache: [String: Double] = [:]
    /// Severity per template key; it does not depend on the model, but is cleared with it to
    /// bound its size.
    private var severityCache: [String: Double] = [:]
    /// The templates of the last `burstWindow` lines (a ring) and their counts.
    private var recent: [String] = []
    private var recentNext = 0
    private var recentCounts: [String: Int] = [:]
    /// Running mean and squared deviations (Welford) of the scores since an empty model was
    /// installed: the cold-start threshold, since such a model has no training scores.
    private var coldCount = 0
    private var coldMean = 0.0
    private var coldM2 = 0.0
    /// Operator verdicts (see `applyFeedback`); they outlive models.
    public internal(set) var feedback = LogFeedback()
    /// Feedback boost per template key; valid for the current model only.
    var boostCache: [String: Double] = [:]
    /// Weighted words of the confirmed templates, and the word weights, under the current model
    /// (nil: not computed yet).
    var confirmedBags: [[String: Double]]?
    var idf: [String: Double]?

    /// The two burst signals of the last line scored, before the training ceiling, and whether
    /// each was warm: a rate once its template closed a bucket (its baseline starts empty, so its
    /// first bucket always looks like a burst), a share once `burstWindow` lines came before it.
    /// For `LogScoringModel.train`, which measures the ceilings from warm bursts.
    private(set) var lastBurst = (rate: 0.0, share: 0.0, rateWarm: false, shareWarm: false)

    private struct Rate: Sendable {
        var bucket: Int64
        var count: Double
        var baseline: Double
        /// A bucket has closed into the baseline.
        var closed: Bool
    }

    public init(model: LogScoringModel) {
        self.model = model
        feedback.falsePositives = model.falsePositiveTemplates
    }

    /// Swaps in a model trained elsewhere (say on a background task with `LogScoringModel.train`).
    /// Counts since the last model are dropped (the new one has seen them); the rate baselines
    /// continue, since they follow time rather than a model.
    public mutating func install(_ model: LogScoringModel) {
        self.model = model
        sinceCounts.removeAll(); sinceTotal = 0; sinceTokens.removeAll(); farCache.removeAll()
        coldCount = 0; coldMean = 0; coldM2 = 0
        boostCache.removeAll(); confirmedBags = nil; idf = nil; severityCache.removeAll()
        // Verdicts the model was trained with stay in force, unless overruled here since.
        for t in model.falsePositiveTemplates where !feedback.confirmed.contains(t) { feedback.falsePositives.insert(t) }
    }

    /// Lines scored by an empty model before it flags anything (its threshold needs a sample).
    static let coldStartLines = 20

    /// The threshold in force: the model's, or for a model trained on nothing, mean + k·std of
    /// the scores seen since it was installed (nothing flagged for the first `coldStartLines`).
    public var threshold: Double {
        guard model.lineCount == 0 else { return model.threshold }
        guard coldCount >= Self.coldStartLines else { return .infinity }
        return coldMean + model.config.k * (coldM2 / Double(coldCount)).squareRoot()
    }

    /// What a line of `template` must score above to be flagged now: the threshold, or a routine
    /// template's training high when that is higher.
    public func bar(template: String) -> Double {
        max(threshold, model.routineCeilings[template] ?? -.infinity)
    }

    /// Trains a model on `lines` and installs it (synchronous form of `install`).
    public mutating func retrain(lines: [(text: String, time: Double)]) {
        install(LogScoringModel.train(lines: lines, config: model.config, falsePositives: feedback.falsePositives))
    }

    /// Scores a line arriving at `time` and learns it (its template and tokens stop being novel).
    public mutating func score(_ line: String, at time: Double) -> LogLineScore {
        score(parsed: LogLineText.analyze(line), at: time, learn: true)
    }

    /// Scores a line already split into tokens and a template key, and learns it.
    public mutating func score(_ parsed: LogLineText, at time: Double) -> LogLineScore {
        score(parsed: parsed, at: time, learn: true)
    }

    mutating func score(parsed: LogLineText, at time: Double, learn: Bool) -> LogLineScore {
        let config = model.config
        let key = parsed.template
        let seenBefore = (model.templateCounts[key] ?? 0) + (sinceCounts[key] ?? 0)
        let total = model.lineCount + sinceTotal
        let rarity = log(Double(total + 2) / Double(seenBefore + 1)) / log(Double(total + 2))
        let first: Double = seenBefore == 0 ? 1 : 0
        let novelty = novelty(parsed)
        let rateBurst = updateRate(key, at: time, bucketWidth: config.bucketWidth, alpha: config.ewmaAlpha)
        let share = shareBurst(key, seenBefore: seenBefore, total: total, window: config.burstWindow)
        lastBurst.rate = rateBurst
        lastBurst.share = share
        let ceiling = model.burstCeilings[key] ?? BurstCeiling()
        let burst = max(ceiling.above(rate: rateBurst), ceiling.above(share: share))
        let severity = config.severityWeight > 0 ? severity(parsed) : 0
        let raw = Self.combine(novelty: novelty, rarity: rarity, firstSighting: first, burst: burst, severity: severity, config: config)
        let score = adjustedForFeedback(raw, template: key)
        // A routine template (`LogScoringModel.routineCeilings`) is flagged only above its training high.
        let flagged = score > bar(template: key) && !feedback.falsePositives.contains(key)
        if learn && model.lineCount == 0 {
            coldCount += 1
            let delta = score - coldMean
            coldMean += delta / Double(coldCount)
            coldM2 += delta * (score - coldMean)
        }
        if learn {
            sinceCounts[key, default: 0] += 1
            sinceTotal += 1
            for t in parsed.tokens where model.word2vec.index[t] == nil { sinceTokens.insert(t) }
        }
        return LogLineScore(score: score, flagged: flagged, novelty: novelty,
                            rarity: rarity, firstSighting: first, burst: burst, severity: severity)
    }

    /// The five signals combined with the configured weights, before verdicts.
    static func combine(novelty: Double, rarity: Double, firstSighting: Double, burst: Double, severity: Double,
                        config: LogScorerConfig) -> Double {
        combine([
            (config.vectorWeight, novelty), (config.rarityWeight, rarity),
            (config.firstSightingWeight, firstSighting), (config.burstWeight, burst), (config.severityWeight, severity),
        ])
    }

    /// Noisy-OR of weighted signals.
    static func combine(_ parts: [(weight: Double, value: Double)]) -> Double {
        var keep = 1.0
        for p in parts { keep *= 1 - min(1, max(0, p.weight * p.value)) }
        return 1 - keep
    }

    /// `LogSeverity.lineLevel` of the line: the level once per template, the step down for a
    /// refused request per line (a template may have made the error message a variable).
    private mutating func severity(_ parsed: LogLineText) -> Double {
        let level: Double
        if let s = severityCache[parsed.template] {
            level = s
        } else {
            level = LogSeverity.level(parsed.tokens)
            severityCache[parsed.template] = level
        }
        return LogSeverity.lineLevel(level: level, parsed.tokens)
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

    /// Share of the template among the last `window` lines minus its share of all lines seen
    /// (then counts this line in). Counted in lines, not seconds, so it works whatever the line
    /// rate and however the stream was sampled: a template taking over the recent stream bursts
    /// even when its lines are minutes apart.
    private mutating func shareBurst(_ key: String, seenBefore: Int, total: Int, window: Int) -> Double {
        guard window > 0 else { return 0 }
        let share = recent.isEmpty ? 0 : Double(recentCounts[key] ?? 0) / Double(recent.count)
        lastBurst.shareWarm = recent.count >= window
        let overall = total > 0 ? Double(seenBefore) / Double(total) : 0
        if recent.count < window {
            recent.append(key)
        } else {
            let old = recent[recentNext]
            if let c = recentCounts[old] { recentCounts[old] = c > 1 ? c - 1 : nil }
            recent[recentNext] = key
            recentNext = (recentNext + 1) % window
        }
        recentCounts[key, default: 0] += 1
        return max(0, share - overall)
    }

    /// Advances the template's rate to `time`'s bucket and returns its burst signal.
    private mutating func updateRate(_ key: String, at time: Double, bucketWidth: Double, alpha: Double) -> Double {
        let bucket = Int64((time / max(bucketWidth, 1e-9)).rounded(.down))
        var r = rates[key] ?? Rate(bucket: bucket, count: 0, baseline: 0, closed: false)
        if bucket > r.bucket {
            // Close the last bucket into the baseline (the first one is the baseline), then
            // decay through the empty ones between.
            r.baseline = r.closed ? (1 - alpha) * r.baseline + alpha * r.count : r.count
            r.closed = true
            let gap = Double(min(bucket - r.bucket - 1, 10_000))
            r.baseline *= pow(1 - alpha, gap)
            r.count = 0
            r.bucket = bucket
        }
        r.count += 1
        rates[key] = r
        lastBurst.rateWarm = r.closed
        return max(0, r.count - 1 - r.baseline) / (r.count + r.baseline + 1)
    }
}

/// The largest bursts a template showed in training, by kind (see `LogScoringModel.burstCeilings`).
public struct BurstCeiling: Codable, Sendable, Equatable {
    public var rate = 0.0
    public var share = 0.0

    public init(rate: Double = 0, share: Double = 0) {
        self.rate = rate
        self.share = share
    }

    func above(rate b: Double) -> Double { Self.lift(b, over: rate) }
    func above(share b: Double) -> Double { Self.lift(b, over: share) }

    /// The part of `b` above `ceiling`, rescaled so that 1 stays 1.
    static func lift(_ b: Double, over ceiling: Double) -> Double {
        ceiling < 1 ? max(0, b - ceiling) / (1 - ceiling) : 0
    }
}
