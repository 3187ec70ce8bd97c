import ArgumentParser
import Foundation
import VigilEngine
import VigilRuntime
import VigilGenerator
import VigilApp
import VigilSources

/// Regenerates the recorded incident (deterministic), optionally ending at another time.
struct SampleDataCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sample-data",
        abstract: "Write the recorded incident (metrics.om, cluster.log, alerts.json) to a folder.",
        discussion: "The same seed and end time give byte-identical files. Load metrics.om into Prometheus with: promtool tsdb create-blocks-from openmetrics metrics.om DATA_DIR")

    @Option(name: .long, help: "Output folder (created if missing).")
    var out: String

    @Option(name: .long, help: "End of the recording, RFC 3339 (default: the bundled recording's end).")
    var end: String?

    @Option(name: .long, help: "Hours recorded.")
    var hours: Int = 8

    @Option(name: .long, help: "Seconds between samples.")
    var step: Int = 30

    func run() throws {
        var endTime = SampleDataGenerator.defaultEnd
        if let e = end {
            guard let t = TimeSpec.parse(e, start: .distantPast, end: .distantFuture), e.first != "+", e.first != "-" else {
                throw ValidationError("--end '\(e)': expected an RFC 3339 time such as 2026-11-28T12:00:00Z")
            }
            endTime = t
        }
        guard hours >= 1, step >= 1 else { throw ValidationError("--hours and --step must be at least 1") }
        let dir = URL(fileURLWithPath: out)
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try SampleDataGenerator(end: endTime, hours: hours, stepSeconds: step).write(to: dir)
        print("wrote \(dir.path)/metrics.om, cluster.log, alerts.json ending at \(Format.clock(endTime))")
    }
}
