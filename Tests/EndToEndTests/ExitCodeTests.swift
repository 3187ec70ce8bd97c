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
}
