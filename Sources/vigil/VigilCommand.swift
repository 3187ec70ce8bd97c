import ArgumentParser
import Foundation

@main
struct Vigil: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vigil",
        abstract: "A terminal dashboard for the health of a cluster, with anomaly detection.",
        discussion: """
        With no source options, vigil replays the recorded incident in sample-data/ through the \
        same pipeline live mode uses. Press ? in the dashboard for keys.
        """,
        version: "0.1.0",
        subcommands: [Dashboard.self, Bench.self, SampleDataCommand.self, EvalCommand.self, FeedbackCommand.self],
        defaultSubcommand: Dashboard.self
    )
}

/// Errors the command line reports in plain words before exiting non-zero.
struct UserError: Error, CustomStringConvertible {
    let description: String
    init(_ d: String) { description = d }
}
