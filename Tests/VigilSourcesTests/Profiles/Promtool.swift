import Foundation

/// Runs the `promtool` binary (Prometheus' own checker) on files written to a scratch folder.
enum Promtool {
    /// Found on PATH; nil where Prometheus' tools are not installed (CI installs them).
    static let path: String? = {
        let dirs = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/usr/local/bin").split(separator: ":")
        return dirs.map { "\($0)/promtool" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }()

    static var isInstalled: Bool { path != nil }

    struct Result {
        var status: Int32
        var output: String
    }

    /// Writes `files` into a fresh folder, runs `promtool ARGS` there, and removes the folder.
    static func run(_ arguments: [String], files: [String: String]) throws -> Result {
        guard let path else { return Result(status: -1, output: "promtool is not installed") }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-promtool-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        for (name, text) in files {
            try text.write(to: dir.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        process.currentDirectoryURL = dir
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, output: String(decoding: data, as: UTF8.self))
    }

    /// A YAML double-quoted scalar: JSON's string syntax is a subset of YAML's, so any PromQL
    /// (quotes, backslashes, line breaks) survives the trip.
    static func quoted(_ text: String) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .withoutEscapingSlashes
        guard let data = try? encoder.encode(text) else { return "\"\"" }
        return String(decoding: data, as: UTF8.self)
    }
}
