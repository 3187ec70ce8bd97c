import Foundation
import Testing
import VigilLiveHarness

#if os(Linux)
/// Set only in the child process `WatchdogTests` starts: where it reports its server's pid.
let watchdogReportVariable = "VIGIL_WATCHDOG_CHILD_REPORT"

/// A test process that dies without cleaning up (SIGKILL) must not leave servers behind: each
/// server's watchdog notices and ends it. The crashing "test process" is this test binary
/// itself, re-run with a filter that selects only `WatchdogChild`.
@Suite(.timeLimit(.minutes(10)), .enabled(if: liveTestsEnabled && ProcessInfo.processInfo.environment[watchdogReportVariable] == nil))
struct WatchdogTests {
    @Test func serversDieWithAKilledTestProcess() async throws {
        let binary = try #require(CommandLine.arguments.first.flatMap { $0.hasPrefix("/") ? $0 : nil },
                                  "no absolute path to the test binary in \(CommandLine.arguments)")
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-watchdog-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let report = scratch.appendingPathComponent("server.pid")
        var env = ProcessInfo.processInfo.environment
        env[watchdogReportVariable] = report.path
        let child = try ProcessRunner.spawn(binary, ["--testing-library", "swift-testing", "--filter", "WatchdogChild"],
                                            stdout: scratch.appendingPathComponent("child.log").path, environment: env)
        var reaped = false
        defer {
            if !reaped {
                sendSignal(child, SIGKILL)
                _ = ProcessRunner.waitForExit(child, timeout: .infinity)
            }
            try? FileManager.default.removeItem(at: FileManager.default.temporaryDirectory.appendingPathComponent("vigil-live-\(child)"))
        }
        let server = try await eventually("the child's server pid", timeout: 60) { () -> pid_t? in
            (try? String(contentsOf: report, encoding: .utf8)).flatMap { pid_t($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
        }
        #expect(Self.isLive(server), "the child's server \(server) is not running")

        sendSignal(child, SIGKILL)
        _ = ProcessRunner.waitForExit(child, timeout: .infinity)
        reaped = true
        let started = Date()
        _ = try await eventually("server \(server) to end after its test process was killed", timeout: 10) {
            Self.isLive(server) ? nil : true
        }
        print("live: the watchdog ended the orphaned server in \(ms(Date().timeIntervalSince(started)))")
    }

    /// Running and not a zombie (orphans are reaped by whatever PID 1 is, maybe late).
    static func isLive(_ pid: pid_t) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return false }
        let state = stat[stat.index(after: close)...].split(separator: " ").first
        return state != "Z" && state != "X"
    }
}

/// Runs only inside the child process of `WatchdogTests`: starts a server, reports its pid,
/// and waits to be killed.
@Suite(.timeLimit(.minutes(10)), .enabled(if: ProcessInfo.processInfo.environment[watchdogReportVariable] != nil))
struct WatchdogChild {
    @Test func startServerAndWaitToBeKilled() async throws {
        let path = try #require(ProcessInfo.processInfo.environment[watchdogReportVariable])
        let server = try RealServers.nodeExporter()
        try Data("\(server.pid)\n".utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
        try await Task.sleep(for: .seconds(60))
        server.stop()
    }
}
#endif
