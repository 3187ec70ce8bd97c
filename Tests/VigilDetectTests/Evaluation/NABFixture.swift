import Foundation
@testable import VigilDetect

/// The NAB subset copied into Tests/Fixtures/nab, found from this file's path so the tests need
/// neither ../shared nor bundled resources.
enum NABFixture {
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // Evaluation
        .deletingLastPathComponent()  // VigilDetectTests
        .deletingLastPathComponent()  // Tests
        .appendingPathComponent("Fixtures/nab")

    static var peers: URL { root.appendingPathComponent("peers") }

    /// Loaded once: 41 CSVs take a moment in a debug build.
    static let corpus: Result<NABCorpus, any Error> = Result { try NABCorpus.load(from: root) }
}

/// Small hand-made series for the scoring rules: `count` rows, the given windows, and a score
/// of 1 at `detections` (0 elsewhere) unless `scores` is given.
func handMade(count: Int, windows: [(start: Int, end: Int)], detections: [Int] = [],
              scores: [Double]? = nil) -> (corpus: NABCorpus, scores: [[Double]]) {
    let series = NABSeries(category: "test", name: "s", timestamps: (0..<count).map { "row \($0)" },
                           values: Array(repeating: 0, count: count), windows: windows)
    var row = scores ?? Array(repeating: 0, count: count)
    if scores == nil { for i in detections { row[i] = 1 } }
    return (NABCorpus(series: [series]), [row])
}
