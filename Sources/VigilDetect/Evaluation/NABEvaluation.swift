/// A detector as the evaluation sees it: a whole series in (UTC seconds, values), one score in
/// [0, 1] per row out. Streaming detectors are wrapped by feeding the rows in order.
public typealias NABDetectorFunction = @Sendable (_ times: [Double], _ values: [Double]) -> [Double]

/// Runs a detector over every series of a corpus.
public enum NABEvaluation {
    public struct Run: Sendable {
        /// One array per series of the corpus, one score per row.
        public var scores: [[Double]]
        /// Seconds spent inside the detector (timestamp parsing excluded).
        public var detectorSeconds: Double
        public var points: Int
        public var pointsPerSecond: Double { detectorSeconds > 0 ? Double(points) / detectorSeconds : 0 }
    }

    public static func run(_ detector: NABDetectorFunction, on corpus: NABCorpus) throws -> Run {
        var scores: [[Double]] = []
        var elapsed = Duration.zero
        let clock = ContinuousClock()
        for s in corpus.series {
            let times = try s.timestamps.enumerated().map { i, t in
                guard let seconds = NABTime.parse(t) else { throw NABError("\(s.relativePath): row \(i + 2): bad timestamp \(t)") }
                return seconds
            }
            var out: [Double] = []
            elapsed += clock.measure { out = detector(times, s.values) }
            guard out.count == s.values.count else {
                throw NABError("\(s.relativePath): the detector returned \(out.count) scores for \(s.values.count) rows")
            }
            scores.append(out)
        }
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return Run(scores: scores, detectorSeconds: seconds, points: corpus.rowCount)
    }

    /// Wraps the existing streaming baseline, `RobustZScoreDetector`, which ignores time.
    public static let baseline: NABDetectorFunction = { _, values in
        var d = RobustZScoreDetector()
        return values.map { d.update($0) }
    }
}
