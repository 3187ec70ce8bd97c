import Foundation
import Testing
import VigilLiveHarness

/// Every `vigil` command line in README.md's code blocks runs as documented: with `--once` where it
/// would start the full-screen UI, it exits with a status of the cluster (0–3) or 0, and says nothing
/// of an error. Lines that need a live
/// cluster (Prometheus, Alertmanager or journal URLs) are left to the live-server suites; optional
/// parts in brackets are left out, and placeholders stand for files made here.
@Suite(.timeLimit(.minutes(10)), .serialized)
struct ReadmeCommandTests {
    /// The README's command lines that start with `vigil ` (not `vigil-lab`), comments cut off.
    static func commands() throws -> [String] {
        let text = try String(contentsOf: packageRoot().appendingPathComponent("README.md"), encoding: .utf8)
        var inBlock = false, out: [String] = []
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.hasPrefix("```") { inBlock.toggle(); continue }
            guard inBlock else { continue }
            // `cmd | vigil …`: the vigil part; `vigil … | less`: the vigil part.
            let parts = line.components(separatedBy: " | ")
            guard let part = parts.first(where: { $0.hasPrefix("vigil ") || $0 == "vigil" }) else { continue }
            var command = part
            if let hash = command.range(of: " #") { command = String(command[..<hash.lowerBound]) }
            out.append(command.trimmingCharacters(in: .whitespaces))
        }
        return out
    }

    /// What the test runs for a README line, or nil (with the reason) when it cannot run here.
    static func runnable(_ line: String, scratch: URL) -> (args: [String]?, skip: String?) {
        if line.hasSuffix("\\") { return (nil, "continues on the next line (a live cluster)") }
        if line.hasPrefix("vigil serve") { return (nil, "a service that runs until stopped (covered by ServeAlertingTests)") }
        if ["--prometheus", "--alertmanager", "--journald", "http://", "https://"].contains(where: line.contains) {
            return (nil, "needs a live cluster (covered by the live-server suites)")
        }
        // Optional parts in brackets are left out.
        let plain = line.replacingOccurrences(of: #"\s*\[[^\]]*\]"#, with: "", options: .regularExpression)
        if plain.contains("FILE") && plain.contains("import") { return (nil, "imports a file of the reader's") }
        var args = plain.split(separator: " ").map(String.init).dropFirst().map { word -> String in
            switch word {
            case "DIR": return packageRoot().appendingPathComponent("sample-data").path
            case "app.log": return scratch.appendingPathComponent("app.log").path
            case "'/var/log/pods/*/*/*.log'": return scratch.appendingPathComponent("*.log").path
            default: return word.hasPrefix("'") && word.hasSuffix("'") ? String(word.dropFirst().dropLast()) : word
            }
        }
        let startsUI = !args.contains("--once") && !args.contains("--help") && args.first != "feedback"
        if startsUI { args.append("--once") }
        if args.first == "feedback" { args.insert(contentsOf: ["--state-dir", scratch.appendingPathComponent("state").path], at: 2) }
        else if !args.contains("--help") { args += ["--state-dir", scratch.appendingPathComponent("state").path] }
        return (args, nil)
    }

    @Test func theReadmeHasCommandsToRun() throws {
        let commands = try Self.commands()
        // The two set-up commands are `swift …`; the rest of the README documents vigil's own.
        #expect(commands.count >= 10, "README commands found: \(commands)")
        #expect(commands.contains { $0.contains("--at -3h") })
    }

    @Test func everyReadmeCommandRunsAsDocumented() throws {
        guard let binary = vigilBinary() else { return }
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-readme-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        try "2026-11-29T10:00:00Z web-1 GET /health 200 in 3 ms\n".write(to: scratch.appendingPathComponent("app.log"),
                                                                          atomically: true, encoding: .utf8)
        var env = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("VIGIL_") }
        env["NO_COLOR"] = "1"
        env["LANG"] = "C.UTF-8"
        env["HOME"] = scratch.path
        var ran = 0
        for line in try Self.commands() {
            let (args, skip) = Self.runnable(line, scratch: scratch)
            guard let args else { liveLogLine("README: not run (\(skip ?? "")): \(line)"); continue }
            // Standard input empty, as for a command run from a script (`--logs -` reads it).
            let shell = ([binary] + args).map(shellQuote).joined(separator: " ") + " < /dev/null"
            let r = try ProcessRunner.run("/bin/sh", ["-c", shell], environment: env, timeout: 120, allowFailure: true)
            ran += 1
            // A frame's exit status is the cluster's (0 OK … 3 UNKNOWN, the check-command convention);
            // anything else (64: usage) is a failure.
            let allowed: ClosedRange<Int32> = args.contains("--once") ? 0...3 : 0...0
            #expect(allowed.contains(r.status), "README: `\(line)` → vigil \(args.joined(separator: " ")): exit \(r.status)\n\(r.stderr)")
            for word in ["Error:", "error:", "Missing value", "Unknown option"] {
                #expect(!r.stderr.contains(word), "README: `\(line)` printed \(word): \(r.stderr)")
            }
        }
        #expect(ran >= 10, "only \(ran) README commands ran")
    }
}

private func liveLogLine(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}
