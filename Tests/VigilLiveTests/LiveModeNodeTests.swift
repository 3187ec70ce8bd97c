import Foundation
import Testing
import VigilApp
@testable import VigilEngine
import VigilCore
import VigilSources
import VigilPrometheus
import VigilLiveHarness

/// Live mode against a real Prometheus scraping a real node_exporter: profile detection, the
/// overview it fills, a Prometheus that is not there yet, and one killed and restarted.
@Suite(.timeLimit(.minutes(10)), .enabled(if: liveTestsEnabled))
struct LiveModeNodeTests {
    /// node_exporter and a dead target (a closed port) as two jobs; the bundled `node` profile
    /// is found by detection, and the overview shows cores, CPU %, memory and the dead target.
    @Test func detectsTheNodeProfileAndFillsTheOverview() async throws {
        let started = Date()
        let node = try await LiveMode.start { try RealServers.nodeExporter() }
        defer { node.stop() }
        let deadPort = try RealServers.freePort()
        let prometheus = try await LiveMode.start {
            try RealServers.prometheus(scrape: [(job: "node", target: "127.0.0.1:\(node.port)"),
                                                (job: "dead", target: "127.0.0.1:\(deadPort)")])
        }
        defer { prometheus.stop() }
        let profiles = try LiveMode.loader.bundled()
        #expect(profiles.map(\.name).prefix(3) == ["openshift", "kubernetes", "node"])

        try await LiveMode.withPrometheus(EndpointOptions(baseURL: prometheus.url)) { client in
            let source = LiveSource(prometheus: client, alertmanager: nil, profile: .detect(among: profiles),
                                    refresh: 1, sourceName: "node-test", history: 60, sink: { _ in })
            var firstHealth: String?
            let all = try await LiveMode.roundsUntil("the node overview", source) { latest, _, model in
                firstHealth = firstHealth ?? LiveMode.describeHealth(latest)
                let o = model.overview
                return model.profile?.name == "node" && (o.header.cores ?? 0) > 0 && o.header.cpuPercent != nil
                    && o.operators.contains { $0.name.hasPrefix("memory") }
                    // Exactly the dead target (a node scrape that timed out under load would be listed too).
                    && o.down.map(\.name) == ["dead"]
            }
            let model = LiveMode.model(all)
            let o = model.overview
            #expect(model.profile?.name == "node")
            #expect(LiveMode.profiles(all).map(\.name) == ["node"], "the profile is announced once")
            #expect(model.title(.operators) == "Memory & filesystems")
            #expect((o.header.cores ?? 0) >= 1, "cores \(String(describing: o.header.cores))")
            let cpu = try #require(o.header.cpuPercent)
            #expect(cpu >= 0 && cpu <= 100.5, "CPU \(cpu)%")
            let memory = try #require(o.operators.first { $0.name == "memory 127.0.0.1:\(node.port)" },
                                      "no memory row in \(o.operators)")
            #expect(memory.ratio.map { $0 > 0 && $0 < 1 } == true, "\(memory)")
            #expect(o.down.map { "\($0.kind.rawValue) \($0.name) \($0.detail)" } == ["target dead 127.0.0.1:\(deadPort)"])
            #expect(model.health["prometheus"]?.state == .ok)
            for panel in ["header", "operators", "alerts", "down", "cpu"] {
                #expect(model.panelHealth[panel]?.state == .ok, "panel \(panel): \(String(describing: model.panelHealth[panel]))")
            }
            let frame = LiveMode.frame(model)
            for text in ["Memory & filesystems", "Firing alerts", "Down nodes & targets", "prometheus ok",
                         "127.0.0.1:\(deadPort)", "(node)"] {
                #expect(frame.contains(text), "\"\(text)\" is not in the frame:\n\(frame)")
            }
            #expect(!frame.contains("STALE"), "\(frame)")
            liveLog("node overview after \(ms(Date().timeIntervalSince(started))) (servers \(ms(node.startupSeconds)) + "
                    + "\(ms(prometheus.startupSeconds))); first round said: \(firstHealth ?? "-"); "
                    + "cores \(o.header.cores ?? 0), CPU \(String(format: "%.1f", cpu))%, \(memory.name) \(memory.condition)")
        }
    }

    /// Prometheus is not there at first: the collector says "connection refused" and sends no
    /// data; once Prometheus listens on that port, the next rounds detect the profile and fill in.
    @Test func startsBeforePrometheusAndCatchesUp() async throws {
        let node = try await LiveMode.start { try RealServers.nodeExporter() }
        defer { node.stop() }
        let port = try RealServers.freePort()
        let url = try #require(URL(string: "http://127.0.0.1:\(port)/"))
        let profiles = try LiveMode.loader.bundled()

        try await LiveMode.withPrometheus(EndpointOptions(baseURL: url)) { client in
            let source = LiveSource(prometheus: client, alertmanager: nil, profile: .detect(among: profiles),
                                    refresh: 1, sourceName: "late-test", history: 60, sink: { _ in })
            let before = await LiveMode.round(source)
            let reason = LiveMode.staleReason(LiveMode.health(before, "prometheus"))
            #expect(reason == "connection refused (127.0.0.1:\(port))", "\(LiveMode.describeHealth(before))")
            #expect(LiveMode.batches(before).isEmpty && LiveMode.profiles(before).isEmpty)
            let empty = LiveMode.model(before)
            #expect(empty.profile == nil && empty.overview.header.cores == nil)
            #expect(LiveMode.frame(empty).contains("prometheus: connection refused (127.0.0.1:\(port))"))
            liveLog("no Prometheus yet: \(LiveMode.describeHealth(before))")

            let prometheus = try await LiveMode.start {
                try RealServers.prometheus(scrape: [(job: "node", target: "127.0.0.1:\(node.port)")], port: port)
            }
            defer { prometheus.stop() }
            let started = Date()
            let all = try await LiveMode.roundsUntil("the profile and data after Prometheus started", source,
                                                     messages: before) { latest, _, model in
                model.profile?.name == "node" && !LiveMode.batches(latest).isEmpty
                    && LiveMode.health(latest, "prometheus") == .ok && (model.overview.header.cores ?? 0) > 0
                    && model.overview.down.isEmpty
            }
            let model = LiveMode.model(all)
            #expect(model.health["prometheus"]?.state == .ok)
            #expect(model.panelHealth["down"]?.state == .ok)
            #expect(model.overview.down.isEmpty, "\(model.overview.down)")
            #expect(LiveMode.frame(model).contains("prometheus ok"))
            liveLog("caught up \(ms(Date().timeIntervalSince(started))) after Prometheus came up on port \(port)")
        }
    }

    /// With a fixed profile (`--profile node`) and Prometheus down at start, the history is
    /// loaded once Prometheus answers, not given up on: the sparklines fill at once.
    @Test func fixedProfileLoadsHistoryOncePrometheusAnswers() async throws {
        let node = try await LiveMode.start { try RealServers.nodeExporter() }
        defer { node.stop() }
        let prometheus = try await LiveMode.start {
            try RealServers.prometheus(scrape: [(job: "node", target: "127.0.0.1:\(node.port)")])
        }
        defer { prometheus.stop() }
        // A few scrapes to look back on, then Prometheus goes away before the dashboard starts.
        _ = try await eventually("a few scrapes of node_exporter", timeout: 30) { () -> Double? in
            let count = try await LiveHTTP.query(prometheus, "count_over_time(up{job=\"node\"}[1m])").first?.value ?? 0
            return count >= 6 ? count : nil
        }
        prometheus.kill()
        let profile = try LiveMode.loader.load("node")

        try await LiveMode.withPrometheus(EndpointOptions(baseURL: prometheus.url)) { client in
            let source = LiveSource(prometheus: client, alertmanager: nil, profile: .fixed(profile),
                                    refresh: 1, sourceName: "history-test", history: 120, sink: { _ in })
            let unreachable = Date()
            let first = await LiveMode.round(source, at: unreachable)
            #expect(LiveMode.batches(first).isEmpty, "\(LiveMode.batches(first).count) batches from a dead Prometheus")
            #expect(LiveMode.staleReason(LiveMode.health(first, "prometheus"))?.hasPrefix("connection refused") == true)

            let restarted = try await LiveMode.start { try RealServers.restart(prometheus) }
            defer { restarted.stop() }
            let now = Date()
            let second = await LiveMode.round(source, at: now)
            let history = LiveMode.batches(second).filter { $0.timestamp < now }
            #expect(history.count >= 3, "no history loaded after Prometheus came back: \(history.count) earlier batches")
            #expect(LiveMode.batches(second).last?.timestamp == now)
            // Loaded once: the next round is just the refresh.
            let third = await LiveMode.round(source, at: now.addingTimeInterval(1))
            #expect(LiveMode.batches(third).count == 1)
            let model = LiveMode.model(first + second + third)
            #expect(model.overview.cpuHistory.count >= 3, "CPU sparkline: \(model.overview.cpuHistory.count) points")
            liveLog("history after Prometheus came back: \(history.count) batches, \(model.overview.cpuHistory.count) CPU points")
        }
    }

    /// Prometheus killed mid-run: every panel goes stale with the reason while the model keeps
    /// the last data; after a restart on the same port the panels recover by themselves.
    @Test func survivesPrometheusKilledAndRestarted() async throws {
        let node = try await LiveMode.start { try RealServers.nodeExporter() }
        defer { node.stop() }
        let prometheus = try await LiveMode.start {
            try RealServers.prometheus(scrape: [(job: "node", target: "127.0.0.1:\(node.port)")])
        }
        defer { prometheus.stop() }
        let profile = try LiveMode.loader.load("node")
        let panels = profile.panels.map(\.id)

        try await LiveMode.withPrometheus(EndpointOptions(baseURL: prometheus.url)) { client in
            let source = LiveSource(prometheus: client, alertmanager: nil, profile: .fixed(profile),
                                    refresh: 1, sourceName: "restart-test", history: 60, sink: { _ in })
            var all = try await LiveMode.roundsUntil("data before the kill", source) { _, _, model in
                (model.overview.header.cores ?? 0) > 0 && model.overview.operators.contains { $0.name.hasPrefix("memory") }
            }
            let good = LiveMode.model(all)
            let cores = good.overview.header.cores
            let operators = good.overview.operators.map(\.name)

            prometheus.kill()
            let down = await LiveMode.round(source)
            all += down
            liveLog("after SIGKILL: \(LiveMode.describeHealth(down))")
            for panel in panels {
                let reason = LiveMode.staleReason(LiveMode.health(down, "prometheus/\(panel)"))
                #expect(reason?.isEmpty == false, "panel \(panel) is not stale: \(LiveMode.describeHealth(down))")
            }
            let reason = try #require(LiveMode.staleReason(LiveMode.health(down, "prometheus")))
            #expect(reason.contains("127.0.0.1:\(prometheus.port)"), "\(reason)")
            // Nothing answered, so no batch is sent (a batch of old values stamped now would look
            // fresh); the app keeps the last one and shows it.
            #expect(LiveMode.batches(down).isEmpty)
            let stale = LiveMode.model(all)
            #expect(stale.overview.header.cores == cores)
            #expect(stale.overview.operators.map(\.name) == operators)
            for panel in PanelID.allCases where panel != .anomaly && panel != .apiErrors {
                #expect(stale.staleReason(panel) != nil, "\(panel) is not marked stale")
            }
            let frame = LiveMode.frame(stale)
            #expect(frame.contains("STALE") && frame.contains("stale: "), "\(frame)")
            #expect(frame.contains("prometheus: \(reason)"), "\(frame)")

            let restarted = try await LiveMode.start { try RealServers.restart(prometheus) }
            defer { restarted.stop() }
            let started = Date()
            all = try await LiveMode.roundsUntil("every panel ok after the restart", source, messages: all) { latest, _, _ in
                LiveMode.health(latest, "prometheus") == .ok && !LiveMode.batches(latest).isEmpty
                    && panels.allSatisfy { LiveMode.health(latest, "prometheus/\($0)") == .ok }
            }
            let recovered = LiveMode.model(all)
            #expect(PanelID.allCases.allSatisfy { recovered.staleReason($0) == nil })
            #expect(recovered.overview.header.cores == cores)
            #expect(!LiveMode.frame(recovered).contains("STALE"))
            liveLog("recovered \(ms(Date().timeIntervalSince(started))) after the restart (\(ms(restarted.startupSeconds)) to start)")
        }
    }
}
