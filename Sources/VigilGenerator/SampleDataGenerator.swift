import Foundation
import VigilCore
import VigilSources

/// Writes a recorded OpenShift incident: `metrics.om` (OpenMetrics), `cluster.log` and
/// `alerts.json` (Alertmanager API v2), reproducible byte for byte from its parameters.
///
/// ```swift
/// try SampleDataGenerator().write(to: URL(fileURLWithPath: "sample-data"))
/// ```
/// `sample-data/README.md` tells the incident's story and its times.
public struct SampleDataGenerator: Sendable {
    /// End of the bundled recording, 2026-11-28T12:00:00Z; fixed so the bundled files never change.
    public static let defaultEnd = Date(timeIntervalSince1970: 1_795_867_200)

    public static let metricsFile = ReplayRecording.metricsFile
    public static let logFile = ReplayRecording.logFile
    public static let alertsFile = ReplayRecording.alertsFile

    public let end: Date
    public let hours: Int
    public let stepSeconds: Int
    public let seed: UInt64

    public init(end: Date = SampleDataGenerator.defaultEnd, hours: Int = 8, stepSeconds: Int = 30, seed: UInt64 = 42) {
        // Whole seconds: timestamps in the metrics file are integers.
        self.end = Date(timeIntervalSince1970: end.timeIntervalSince1970.rounded(.down))
        self.hours = max(1, hours)
        self.stepSeconds = max(1, stepSeconds)
        self.seed = seed
    }

    var story: IncidentStory { IncidentStory(clock: StoryClock(end: end, hours: hours, step: stepSeconds)) }

    /// Creates `directory` if needed and writes the three files into it.
    public func write(to directory: URL) throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        for (name, text) in [(Self.metricsFile, metricsText()), (Self.logFile, logText()), (Self.alertsFile, alertsText())] {
            try Data(text.utf8).write(to: directory.appendingPathComponent(name), options: .atomic)
        }
    }

    public func metricsText() -> String {
        let story = self.story
        let targets = ScrapeTargets(story: story, seed: seed)
        let families = OperatorFamilies(story: story).build()
            + AlertFamilies(story: story).build()
            + NodeFamilies(story: story, targets: targets, seed: seed).build()
            + APIServerFamilies(story: story, targets: targets, seed: seed).build()
        return OpenMetricsWriter.render(families, clock: story.clock)
    }

    public func logText() -> String { LogGenerator(story: story, seed: seed).render() }

    public func alertsText() -> String { AlertsFileWriter.render(story, seed: seed) }
}
