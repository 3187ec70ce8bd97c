import Foundation
import Testing

/// Issue 21's hangs, end to end with the release binary in tmux: what once left `q` and SIGTERM
/// unanswered for minutes now quits at once.
@Suite(.timeLimit(.minutes(5)), .serialized)
struct HangTests {
    /// A recording folder: `series` gauges sampled `samples` times 15 s apart, and a cluster.log of
    /// the sample's lines with one line of `longLine` bytes in the middle.
    static func recording(series: Int, samples: Int, longLine: Int, in dir: URL) throws {
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let t0 = 1_764_316_800
        var om = "# TYPE wide_gauge gauge\n"
        om.reserveCapacity(series * samples * 48)
        for s in 0..<series {
            for k in 0..<samples { om += "wide_gauge{shard=\"s\(s)\"} \(s % 97 + k % 5) \(t0 + 15 * k)\n" }
        }
        om += "# EOF\n"
        try Data(om.utf8).write(to: dir.appendingPathComponent("metrics.om"))
        var log = ""
        for k in 0..<200 {
            log += "2025-11-28T08:00:\(String(format: "%02d", k % 60))Z etcd request \(k) took 12ms\n"
            if k == 100 { log += "2025-11-28T08:01:40Z kube-apiserver " + String(repeating: "x", count: longLine) + "\n" }
        }
        try Data(log.utf8).write(to: dir.appendingPathComponent("cluster.log"))
        try Data("[]".utf8).write(to: dir.appendingPathComponent("alerts.json"))
    }

    /// Hang 1: one 4 MB line in cluster.log; the Logs screen shows it and `q` quits.
    @Test func aFourMegabyteLogLineDoesNotFreezeTheLogsScreen() async throws {
        guard let binary = vigilBinary() else { return }
        let tmux = try Tmux(name: "longline")
        defer { tmux.killServer() }
        let dir = tmux.scratch.appendingPathComponent("rec")
        try Self.recording(series: 10, samples: 40, longLine: 4 << 20, in: dir)
        try tmux.start(binary: binary, arguments: ["--replay", dir.path, "--speed", "64"], width: 120, height: 40)
        try await tmux.waitFor("the overview", timeout: 30) { $0.contains("Anomaly score") }
        try tmux.sendLiteral("4")
        try await tmux.waitFor("the long line on the Logs screen", timeout: 30) { $0.contains("xxxxxxxxxxxxxxxxxxxx") }
        for key in ["k", "k", "j", "G"] { try tmux.sendLiteral(key) }
        try tmux.sendLiteral("q")
        let status = try await tmux.waitForExit(timeout: 20)
        #expect(status.code == 0, "vigil exited with \(status.code):\n\(status.screen)")
    }

    /// Hang 3: 30,000 series looping at 600×: `q` is answered, and so is SIGTERM.
    @Test(arguments: ["q", "TERM"]) func aWideRecordingLoopingFastStillQuits(how: String) async throws {
        guard let binary = vigilBinary() else { return }
        let tmux = try Tmux(name: "wide-\(how)")
        defer { tmux.killServer() }
        let dir = tmux.scratch.appendingPathComponent("rec")
        try Self.recording(series: 30_000, samples: 20, longLine: 100, in: dir)
        try tmux.start(binary: binary, arguments: ["--replay", dir.path, "--speed", "600", "--loop"], width: 120, height: 40)
        try await tmux.waitFor("the overview", timeout: 60) { $0.contains("Anomaly score") }
        // Let it loop for a while under load.
        try await Task.sleep(for: .seconds(5))
        if how == "q" {
            try tmux.sendLiteral("q")
        } else {
            let pid = try #require(try tmux.vigilPID())
            #expect(kill(pid, SIGTERM) == 0)
        }
        let status = try await tmux.waitForExit(timeout: 20)
        #expect(status.code == (how == "q" ? 0 : 143), "vigil exited with \(status.code):\n\(status.screen)")
        TmuxEndToEndTests.expectSaneTTY(status.screen)
    }
}
