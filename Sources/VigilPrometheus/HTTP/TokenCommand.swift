import VigilSources
import Foundation
import Synchronization

/// Runs a token command (`oc whoami -t`) with `/bin/sh -c` and returns its trimmed stdout.
/// Failures name the command, its exit status and the end of its stderr; never its stdout,
/// which may be a partial token.
enum TokenCommand {
    static func run(_ command: String, timeout: Duration) async throws -> String {
        let result = try await execute(command, timeout: timeout)
        let token = result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        if result.timedOut {
            throw failure(command, "did not finish within \(SourceError.seconds(timeout))")
        }
        guard result.status == 0 else {
            throw failure(command, "exited with status \(result.status)" + stderrSuffix(result.stderr))
        }
        guard !token.isEmpty else {
            throw failure(command, "printed no token" + stderrSuffix(result.stderr))
        }
        return token
    }

    private static func failure(_ command: String, _ what: String) -> SourceError {
        SourceError(kind: .tokenCommandFailed, message: "token command `\(command)` \(what)")
    }

    /// `: <last line of stderr>`, at most 300 characters, or nothing when stderr is empty.
    private static func stderrSuffix(_ stderr: String) -> String {
        let text = stderr.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else { return "" }
        return ": " + String(text.suffix(300))
    }

    private struct Outcome: Sendable {
        var status: Int32
        var stdout: String
        var stderr: String
        var timedOut: Bool
    }

    /// Runs the process off the cooperative pool: reading pipes and waiting block a thread.
    private static func execute(_ command: String, timeout: Duration) async throws -> Outcome {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Outcome, any Error>) in
            DispatchQueue.global().async {
                continuation.resume(with: Result { try executeBlocking(command, timeout: timeout) })
            }
        }
    }

    private static func executeBlocking(_ command: String, timeout: Duration) throws -> Outcome {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", command]
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            throw failure(command, "could not start: \(error.localizedDescription)")
        }
        // Both pipes are drained at once: a command filling one while we wait on the other would hang.
        let group = DispatchGroup()
        let collected = Collected()
        DispatchQueue.global().async(group: group) {
            collected.setOut(out.fileHandleForReading.readDataToEndOfFile())
        }
        DispatchQueue.global().async(group: group) {
            collected.setErr(err.fileHandleForReading.readDataToEndOfFile())
        }
        let seconds = Double(timeout.components.seconds) + Double(timeout.components.attoseconds) / 1e18
        var timedOut = false
        if group.wait(timeout: .now() + seconds) == .timedOut {
            timedOut = true
            // Foundation starts the shell as the leader of its own process group: the whole group
            // goes, so a `sleep 600` under the shell is not left behind holding the pipes open.
            let pid = process.processIdentifier
            kill(-pid, SIGTERM)
            process.terminate()
            if group.wait(timeout: .now() + 2) == .timedOut {
                kill(-pid, SIGKILL)
                _ = group.wait(timeout: .now() + 2)
            }
        }
        process.waitUntilExit()
        return Outcome(status: process.terminationStatus, stdout: collected.stdout, stderr: collected.stderr,
                       timedOut: timedOut)
    }

    /// Output gathered by the two reader threads.
    private final class Collected: Sendable {
        private let outData = Mutex(Data()), errData = Mutex(Data())
        func setOut(_ d: Data) { outData.withLock { $0 = d } }
        func setErr(_ d: Data) { errData.withLock { $0 = d } }
        var stdout: String { outData.withLock { String(decoding: $0, as: UTF8.self) } }
        var stderr: String { errData.withLock { String(decoding: $0, as: UTF8.self) } }
    }
}
