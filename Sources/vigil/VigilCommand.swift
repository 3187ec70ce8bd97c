import ArgumentParser
import Foundation
import VigilEngine
import VigilRuntime

@main
struct Vigil: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vigil",
        abstract: "A terminal dashboard for the health of a cluster, with anomaly detection.",
        discussion: """
        With no source options, vigil replays the recorded incident in sample-data/ through the \
        same pipeline live mode uses. Press ? in the dashboard for keys. Evaluation, benchmarks and \
        the sample-data generator are in vigil-lab.
        """,
        version: "0.1.0",
        subcommands: [Dashboard.self, FeedbackCommand.self],
        defaultSubcommand: Dashboard.self
    )
}
