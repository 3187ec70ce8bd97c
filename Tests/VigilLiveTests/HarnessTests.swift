import Foundation
import Testing
import VigilLiveHarness

/// The harness itself: ports, process handling, cleanup, errors.
@Suite(.timeLimit(.minutes(10)), .enabled(if: liveTestsEnabled))
struct HarnessTests {
    @Test func freePortsAreDistinctAndBindable() throws {
        let ports = try (0..<5).map { _ in try RealServers.freePort() }
        #expect(ports.allSatisfy { (1024...65535).contains($0) }, "\(ports)")
        #expect(Set(ports).count >= 4, "the kernel handed out the same port repeatedly: \(ports)")
    }

    @Test func runCapturesOutputAndStatus() throws {
        let sh = try #require(ServerBinaries.find("sh"))
        let ok = try ProcessRunner.run(sh, ["-c", "echo out; echo err >&2"])
        #expect(ok.status == 0 && ok.stdout == "out\n" && ok.stderr == "err\n")
        let failed = try ProcessRunner.run(sh, ["-c", "exit 3"], allowFailure: true)
        #expect(failed.status == 3)
        #expect(throws: ProcessRunnerError.self) { try ProcessRunner.run(sh, ["-c", "exit 3"]) }
        #expect(throws: ProcessRunnerError.self) { try ProcessRunner.run(sh, ["-c", "sleep 10"], timeout: 0.3) }
    }

    #if os(Linux)
    /// Children get stdin, stdout and stderr only: a test's sockets (here one without
    /// close-on-exec, as NIO's are) must not leak into a long-running server.
    @Test func childrenInheritNoDescriptors() throws {
        let leaky = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        try #require(leaky >= 0)
        defer { close(leaky) }
        let sleep = try #require(ServerBinaries.find("sleep"))
        let pid = try ProcessRunner.spawn(sleep, ["5"], stdout: "/dev/null")
        defer {
            sendSignal(pid, SIGKILL)
            _ = ProcessRunner.waitForExit(pid, timeout: .infinity)
        }
        // The new program may hold a file of its own for a moment as it starts (sleep reads its
        // locale); an inherited descriptor never goes away, so look until the set settles.
        var fds: [Int] = []
        for _ in 0..<40 {
            fds = try FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/fd").compactMap { Int($0) }.sorted()
            if fds == [0, 1, 2] { break }
            usleep(50_000)
        }
        #expect(fds == [0, 1, 2], "the child inherited descriptors \(fds)")
    }
    #endif

    @Test func findsTheDebianBinaries() {
        for name in ["prometheus", "promtool", "alertmanager", "node_exporter"] {
            #expect(ServerBinaries.find(name) != nil, "\(name) is missing: apt-get install prometheus prometheus-alertmanager prometheus-node-exporter")
        }
        #expect(ServerBinaries.find("vigil-no-such-binary") == nil)
    }

    /// stop() ends the process and is idempotent; the command line carries the sweep marker;
    /// releasing the object deletes its folder.
    @Test func stopIsIdempotentAndCleansUp() throws {
        var directory: URL?
        do {
            let server = try RealServers.nodeExporter()
            directory = server.directory
            let pid = server.pid
            #expect(server.isRunning)
            let cmdline = try String(contentsOfFile: "/proc/\(pid)/cmdline", encoding: .utf8)
            #expect(cmdline.contains("vigil-live-"), "no sweep marker in \(cmdline)")
            server.stop()
            #expect(!server.isRunning)
            #expect(server.exitStatus == 0 || server.exitStatus == 128 + SIGTERM,
                    "exit status \(String(describing: server.exitStatus))")
            server.stop()
            server.kill()
            let after = (try? String(contentsOfFile: "/proc/\(pid)/cmdline", encoding: .utf8)) ?? ""
            #expect(after != cmdline, "node_exporter \(pid) still runs after stop()")
            #expect(FileManager.default.fileExists(atPath: server.logFile.path), "stop() must keep the log")
        }
        let left = try #require(directory)
        #expect(!FileManager.default.fileExists(atPath: left.path), "\(left.path) is left behind")
    }

    /// Dropping the last reference without stop() still ends the server.
    @Test func deinitStopsTheServer() throws {
        var pid: pid_t = 0
        do {
            let server = try RealServers.nodeExporter()
            pid = server.pid
            #expect(server.isRunning)
        }
        // Reaped by deinit: no such process any more (or a different one reusing the pid).
        let cmdline = (try? String(contentsOfFile: "/proc/\(pid)/cmdline", encoding: .utf8)) ?? ""
        #expect(!cmdline.contains("vigil-live-"), "node_exporter \(pid) still runs: \(cmdline)")
    }

    /// A server that cannot start fails fast with its log in the error.
    @Test func badConfigFailsWithTheLogTail() throws {
        let started = Date()
        do {
            let server = try RealServers.prometheus(rules: ["groups: [ {name: broken, rules: [ {alert: X, expr: 'sum(('} ] } ]"])
            Issue.record("Prometheus started with a broken rule file: \(server)")
        } catch let error as RealServerError {
            #expect(error.description.contains("exited with status"), "\(error)")
            #expect(error.description.contains("rules-0.yml"), "no log tail in the error: \(error)")
        }
        #expect(Date().timeIntervalSince(started) < 15)
    }
}
