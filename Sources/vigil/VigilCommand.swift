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

        Exit status of --once (and of any run without a terminal), as a check command: 0 OK (every \
        source answered, nothing wrong), 1 WARNING, 2 CRITICAL, 3 UNKNOWN (no data, or a source \
        failed); the reasons go to stderr. 64 is a usage error, and any other error of the \
        dashboard is 3 as well (it could not look); the feedback commands exit 1 on an error. The dashboard \
        ended by a signal exits 128 + its number (130 Ctrl-C, 143 SIGTERM, 129 SIGHUP).
        """,
        version: "0.1.0",
        subcommands: [Dashboard.self, Serve.self, FeedbackCommand.self],
        defaultSubcommand: Dashboard.self
    )
}
