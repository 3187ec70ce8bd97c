import ArgumentParser
import Foundation

/// The lab beside the product: what measures Vigil, not what operators run. Never linked into `vigil`.
@main
struct VigilLab: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vigil-lab",
        abstract: "Vigil's lab: evaluation against the peers, benchmarks, the sample-data generator, test helpers.",
        discussion: """
        Evaluation and benchmarks take a data path and default to ../shared/data when it exists. \
        Every figure in the README and docs/ comes from one of these commands.
        """,
        version: "0.1.0",
        subcommands: [EvalCommand.self, Bench.self, SampleDataCommand.self, FeedbackWriteLoop.self]
    )
}
