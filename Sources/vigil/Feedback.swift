import ArgumentParser
import Foundation
import VigilEngine
import VigilRuntime
import VigilFacts

/// `vigil feedback …`: the operators' verdicts in the fact store, listed, exported and imported.
struct FeedbackCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "feedback",
        abstract: "List, export and import operators' verdicts on anomalies (the fact store).",
        discussion: "Fields and the mapping from the reference store's (predict_id, message, is_anomaly): docs/feedback-format.md",
        subcommands: [FeedbackList.self, FeedbackExport.self, FeedbackImport.self])
}

/// Where the store is, and whether a bad one may be moved aside.
struct StateOptions: ParsableArguments {
    @Option(name: .long, help: "Folder of facts.sqlite (default: $XDG_STATE_HOME/vigil, or ~/.local/state/vigil).")
    var stateDir: String?

    @Flag(name: .long, help: "If the store is corrupt or from a newer Vigil, move it aside (kept untouched) and start a new one.")
    var freshStore = false

    var directory: URL { stateDir.map { URL(fileURLWithPath: $0) } ?? FactStore.defaultDirectory() }

    /// For commands that only read: nil when there is no store yet (none is created). A folder
    /// named with --state-dir that does not exist is an error (a typo, most likely).
    func openExisting() throws -> FactStore? {
        let file = directory.appendingPathComponent(FactStore.fileName).path
        guard FileManager.default.fileExists(atPath: file) else {
            if stateDir != nil, !FileManager.default.fileExists(atPath: directory.path) {
                throw UserError("--state-dir \(directory.path) does not exist")
            }
            return nil
        }
        return try open()
    }

    func open() throws -> FactStore {
        let dir = directory
        let store = try FactStore.open(directory: dir, fresh: freshStore)
        if let moved = store.movedAside {
            FileHandle.standardError.write(Data("vigil: \(moved)\n".utf8))
        }
        return store
    }
}

struct FeedbackList: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "Print the verdicts (without retracted ones unless --all) as a table, oldest first.")

    @OptionGroup var state: StateOptions

    @Flag(name: .long, help: "Also show retracted verdicts and the retractions.")
    var all = false

    func run() throws {
        guard let store = try state.openExisting() else {
            try StandardOutput.write("no fact store in \(state.directory.path): no verdict has been recorded there\n")
            return
        }
        let verdicts = try store.verdicts(includeRetracted: all)
        if verdicts.isEmpty {
            try StandardOutput.write("no verdicts in \(store.path)\n")
            return
        }
        let retracted = Set(verdicts.compactMap(\.retracts))
        let header = ["ID", "AT (UTC)", "USER", "VERDICT", "KIND", "SUBJECT", "NOTE"]
        let rows = verdicts.map { v -> [String] in
            var verdict = v.value.rawValue
            if let target = v.retracts { verdict += " #\(target)" }
            if let until = v.until { verdict += " until \(Self.minute(until))" }
            if let id = v.id, retracted.contains(id) { verdict += " (retracted)" }
            return ["\(v.id ?? 0)", Self.minute(v.at), v.user, verdict, v.kind.rawValue,
                    Self.clip(v.subject, 48), Self.clip(v.note, 40)]
        }
        let widths = header.indices.map { i in ([header] + rows).map { $0[i].count }.max() ?? 0 }
        var text = ""
        for row in [header] + rows {
            let cells = row.enumerated().map { i, cell in
                i == row.count - 1 ? cell : cell.padding(toLength: widths[i], withPad: " ", startingAt: 0)
            }
            text += cells.joined(separator: "  ") + "\n"
        }
        try StandardOutput.write(text)
    }

    static func minute(_ date: Date) -> String {
        String(date.formatted(.iso8601).prefix(16)).replacingOccurrences(of: "T", with: " ")
    }

    /// One line, at most `width` characters.
    static func clip(_ text: String, _ width: Int) -> String {
        let flat = text.replacingOccurrences(of: "\n", with: " ")
        return flat.count <= width ? flat : String(flat.prefix(width - 1)) + "…"
    }
}
