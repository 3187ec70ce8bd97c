import VigilDetect

/// The detectors `vigil-lab eval nab --detector NAME` can run. Each entry takes a whole series and
/// returns one score in [0, 1] per row; a streaming detector is fed the rows in order, e.g.
///
///     { times, values in
///         var d = SeriesDetector()
///         return zip(times, values).map { d.update(time: $0, value: $1).score } }
enum EvalDetectors {
    static let all: [(name: String, summary: String, run: NABDetectorFunction)] = [
        ("vigil", "SeriesDetector, the streaming detector the dashboard uses (default configuration)", { times, values in
            var d = SeriesDetector()
            return zip(times, values).map { d.update(time: $0, value: $1).score }
        }),
        ("baseline", "robust z-score over the last 60 rows (RobustZScoreDetector)", NABEvaluation.baseline),
    ]

    static var names: [String] { all.map(\.name) }
}
