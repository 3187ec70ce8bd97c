import Foundation
import Testing
import VigilLiveHarness

/// `vigil --logs - --once`: the one-frame snapshot reads standard input too — whole when it ends,
/// and up to a quiet second when it is a pipe that stays open (`tail -f | vigil --logs - --once`).
@Suite(.timeLimit(.minutes(10)), .serialized)
struct OnceStdinTests {
    static let lines = (0..<40).map { "2026-11-29T10:\(String(format: "%02d", $0)):00Z web-1 GET /health 200 in \($0 + 3) ms" }
        + ["2026-11-29T10:41:00Z web-1 panic: runtime error: invalid memory address or nil pointer dereference"]

    func run(_ script: String, binary: String) throws -> ProcessResult {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-once-stdin-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let input = scratch.appendingPathComponent("input.log")
        try (Self.lines.joined(separator: "\n") + "\n").write(to: input, atomically: true, encoding: .utf8)
        var env = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("VIGIL_") }
        env["NO_COLOR"] = "1"
        env["LANG"] = "C.UTF-8"
        let vigil = [binary, "--logs", "-", "--once", "--screen", "4", "--width", "160", "--height", "60",
                     "--state-dir", scratch.appendingPathComponent("state").path].map(shellQuote).joined(separator: " ")
        let command = script.replacingOccurrences(of: "INPUT", with: shellQuote(input.path))
            .replacingOccurrences(of: "VIGIL", with: vigil)
        return try ProcessRunner.run("/bin/sh", ["-c", command], environment: env, timeout: 120, allowFailure: true)
    }

    @Test func aFileOnStandardInputIsInTheFrame() throws {
        guard let binary = vigilBinary() else { return }
        let r = try run("VIGIL < INPUT", binary: binary)
        #expect(r.status == 0, "exit \(r.status): \(r.stderr)")
        #expect(r.stdout.contains("panic: runtime error"), "frame:\n\(r.stdout)")
        #expect(r.stdout.contains("stdin"))
        #expect(!r.stderr.contains("left unread") && !r.stderr.contains("without a line"), "stderr: \(r.stderr)")
    }

    @Test func aPipeThatStaysOpenIsReadUntilItIsQuiet() throws {
        guard let binary = vigilBinary() else { return }
        // The writer holds the pipe open for 3 s after its lines, as `tail -f` would for ever.
        let r = try run("(cat INPUT; sleep 3) | VIGIL", binary: binary)
        #expect(r.status == 0, "exit \(r.status): \(r.stderr)")
        #expect(r.stdout.contains("panic: runtime error"), "frame:\n\(r.stdout)")
        #expect(r.stderr.contains("--logs -: this frame holds the 41 lines read from standard input"), "stderr: \(r.stderr)")
    }
}
