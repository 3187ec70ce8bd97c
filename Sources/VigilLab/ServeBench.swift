import ArgumentParser
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import VigilCore
import VigilEngine
import VigilLiveHarness
import VigilRuntime
import VigilServe

/// `vigil-lab bench serve`: what `vigil serve` costs with many watched series — the engine's time
/// per refresh (also the delay from a sample's arrival to its score in /metrics: a scrape renders
/// the engine as it stands), one scrape's time and size, CPU share at a refresh interval, memory;
/// and, with `--soak`, the real binary replaying the incident in a loop at maximum speed while its
/// resident memory is sampled.
struct ServeBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Cost of vigil serve: refresh and scrape time, /metrics size, CPU share, RSS; --soak for memory over time.")

    @Option(name: .long, help: "Watched series.") var series = 10_000
    @Option(name: .long, help: "Refreshes to time (after 20 of warm-up).") var refreshes = 60
    @Option(name: .long, help: "Refresh interval the CPU share is computed for, in seconds.") var refresh = 30.0
    @Option(name: .long, help: "Scrapes to time.") var scrapes = 20
    @Option(name: .long, help: "Also run the real binary (.build/release/vigil) replaying sample-data in a loop at maximum speed for this many seconds, sampling its RSS.")
    var soak = 0.0
    @Option(name: .long, help: "The vigil binary for --soak.") var binary = ".build/release/vigil"
    @Flag(name: .long, help: "Measure with glibc malloc's defaults (no arena limit, no trim after a scrape).") var defaultMalloc = false

    func run() throws {
        guard series > 0, refreshes > 0, scrapes > 0, refresh > 0 else { throw ValidationError("counts and --refresh must be positive") }
        // As `vigil serve` does (ServeMemory); --default-malloc measures without.
        if !defaultMalloc { ServeMemory.limitArenas() }
        let rssStart = ServeMetrics.residentBytes() ?? 0
        let host = EngineHost(engine: Engine(footprint: .service))
        let keys = (0..<series).map { i in
            SeriesKey(name: i % 5 == 0 ? "requests_total" : "node_value", labels: ["instance": "host-\(i / 50)", "slot": "\(i % 50)"])
        }
        var rng = SplitMix64(seed: 7)
        var level = keys.map { _ in Double.random(in: 1...100, using: &rng) }
        let t0 = Date(timeIntervalSince1970: 1_800_000_000)
        func batch(_ n: Int) -> SourceMessage {
            let t = t0.addingTimeInterval(Double(n) * refresh)
            var samples: [Sample] = []
            samples.reserveCapacity(keys.count)
            for (i, k) in keys.enumerated() {
                // Counters grow; gauges wander with noise; one series in 500 jumps now and then.
                let jump = i % 500 == 0 && n % 37 == 0 ? 20.0 : 0
                level[i] = k.name == "requests_total" ? level[i] + Double.random(in: 0...60, using: &rng)
                    : max(0, level[i] + Double.random(in: -1...1, using: &rng)) + jump
                samples.append(Sample(key: k, value: level[i], timestamp: t))
            }
            return .metrics(MetricBatch(timestamp: t, samples: samples))
        }
        for n in 0..<20 { host.send(batch(n)); host.drain() }
        var ingest: [Double] = []
        for n in 20..<(20 + refreshes) {
            let message = batch(n)
            let began = monotonicSeconds()
            host.send(message)
            host.drain()
            ingest.append(monotonicSeconds() - began)
        }
        let rssEngine = ServeMetrics.residentBytes() ?? 0
        let exporter = MetricsExporter(help: { ServeMetrics.help($0) })
        let stats = ServeStats(expected: [])
        var render: [Double] = [], bytes = 0
        for _ in 0..<scrapes {
            let began = monotonicSeconds()
            let context = ServeMetrics.Context(counts: stats.counts, logs: nil, now: Date(), startedAt: t0, version: "bench",
                                               residentBytes: ServeMetrics.residentBytes(), ready: true)
            let text = exporter.render(ServeMetrics.samples(engine: host.current(), context: context), openMetrics: false)
            render.append(monotonicSeconds() - began)
            bytes = text.utf8.count
            if !defaultMalloc { ServeMemory.releaseFreed() }
        }
        let rss = ServeMetrics.residentBytes() ?? 0
        ingest.sort(); render.sort()
        func pct(_ a: [Double], _ p: Double) -> Double { a[min(a.count - 1, Int(Double(a.count - 1) * p))] }
        let cpu = (pct(ingest, 0.5) + pct(render, 0.5)) / refresh * 100
        print("serve: \(series) series (1 in 5 a counter), \(refreshes) refreshes timed after 20, \(scrapes) scrapes (release build expected)")
        print(String(format: "  refresh (engine, every detector): median %.1f ms, p99 %.1f ms = delay from a sample's arrival to its score in /metrics",
                     pct(ingest, 0.5) * 1000, pct(ingest, 0.99) * 1000))
        print(String(format: "  scrape of /metrics: median %.1f ms, p99 %.1f ms, %d bytes (%.1f MB)",
                     pct(render, 0.5) * 1000, pct(render, 0.99) * 1000, bytes, Double(bytes) / 1e6))
        print(String(format: "  CPU at one refresh and one scrape per %.0f s: %.2f %% of a core", refresh, cpu))
        print(String(format: "  RSS: %.1f MB (%.1f MB before the engine, %.1f MB before the first scrape)", rss / 1e6, rssStart / 1e6, rssEngine / 1e6))
        if soak > 0 { try runSoak() }
    }

    /// GET with a 10 s timeout; nil on any failure.
    static func fetch(_ url: URL) -> String? {
        let done = DispatchSemaphore(value: 0)
        let box = ResultBox()
        var request = URLRequest(url: url)
        request.timeoutInterval = 10
        URLSession.shared.dataTask(with: request) { data, _, _ in
            box.text = data.map { String(decoding: $0, as: UTF8.self) }
            done.signal()
        }.resume()
        guard done.wait(timeout: .now() + 15) == .success else { return nil }
        return box.text
    }

    final class ResultBox: @unchecked Sendable { var text: String? }

    /// The real binary, replaying in a loop at maximum speed; RSS read from its /metrics.
    private func runSoak() throws {
        guard FileManager.default.isExecutableFile(atPath: binary) else { throw UserError("no vigil binary at \(binary); build it: swift build -c release --product vigil") }
        let state = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-soak-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: state) }
        let server = try RealServers.vigilServe(binary: binary, arguments: ["--loop", "--speed", "1000000", "--state-dir", state.path])
        defer { server.stop() }
        let url = server.url.appendingPathComponent("metrics")
        var samples: [(t: Double, rss: Double, batches: Double)] = []
        let start = monotonicSeconds()
        while monotonicSeconds() - start < soak {
            Thread.sleep(forTimeInterval: min(10, max(1, soak / 30)))
            guard let text = Self.fetch(url) else { continue }
            func value(_ name: String) -> Double {
                text.split(separator: "\n").first { $0.hasPrefix(name + " ") }.flatMap { $0.split(separator: " ").last.flatMap { Double($0) } } ?? .nan
            }
            samples.append((monotonicSeconds() - start, value("process_resident_memory_bytes"), value("vigil_metric_batches_total")))
        }
        print(String(format: "  soak: %.0f s of the incident replayed in a loop at maximum speed", soak))
        for s in samples { print(String(format: "    %6.0f s  RSS %.1f MB  batches %.0f", s.t, s.rss / 1e6, s.batches)) }
        let settled = samples.filter { $0.t >= soak / 6 }
        if let first = settled.first, let peak = settled.map(\.rss).max() {
            print(String(format: "  RSS growth after the first sixth: %+.1f %% (%.1f → peak %.1f MB)",
                         (peak / first.rss - 1) * 100, first.rss / 1e6, peak / 1e6))
        }
    }
}
