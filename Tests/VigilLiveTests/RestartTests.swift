import Foundation
import Testing
import VigilLiveHarness

/// Faults: Prometheus killed mid-run comes back on the same port with its data.
@Suite(.timeLimit(.minutes(10)), .enabled(if: liveTestsEnabled))
struct RestartTests {
    @Test func killedPrometheusRestartsOnTheSamePort() async throws {
        // It scrapes itself, so there is data to find after the restart.
        let port = try RealServers.freePort()
        let prometheus = try RealServers.prometheus(scrape: [(job: "self", target: "127.0.0.1:\(port)")], port: port)
        defer { prometheus.stop() }
        #expect(prometheus.port == port)
        _ = try await eventually("a few self-scrapes") { () -> Double? in
            let count = try await LiveHTTP.query(prometheus, "count_over_time(up{job=\"self\"}[1m])").first?.value ?? 0
            return count >= 3 ? count : nil
        }
        let beforeKill = Date()

        prometheus.kill()
        #expect(!prometheus.isRunning)
        #expect(prometheus.exitStatus == 128 + SIGKILL)
        await #expect(throws: (any Error).self) { _ = try await LiveHTTP.query(prometheus, "up") }

        let restarted = try RealServers.restart(prometheus)
        defer { restarted.stop() }
        print("live: Prometheus restarted after SIGKILL in \(ms(restarted.startupSeconds))")
        #expect(restarted.port == port && restarted.url == prometheus.url && restarted.directory == prometheus.directory)
        #expect(restarted.isRunning && restarted.pid != prometheus.pid)
        let answer = try await LiveHTTP.query(restarted, "vector(1)")
        #expect(answer.first?.value == 1)
        // Samples scraped before the kill survived it (WAL replay).
        let old = try await LiveHTTP.query(restarted, "count_over_time(up{job=\"self\"}[1m])", at: beforeKill)
        #expect((old.first?.value ?? 0) >= 3, "samples from before the kill are gone: \(old)")
        // And it scrapes again.
        _ = try await eventually("up{job=\"self\"} after the restart") {
            try await LiveHTTP.query(restarted, "up{job=\"self\"}").first { $0.value == 1 }
        }
        let log = restarted.logTail(200_000)
        #expect(log.contains("vigil: restarting prometheus"), "the log was not appended to")
    }
}
