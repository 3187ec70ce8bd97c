import ArgumentParser
import Foundation
import VigilEngine
import VigilRuntime
import Synchronization
import VigilApp
import VigilCore
import VigilSources
import VigilPrometheus
import VigilLiveHarness

/// Counts requests and bytes that pass through a transport.
final class CountingTransport: HTTPTransport {
    let inner: any HTTPTransport
    let counts = Mutex((requests: 0, sent: 0, received: 0))
    init(_ inner: any HTTPTransport) { self.inner = inner }

    func send(_ request: HTTPRequestSpec) async throws -> HTTPResponseData {
        let response = try await inner.send(request)
        counts.withLock {
            $0.requests += 1
            $0.sent += request.path.utf8.count + (request.body?.count ?? 0)
            $0.received += response.body.count
        }
        return response
    }

    func shutdown() async { await inner.shutdown() }

    func take() -> (requests: Int, sent: Int, received: Int) {
        counts.withLock { c in defer { c = (0, 0, 0) }; return c }
    }
}

struct CollectBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "collect",
        abstract: "Time, requests and bytes of one overview refresh against Prometheus.",
        discussion: "Without --prometheus it backfills --series synthetic series (mostly apiserver_request_total counters) into a Prometheus of its own on a loopback port, and stops it afterwards.")

    @Option(name: .long, help: "Prometheus to measure against (default: start one on synthetic data).") var prometheus: String?
    @Option(name: .long, help: "Series to backfill when starting our own Prometheus.") var series = 10_000
    @Option(name: .long, help: "Dashboard profile.") var profile = "openshift"
    @Option(name: .long, help: "Refreshes to time.") var refreshes = 20

    func run() throws {
        var server: RunningServer?
        defer { server?.stop() }
        let url: URL
        if let p = prometheus {
            guard let u = URL(string: p) else { throw ValidationError("--prometheus '\(p)' is not a URL") }
            url = u
        } else {
            let t0 = monotonicSeconds()
            let report = try Backfill.syntheticReport(series: series, minutes: 60, end: Date())
            let s = try RealServers.prometheus(storage: report.storage)
            server = s
            url = s.url
            print(String(format: "backfilled %d series (%d samples) and started Prometheus in %.1f s", series, report.samples,
                         monotonicSeconds() - t0))
        }
        let loader = ProfileLoader(searchPaths: ProfileLoader.standardSearchPaths(
            environment: ProcessInfo.processInfo.environment, executablePath: Paths.executable,
            currentDirectory: FileManager.default.currentDirectoryPath))
        let chosen = try loader.load(profile)
        let options = EndpointOptions(baseURL: url)
        let transport = CountingTransport(try AsyncHTTPTransport(options: options))
        let client = PrometheusClient(options: options, transport: transport)
        let source = LiveSource(prometheus: client, alertmanager: nil, profile: .fixed(chosen), refresh: 30,
                                sourceName: "bench", history: 0, sink: { _ in })
        let refreshes = self.refreshes
        let result = runBlocking { () -> (times: [Double], counts: [(requests: Int, sent: Int, received: Int)], samples: Int) in
            var times: [Double] = [], counts: [(requests: Int, sent: Int, received: Int)] = [], samples = 0
            _ = await source.refresh(at: Date()) // warm-up: connection, profile announcement
            _ = transport.take()
            for _ in 0..<refreshes {
                let t0 = monotonicSeconds()
                let messages = await source.refresh(at: Date())
                times.append(monotonicSeconds() - t0)
                counts.append(transport.take())
                for case .metrics(let b) in messages { samples = b.samples.count }
            }
            await client.shutdown()
            return (times, counts, samples)
        }
        let sorted = result.times.sorted()
        func pct(_ p: Double) -> Double { sorted[min(sorted.count - 1, Int(Double(sorted.count - 1) * p))] * 1000 }
        let c = result.counts.last ?? (0, 0, 0)
        print("collect: profile \(chosen.name), \(chosen.panels.count) panels, \(refreshes) refreshes against \(url.host ?? "?"):\(url.port ?? 0)")
        print(String(format: "  time per refresh: median %.1f ms  p95 %.1f ms  max %.1f ms", pct(0.5), pct(0.95), (sorted.last ?? 0) * 1000))
        print("  requests per refresh: \(c.requests) (panels: \(chosen.panels.count));  bytes sent \(c.sent), received \(c.received)")
        print("  samples delivered to the app per refresh: \(result.samples)")
        print("  (target: <= 100 ms per refresh on loopback, requests <= panels)")
    }
}
