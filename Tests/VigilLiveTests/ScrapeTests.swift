import Foundation
import Testing
import VigilLiveHarness

/// A real Prometheus scraping a real node_exporter.
@Suite(.timeLimit(.minutes(10)), .enabled(if: liveTestsEnabled))
struct ScrapeTests {
    @Test func prometheusScrapesNodeExporter() async throws {
        let node = try RealServers.nodeExporter()
        defer { node.stop() }
        let prometheus = try RealServers.prometheus(scrape: [(job: "node", target: "127.0.0.1:\(node.port)")])
        defer { prometheus.stop() }
        print("live: node_exporter ready in \(ms(node.startupSeconds)), Prometheus in \(ms(prometheus.startupSeconds))")

        let up = try await eventually("up{job=\"node\"} == 1") {
            try await LiveHTTP.query(prometheus, "up{job=\"node\"}").first { $0.value == 1 }
        }
        #expect(up.labels["instance"] == "127.0.0.1:\(node.port)")
        let cpu = try await eventually("node_cpu_seconds_total") {
            let samples = try await LiveHTTP.query(prometheus, "node_cpu_seconds_total{job=\"node\"}")
            return samples.isEmpty ? nil : samples
        }
        #expect(cpu.contains { $0.labels["mode"] == "idle" && $0.value > 0 }, "\(cpu.prefix(5))")
        let memory = try await LiveHTTP.query(prometheus, "node_memory_MemTotal_bytes")
        #expect(memory.first.map { $0.value > 0 } == true, "\(memory)")
    }
}

func ms(_ seconds: Double) -> String { "\(Int((seconds * 1000).rounded())) ms" }
