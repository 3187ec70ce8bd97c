import Foundation
import Testing
@testable import VigilSources
@testable import VigilGenerator

@Suite(.timeLimit(.minutes(5))) struct GeneratorTests {
    /// Regenerating reproduces the bundled files byte for byte. With REGENERATE_SAMPLE_DATA=1 the
    /// bundled files are rewritten instead (then review and commit them).
    @Test func bundledSampleDataIsReproducible() throws {
        let generator = SampleDataGenerator()
        if ProcessInfo.processInfo.environment["REGENERATE_SAMPLE_DATA"] == "1" {
            try generator.write(to: SampleDataFixture.directory)
        }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-sample-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        try generator.write(to: dir)
        for name in [SampleDataGenerator.metricsFile, SampleDataGenerator.logFile, SampleDataGenerator.alertsFile] {
            let fresh = try Data(contentsOf: dir.appendingPathComponent(name))
            let bundled = try Data(contentsOf: SampleDataFixture.directory.appendingPathComponent(name))
            #expect(fresh == bundled, "\(name) differs from sample-data/; regenerate with REGENERATE_SAMPLE_DATA=1")
        }
    }

    /// `--end` and `--hours` squeeze the same story into another window: still parseable, still
    /// the whole incident, alerts still where the series say.
    @Test func otherWindowsKeepTheStory() throws {
        let end = try #require(RFC3339.parse("2027-01-15T18:30:00Z"))
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-sample-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        try SampleDataGenerator(end: end, hours: 2, stepSeconds: 15, seed: 7).write(to: dir)
        let recording = try ReplayRecording.load(from: dir)
        #expect(recording.end == end)
        #expect(recording.start == end.addingTimeInterval(-7200))
        #expect(recording.batches.count == 481 && recording.step == 15)
        let unknown = recording.batches.contains { b in
            b.samples.contains { $0.name == "kube_node_status_condition" && $0.labels["status"] == "unknown" && $0.value == 1 }
        }
        #expect(unknown)
        #expect(recording.alertEpisodes.contains { $0.name == "ClusterOperatorDegraded" })
        #expect(recording.logs.first.map { $0.timestamp >= recording.start } == true)
        #expect(recording.logs.last.map { $0.timestamp <= recording.end } == true)
    }
}
