import Foundation
import Testing
import VigilLiveHarness

/// The dashboard's exit codes as a check command: a usage error keeps 64, any other error is 3
/// (UNKNOWN), never 1 (that is WARNING, a finding).
@Suite(.timeLimit(.minutes(5)), .serialized)
struct ExitCodeTests {
    func vigil(_ arguments: [String], binary: String) throws -> ProcessResult {
        var env = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("VIGIL_") }
        env["NO_COLOR"] = "1"
        env["LANG"] = "C.UTF-8"
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-exit-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: scratch) }
        env["XDG_STATE_HOME"] = scratch.path
        return try ProcessRunner.run(binary, arguments, environment: env, timeout: 60, allowFailure: true)
    }

    @Test func aRuntimeErrorIsUnknownNotWarning() throws {
        guard let binary = vigilBinary() else { return }
        let r = try vigil(["--once", "--replay", "/nonexistent/vigil-recording"], binary: binary)
        #expect(r.status == 3, "exit \(r.status): \(r.stderr)")
        #expect(r.stderr.contains("Error:") && r.stderr.contains("/nonexistent/vigil-recording"), "\(r.stderr)")
    }

    @Test func aUsageErrorKeeps64() throws {
        guard let binary = vigilBinary() else { return }
        let r = try vigil(["--once", "--no-such-option"], binary: binary)
        #expect(r.status == 64, "exit \(r.status): \(r.stderr)")
    }

    /// Issue 21, crashes 8 and 9: a frame too large to allocate is a usage error, not a trap or an abort.
    @Test(arguments: [["--width", "9223372036854775807"], ["--height", "9223372036854775807"], ["--width", "100000", "--height", "100000"]])
    func anImpossibleFrameSizeIsAUsageError(size: [String]) throws {
        guard let binary = vigilBinary() else { return }
        let r = try vigil(["--once"] + size, binary: binary)
        #expect(r.status == 64, "exit \(r.status): \(r.stderr)")
        #expect(r.stderr.contains("must be from 1 to 10000"), "\(r.stderr)")
    }

    /// Issue 21, crash 7 and silent loss 5: output that cannot be written is an error, never a trap
    /// or a silent exit 0.
    @Test(arguments: [["feedback", "list"], ["--once"]])
    func aFullStandardOutputIsAnError(arguments: [String]) throws {
        guard let binary = vigilBinary(), FileManager.default.fileExists(atPath: "/dev/full") else { return }
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-full-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let r = try ProcessRunner.run("/bin/sh", ["-c", "d=\"$1\"; shift; XDG_STATE_HOME=\"$d\" NO_COLOR=1 \"$0\" \"$@\" > /dev/full", binary, scratch.path] + arguments,
                                      timeout: 60, allowFailure: true)
        #expect(r.status != 0 && r.status < 128, "exit \(r.status): \(r.stderr)")
        #expect(r.stderr.contains("cannot write to standard output: No space left on device"), "\(r.stderr)")
    }
}
