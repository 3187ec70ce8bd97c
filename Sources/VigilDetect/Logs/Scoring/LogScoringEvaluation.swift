import Foundation

/// Ranking and threshold figures of line scores against binary labels.
public struct LogScoringMetrics: Sendable, Equatable {
    public var precision: Double, recall: Double, f1: Double
    public var bestF1: Double, bestF1Threshold: Double
    public var rocAUC: Double
    public var lines: Int, positives: Int

    public init(scores: [Double], labels: [Bool], flagged: [Bool]) {
        lines = scores.count
        positives = labels.filter { $0 }.count
        var tp = 0, fp = 0
        for i in flagged.indices where flagged[i] { if labels[i] { tp += 1 } else { fp += 1 } }
        precision = tp + fp == 0 ? 0 : Double(tp) / Double(tp + fp)
        recall = positives == 0 ? 0 : Double(tp) / Double(positives)
        f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall)
        // Walk the scores downwards; ties move together so no order among equal scores is assumed.
        let order = scores.indices.sorted { scores[$0] > scores[$1] }
        let negatives = lines - positives
        var best = 0.0, bestT = Double.infinity, cumTP = 0, cumFP = 0, auc = 0.0
        var i = 0
        while i < order.count {
            let s = scores[order[i]]
            var dTP = 0, dFP = 0
            while i < order.count, scores[order[i]] == s { if labels[order[i]] { dTP += 1 } else { dFP += 1 }; i += 1 }
            // Trapezoid of the ROC step (ties give the diagonal, i.e. half credit).
            auc += Double(dFP) * (Double(cumTP) + Double(dTP) / 2)
            cumTP += dTP; cumFP += dFP
            let p = Double(cumTP) / Double(cumTP + cumFP), r = positives == 0 ? 0 : Double(cumTP) / Double(positives)
            let f = p + r == 0 ? 0 : 2 * p * r / (p + r)
            if f > best { best = f; bestT = s }
        }
        bestF1 = best
        bestF1Threshold = bestT
        rocAUC = positives == 0 || negatives == 0 ? 0.5 : auc / (Double(positives) * Double(negatives))
    }
}

/// The two protocols of `vigil-lab eval logs` over labelled lines.
public enum LogScoringEvaluation {
    public struct Outcome: Sendable {
        public var scores: [LogLineScore]
        /// First index scored (the train/infer split puts it at the half).
        public var firstScored: Int
        public var trainSeconds: Double, scoreSeconds: Double
        public var thresholdAtEnd: Double
        /// Each scored line's template key as it was scored.
        public var templates: [String] = []
        /// The bar each scored line had to pass to be flagged (`LogAnomalyScorer.bar`).
        public var bars: [Double] = []
    }

    /// Trains on lines[0..<split] and scores the rest with one model. With `feedback` > 0 and
    /// `labels`, an operator first reviews the training half as scored by that model: for the
    /// `feedback` highest-scored flagged lines of distinct templates they answer from the labels
    /// (`LogAnomalyScorer.applyFeedback`), the model is retrained with the false positives as
    /// normal data, and only then is the rest scored. No verdict is about a scored line.
    public static func trainThenInfer(lines: [(text: String, time: Double)], split: Int, config: LogScorerConfig,
                                      labels: [Bool] = [], feedback: Int = 0) -> Outcome {
        let clock = ContinuousClock()
        let t0 = clock.now
        let training = Array(lines[..<split])
        // Keyed as `LogPipeline` keys them: the miner learns the training lines, and every
        // training line takes the template the miner holds at the end.
        var miner = TemplateMiner()
        for line in training { _ = miner.add(line.text) }
        let parsed = training.map { LogLineText.analyze($0.text, matching: miner) }
        func trained(_ falsePositives: Set<String>) -> LogScoringModel {
            LogScoringModel.train(parsed: zip(parsed, training).map { ($0.0, $0.1.time) }, config: config,
                                  falsePositives: falsePositives)
        }
        var scorer = LogAnomalyScorer(model: trained([]))
        if feedback > 0, labels.count == lines.count {
            var review = LogAnomalyScorer(model: scorer.model)
            let replay = zip(parsed, training).map { review.score(parsed: $0.0, at: $0.1.time, learn: false) }
            var answered: Set<String> = []
            for (template, verdict) in operatorVerdicts(replay, templates: parsed.map(\.template), labels: Array(labels[..<split]),
                                                        budget: feedback, answered: &answered) {
                scorer.applyFeedback(template: template, isAnomaly: verdict)
            }
            scorer.install(trained(scorer.feedback.falsePositives))
        }
        let t1 = clock.now
        let threshold = scorer.model.threshold
        var templates: [String] = []
        var bars: [Double] = []
        let scores = lines[split...].map { line -> LogLineScore in
            let parsed = LogLineText.analyze(line.text, miner: &miner)
            templates.append(parsed.template)
            bars.append(scorer.bar(template: parsed.template))
            return scorer.score(parsed, at: line.time)
        }
        return Outcome(scores: scores, firstScored: split, trainSeconds: seconds(t1 - t0),
                       scoreSeconds: seconds(clock.now - t1), thresholdAtEnd: threshold, templates: templates, bars: bars)
    }

    /// Scores every line with the model trained on the lines before it, retraining on everything
    /// so far every `every` lines; the first `every` lines meet an empty model (cold start). With
    /// `feedback` > 0 and `labels`, before each retraining an operator reviews the lines scored
    /// since the last one: the `feedback` highest-scored flagged lines of distinct templates not
    /// answered before get a verdict from the labels, which acts on later lines only.
    public static func streaming(lines: [(text: String, time: Double)], every: Int, window: Int, config: LogScorerConfig,
                                 labels: [Bool] = [], feedback: Int = 0) -> Outcome {
        let clock = ContinuousClock()
        var scorer = LogAnomalyScorer(model: .empty(config: config))
        var miner = TemplateMiner()
        var templates: [String] = []
        var bars: [Double] = []
        var scores: [LogLineScore] = []
        scores.reserveCapacity(lines.count)
        var answered: Set<String> = []
        let reviewing = feedback > 0 && labels.count == lines.count
        var train = Duration.zero, score = Duration.zero
        for (i, line) in lines.enumerated() {
            if i > 0, i % max(every, 1) == 0 {
                if reviewing {
                    let batch = (i - every)..<i
                    for (template, verdict) in operatorVerdicts(Array(scores[batch]), templates: lines[batch].map { LogLineText.analyze($0.text, matching: miner).template },
                                                                labels: Array(labels[batch]), budget: feedback, answered: &answered) {
                        scorer.applyFeedback(template: template, isAnomaly: verdict)
                    }
                }
                let t = clock.now
                let recent = lines[max(0, i - window)..<i].map { (LogLineText.analyze($0.text, matching: miner), $0.time) }
                scorer.install(LogScoringModel.train(parsed: recent, config: config, falsePositives: scorer.feedback.falsePositives))
                train += clock.now - t
            }
            let t = clock.now
            let parsed = LogLineText.analyze(line.text, miner: &miner)
            templates.append(parsed.template)
            bars.append(scorer.bar(template: parsed.template))
            scores.append(scorer.score(parsed, at: line.time))
            score += clock.now - t
        }
        return Outcome(scores: scores, firstScored: 0, trainSeconds: seconds(train),
                       scoreSeconds: seconds(score), thresholdAtEnd: scorer.model.threshold, templates: templates, bars: bars)
    }

    /// A truthful operator: the flagged lines by descending score (ties by position), one verdict
    /// per template not in `answered`, at most `budget`; the verdict is that line's label.
    static func operatorVerdicts(_ scores: [LogLineScore], templates: [String], labels: [Bool], budget: Int,
                                 answered: inout Set<String>) -> [(template: String, isAnomaly: Bool)] {
        let order = scores.indices.filter { scores[$0].flagged }.sorted {
            scores[$0].score != scores[$1].score ? scores[$0].score > scores[$1].score : $0 < $1
        }
        var out: [(template: String, isAnomaly: Bool)] = []
        for i in order where out.count < budget && answered.insert(templates[i]).inserted {
            out.append((templates[i], labels[i]))
        }
        return out
    }

    static func seconds(_ d: Duration) -> Double {
        Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
    }
}
