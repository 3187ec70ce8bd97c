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

    /// Issue 21, unclear errors: each says what is wrong, in words, and fails (never ignored,
    /// never "Missing value" for a negative number, never a Foundation error code).
    @Test(arguments: [
        (["--once", "--config", "/nonexistent/vigil.yaml"], "--config /nonexistent/vigil.yaml: No such file or directory"),
        (["--once", "--speed", "-2"], "--speed must be a positive number"),
        (["--once", "--width", "-5"], "--width must be from 1 to 10000"),
        (["--once", "--prometheus", "http://127.0.0.1:1", "--refresh", "-3"], "refresh must be a positive duration"),
        (["--once", "--logs", "/tmp"], "--logs /tmp is a directory: name its files"),
        (["feedback", "import", "/tmp"], "cannot read /tmp: it is a directory"),
        (["feedback", "import", "/nonexistent/x.jsonl"], "cannot read /nonexistent/x.jsonl: No such file or directory"),
    ])
    func anUnclearErrorIsNowClear(arguments: [String], message: String) throws {
        guard let binary = vigilBinary() else { return }
        let r = try vigil(arguments, binary: binary)
        #expect(r.status != 0, "exit \(r.status): \(r.stderr)")
        #expect(r.stderr.contains(message), "\(r.stderr)")
        #expect(!r.stderr.contains("Missing value") && !r.stderr.contains("NSCocoaErrorDomain"), "\(r.stderr)")
    }

    @Test func aBadVigilRefreshIsAnError() throws {
        guard let binary = vigilBinary() else { return }
        var env = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("VIGIL_") }
        env["VIGIL_REFRESH"] = "banana"
        env["XDG_STATE_HOME"] = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-exit-\(UUID().uuidString)").path
        let r = try ProcessRunner.run(binary, ["--once", "--prometheus", "http://127.0.0.1:1"], environment: env, timeout: 60, allowFailure: true)
        #expect(r.status != 0, "exit \(r.status): \(r.stderr)")
        #expect(r.stderr.contains("VIGIL_REFRESH='banana' is not a duration"), "\(r.stderr)")
    }

    /// Issue 21, silent loss 1 through the binary: --output into a FIFO is written into, not replaced.
    @Test func exportIntoAFIFOWritesIntoIt() async throws {
        guard let binary = vigilBinary() else { return }
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-fifo-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let fifo = scratch.appendingPathComponent("out").path
        #expect(mkfifo(fifo, 0o600) == 0)
        let reader = Task.detached { try ProcessRunner.run("/bin/cat", [fifo], timeout: 60, allowFailure: true).stdout }
        let r = try ProcessRunner.run(binary, ["feedback", "export", "--output", fifo, "--state-dir", scratch.path], timeout: 60, allowFailure: true)
        #expect(r.status == 0, "exit \(r.status): \(r.stderr)")
        _ = try await reader.value
        var info = stat()
        #expect(lstat(fifo, &info) == 0 && info.st_mode & S_IFMT == S_IFIFO)
    }

    /// Issue 21: `--once` with a corrupt store exited 0 and showed anomalies marked false as new.
    @Test func onceWithACorruptStoreIsAnErrorUnlessReadOnly() throws {
        guard let binary = vigilBinary() else { return }
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-corrupt-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        try Data("not a database at all".utf8).write(to: scratch.appendingPathComponent("facts.sqlite"))
        let r = try ProcessRunner.run(binary, ["--once", "--state-dir", scratch.path], timeout: 60, allowFailure: true)
        #expect(r.status == 3, "exit \(r.status): \(r.stderr)")
        #expect(r.stderr.contains("not a valid SQLite database") && r.stderr.contains("--read-only"), "\(r.stderr)")
        let ro = try ProcessRunner.run(binary, ["--once", "--read-only", "--state-dir", scratch.path], timeout: 60, allowFailure: true)
        #expect(ro.status == 0 && ro.stderr.contains("this frame shows no verdicts"), "exit \(ro.status): \(ro.stderr)")
    }
}
