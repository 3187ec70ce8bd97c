import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing
import VigilLiveHarness

/// Many clusters, one screen: two `vigil serve` processes (clusters east and west, the label added
/// by the scrape config) and one real Prometheus scraping both; the dashboard in live mode on that
/// Prometheus lists both clusters' anomalies named by their cluster, and a verdict given there is
/// stored in the dashboard's own state folder with the cluster in its fingerprint.
@Suite(.timeLimit(.minutes(5)), .serialized,
       .enabled(if: ProcessInfo.processInfo.environment["VIGIL_SKIP_LIVE_TESTS"] != "1"))
struct ManyClustersTests {
    @Test func twoServesThroughOnePrometheusOnOneScreen() async throws {
        guard let binary = vigilBinary() else { return }
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-clusters-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let sample = packageRoot().appendingPathComponent("sample-data").path
        var serves: [RunningServer] = []
        defer { for s in serves { s.stop() } }
        for name in ["east", "west"] {
            serves.append(try RealServers.vigilServe(binary: binary, arguments: [
                "--replay", sample, "--speed", "300", "--loop", "--state-dir", scratch.appendingPathComponent(name).path]))
        }
        let targets = serves.map { "127.0.0.1:\($0.port)" }
        let prometheus = try RealServers.prometheus(
            scrape: targets.map { (job: "vigil", target: $0) },
            targetLabels: [targets[0]: ["cluster": "east"], targets[1]: ["cluster": "west"]])
        defer { prometheus.stop() }

        let state = scratch.appendingPathComponent("dashboard").path
        let tmux = try Tmux(name: "clusters")
        defer { tmux.killServer() }
        try tmux.start(binary: binary, arguments: ["--prometheus", prometheus.url.absoluteString, "--refresh", "2",
                                                   "--state-dir", state], width: 160, height: 40)
        try tmux.sendLiteral("3")
        try await tmux.waitFor("anomalies of both clusters", timeout: 120) { screen in
            screen.contains("[east]") && screen.contains("[west]")
        }
        // Only east's: the first is selected; call it a false positive.
        try tmux.sendLiteral("/[east]")
        try tmux.sendKey("Enter")
        try await tmux.waitFor("the cluster named in the detail") { $0.contains("raised by its vigil serve") }
        try tmux.sendLiteral("f")
        try await tmux.waitFor("the verdict's confirmation") { $0.contains("marked false positive") }
        try tmux.sendLiteral("q")
        let exit = try await tmux.waitForExit()
        #expect(exit.code == 0, "\(exit.screen)")

        let list = try ProcessRunner.run(binary, ["feedback", "list", "--state-dir", state], timeout: 30, allowFailure: true)
        #expect(list.status == 0, "\(list.stderr)")
        #expect(list.stdout.contains("false_positive") || list.stdout.contains("false positive"), "\(list.stdout)")
        let export = try ProcessRunner.run(binary, ["feedback", "export", "--state-dir", state], timeout: 30, allowFailure: true)
        #expect(export.stdout.contains("cluster:east|"), "\(export.stdout)")
        #expect(!export.stdout.contains("cluster:west|"))
        // The serves' own stores are untouched: the verdict is the dashboard's.
        for name in ["east", "west"] {
            let theirs = try ProcessRunner.run(binary, ["feedback", "export", "--state-dir", scratch.appendingPathComponent(name).path],
                                               timeout: 30, allowFailure: true)
            #expect(!theirs.stdout.contains("cluster:"), "\(name): \(theirs.stdout)")
        }
    }

    /// `vigil --attach URL` on the serve's own state folder: the serve's open anomalies are listed, and
    /// a verdict given in the dashboard is in force in the serve at its next verdict poll.
    @Test func aDashboardAttachedToAServeListsItsAnomaliesAndItsVerdictReachesTheServe() async throws {
        guard let binary = vigilBinary() else { return }
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-attach-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let state = scratch.appendingPathComponent("state")
        // The dashboard's own replay: one flat series, so every anomaly listed is the serve's.
        let quiet = scratch.appendingPathComponent("quiet")
        try FileManager.default.createDirectory(at: quiet, withIntermediateDirectories: true)
        let t = Int(Date().timeIntervalSince1970) - 600
        try Data(((0..<20).map { "up{job=\"quiet\"} 1 \(t + $0 * 30)" }.joined(separator: "\n") + "\n# EOF\n").utf8)
            .write(to: quiet.appendingPathComponent("metrics.om"))
        let serve = try RealServers.vigilServe(binary: binary, arguments: [
            "--replay", packageRoot().appendingPathComponent("sample-data").path, "--speed", "300", "--loop",
            "--state-dir", state.path, "--verdict-poll", "1s"])
        defer { serve.stop() }

        let tmux = try Tmux(name: "attach")
        defer { tmux.killServer() }
        try tmux.start(binary: binary, arguments: ["--replay", quiet.path, "--attach", serve.url.absoluteString,
                                                   "--state-dir", state.path], width: 160, height: 40)
        try tmux.sendLiteral("3")
        try await tmux.waitFor("an anomaly of the serve", timeout: 90) { screen in
            screen.split(separator: "\n").contains { ($0.contains(" log ") || $0.contains(" metric ")) && $0.contains(" new ") }
        }
        try tmux.sendLiteral("g")
        try await tmux.waitFor("the serve named in the detail") { $0.contains("attached to (--attach)") }
        try tmux.sendLiteral("f")
        try await tmux.waitFor("the verdict's confirmation") { $0.contains("marked false positive") }

        var inForce = false
        for _ in 0..<100 where !inForce {
            let (data, _) = try await URLSession.shared.data(from: serve.url.appendingPathComponent("metrics"))
            inForce = String(decoding: data, as: UTF8.self).split(separator: "\n")
                .contains { $0.hasPrefix("vigil_verdicts{") && $0.contains("status=\"false_positive\"") && $0.hasSuffix(" 1") }
            if !inForce { try await Task.sleep(for: .milliseconds(200)) }
        }
        #expect(inForce, "the serve never counted the verdict: \(serve.logTail())")
        try tmux.sendLiteral("q")
        let exit = try await tmux.waitForExit()
        #expect(exit.code == 0, "\(exit.screen)")
    }
}
