import ArgumentParser
import Foundation
import VigilCore
import VigilEngine
import VigilRuntime
import VigilFacts

/// Adds verdicts in a loop, printing each id only once its transaction committed: the
/// durability tests kill it with SIGKILL and check that every printed id is in the store.
struct FeedbackWriteLoop: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "write-loop", abstract: "Test helper: add verdicts to a fact store in a loop, print each committed id.")

    @Option(name: .long, help: "Folder of facts.sqlite.")
    var stateDir: String

    @Option(name: .long, help: "Verdicts to add (0: until killed).")
    var count = 0

    @Option(name: .long, help: "Written as the verdicts' user, to tell writers apart.")
    var tag = "write-loop"

    func run() throws {
        let store = try FactStore.open(directory: URL(fileURLWithPath: stateDir))
        let values: [VerdictValue] = [.correct, .falsePositive]
        var i = 0
        while count == 0 || i < count {
            let verdict = Verdict(fingerprint: Fingerprint(stored: "\(tag):\(i % 7)"), kind: .metric, subject: "write loop \(i)",
                                      value: values[i % 2], user: tag, at: Date(), detector: "write-loop",
                                      detectorVersion: "1", note: "verdict \(i)")
            let stored = try store.add(verdict)
            // Unbuffered write(2): the line leaves this process before the next verdict starts.
            FileHandle.standardOutput.write(Data("\(stored.id ?? -1)\n".utf8))
            i += 1
        }
    }
}
