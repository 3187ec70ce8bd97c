import Foundation
import Testing
@testable import VigilDetect

/// The LogHub samples copied into Tests/Fixtures/loghub, found from this file's path so the tests
/// need neither ../shared nor bundled resources.
@Suite(.timeLimit(.minutes(5))) struct TemplateMinerFixtureTests {
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fixtures/loghub")

    /// Drain's group accuracy with per-dataset tuned settings (Zhu et al., ICSE-SEIP 2019): the
    /// default miner, untuned, must do at least as well.
    @Test(arguments: [("HDFS", 0.998), ("Linux", 0.690), ("Proxifier", 0.527)])
    func groupAccuracyAtLeastTunedDrain(system: String, drain: Double) throws {
        let sample = try LogHubSample.load(system: system, from: Self.root, truth: "loghub_orig")
        #expect(sample.contents.count == 2000)
        #expect(sample.unmatchedLines == 0)
        var miner = TemplateMiner()
        let ids = sample.contents.map { miner.add($0).templateID }
        let scores = ParseMetrics.score(parsed: ids, truth: sample.truthIDs,
                                        parsedTemplates: ids.map { miner.template($0) }, trueTemplates: sample.truthTemplates)
        #expect(scores.groupAccuracy >= drain, "\(system): \(scores)")
        // Matching the sample again without learning finds every line's own template.
        #expect(sample.contents.indices.allSatisfy { miner.match(sample.contents[$0]) == ids[$0] })
    }
}
