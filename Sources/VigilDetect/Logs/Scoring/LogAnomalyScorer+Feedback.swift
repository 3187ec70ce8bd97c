import Foundation

/// Verdicts of an operator on flagged templates (issue 6).
public struct LogFeedback: Sendable, Equatable {
    /// Templates marked "not an anomaly": their lines are never flagged and train as normal data.
    public var falsePositives: Set<String> = []
    /// Templates marked "anomaly", in the order they were confirmed.
    public private(set) var confirmedOrder: [String] = []
    public private(set) var confirmed: Set<String> = []

    public init() {}

    mutating func confirm(_ template: String) {
        falsePositives.remove(template)
        if confirmed.insert(template).inserted { confirmedOrder.append(template) }
    }

    mutating func reject(_ template: String) {
        falsePositives.insert(template)
        if confirmed.remove(template) != nil { confirmedOrder.removeAll { $0 == template } }
    }

    mutating func forget(_ template: String) {
        falsePositives.remove(template)
        if confirmed.remove(template) != nil { confirmedOrder.removeAll { $0 == template } }
    }
}

extension LogAnomalyScorer {
    /// Records an operator's verdict on `template` (a `LogLineText.template`, as shown with a
    /// flagged line). A false positive (`isAnomaly == false`) is never flagged again: its lines
    /// score at most half the threshold, and `retrain` trains on them as normal data. A confirmed
    /// anomaly raises the score of lines whose template is the same or close to it (cosine of
    /// mean token vectors ≥ `feedbackSimilarity`), by noisy-OR with `feedbackBoost` × similarity.
    /// The latest verdict on a template wins.
    /// Drops any verdict on `template` (an operator's undo): it scores as if never judged.
    public mutating func clearFeedback(template: String) {
        feedback.forget(template)
        boostCache.removeAll()
        confirmedBags = nil
    }

    public mutating func applyFeedback(template: String, isAnomaly: Bool) {
        if isAnomaly { feedback.confirm(template) } else { feedback.reject(template) }
        boostCache.removeAll()
        confirmedBags = nil
    }

    /// The score after the verdicts: suppressed for a false positive, boosted near a confirmed one.
    mutating func adjustedForFeedback(_ score: Double, template: String) -> Double {
        if feedback.falsePositives.contains(template) {
            let t = threshold
            return min(score, t.isFinite && t > 0 ? t : 1) * 0.5
        }
        guard !feedback.confirmedOrder.isEmpty, model.config.feedbackBoost > 0 else { return score }
        let similarity: Double
        if let cached = boostCache[template] {
            similarity = cached
        } else {
            similarity = feedback.confirmed.contains(template) ? 1 : nearestConfirmed(template)
            boostCache[template] = similarity
        }
        guard similarity >= model.config.feedbackSimilarity else { return score }
        return Self.combine([(1, score), (model.config.feedbackBoost, similarity)])
    }

    /// The highest similarity between the template and a confirmed one: cosine of their words
    /// weighted by inverse template frequency (TF-IDF, over the model's templates). Measured
    /// first with mean word2vec vectors: on BGL every pair of templates sharing the header words
    /// came out at cosine 0.98-0.99, centred or not, so a confirmed `FATAL data TLB error
    /// interrupt` boosted `INFO generating core.<*>`; words common to most templates weigh ~0 here.
    private mutating func nearestConfirmed(_ template: String) -> Double {
        if idf == nil { idf = Self.inverseTemplateFrequency(model.templateCounts.keys) }
        let weights = idf ?? [:], unseen = log(Double(model.templateCounts.count + 1))
        func bag(_ t: String) -> [String: Double] {
            var b: [String: Double] = [:]
            for w in Self.tokens(of: t) { b[w] = weights[w] ?? unseen }
            return b
        }
        if confirmedBags == nil { confirmedBags = feedback.confirmedOrder.map(bag) }
        let v = bag(template)
        var best = 0.0
        for c in confirmedBags ?? [] { best = max(best, Self.cosine(v, c)) }
        return best
    }

    /// log((T + 1)/(df + 1)) per word for `df` of the `T` templates holding it.
    static func inverseTemplateFrequency<S: Sequence<String>>(_ templates: S) -> [String: Double] {
        var df: [String: Int] = [:], total = 0
        for t in templates {
            total += 1
            for w in Set(tokens(of: t)) { df[w, default: 0] += 1 }
        }
        return df.mapValues { log(Double(total + 1) / Double($0 + 1)) }
    }

    static func cosine(_ a: [String: Double], _ b: [String: Double]) -> Double {
        var dot = 0.0
        for (w, x) in a { if let y = b[w] { dot += x * y } }
        let na = a.values.reduce(0) { $0 + $1 * $1 }, nb = b.values.reduce(0) { $0 + $1 * $1 }
        return na > 0 && nb > 0 ? dot / (na * nb).squareRoot() : 0
    }

    /// A template's words: its tokens (it is its masked tokens joined by one space) without the
    /// ones holding a masked value, which carry no meaning and would make every template with a
    /// few `<*>` look alike.
    static func tokens(of template: String) -> [String] {
        template.split(separator: " ").filter { !$0.contains("<*>") }.map(String.init)
    }
}
