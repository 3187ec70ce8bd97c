import ArgumentParser
import Foundation
import VigilEngine
import VigilRuntime
import VigilFacts

extension ExportFormat: ExpressibleByArgument {}

struct FeedbackExport: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export", abstract: "Write every verdict (with its anomaly) as JSON lines or CSV.")

    @OptionGroup var state: StateOptions

    @Option(name: .long, help: "jsonl or csv.")
    var format: ExportFormat = .jsonl

    @Option(name: .long, help: "File to write (default: standard output).")
    var output: String?

    func run() throws {
        // No store yet: an empty export, and no store created by reading.
        let text = try state.openExisting()?.export(format: format) ?? ""
        guard let output else {
            try StandardOutput.write(text)
            return
        }
        try OutputFile.write(text, to: output)
    }
}

struct FeedbackImport: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Add verdicts from an export, or from the reference store's rows (predict_id, message, is_anomaly).",
        discussion: "Importing the same file again adds nothing. A malformed line stops the import before anything is added.")

    @OptionGroup var state: StateOptions

    @Argument(help: "A .jsonl or .csv file; - reads standard input.")
    var file: String

    @Option(name: .long, help: "jsonl or csv (default: guessed from the first character).")
    var format: ExportFormat?

    func run() throws {
        let data = try InputFile.read(file)
        guard let text = String(data: data, encoding: .utf8) else {
            throw UserError("\(file) is not UTF-8 text")
        }
        let store = try state.open()
        do {
            let summary = try store.importFeedback(text, format: format)
            try StandardOutput.write("imported \(summary.added) verdicts into \(store.path); \(summary.skipped) were already there\n")
        } catch FactStoreError.malformed(let why) {
            throw UserError("\(file): \(why); nothing was imported")
        }
    }
}
