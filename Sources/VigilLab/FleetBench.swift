import ArgumentParser
import Foundation
import VigilCore
import VigilEngine
import VigilGenerator
import VigilLiveHarness
import VigilPrometheus
import VigilRuntime
import VigilServe

/// `vigil-lab bench fleet`: the Fleet screen's refresh against a real Prometheus holding synthetic
/// fleets (backfilled with promtool), at several sizes: time, requests and bytes of one refresh,
/// the engine's time to score it, and the memory of both sides.
struct FleetBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fleet",
        abstract: "Time and bytes of one Fleet refresh against a real Prometheus, at 100, 1,000 and 5,000 clusters.")

    @Option(name: .long, parsing: .upToNextOption, help: "Fleet sizes.") var clusters: [Int] = [100, 1_000, 5_000]
    @Option(name: .long, help: "Minutes of data per fleet (one sample a minute).") var minutes = 10
    @Option(name: .long, help: "Refreshes to time per size.") var refreshes = 5

    func run() throws {
        let parsed = try ProfileLoader.parse(FleetGenerator.profileYAML, file: "fleetbench.yaml")
        guard let fleetQueries = parsed.fleet else { return }
        print("fleet refresh against a real Prometheus (promtool backfill, \(minutes) min of data at 60 s), \(fleetQueries.queryCount) queries by cluster")
        print("clusters   series  samples   OM MB  import s  refresh median ms  p95 ms  KB received  engine ms  engine RSS MB  Prometheus RSS MB")
        for n in clusters {
            var generator = FleetGenerator()
            generator.clusters = n
            generator.versions = max(4, n / 100)
            generator.duration = Double(minutes * 60)
            let end = Date(timeIntervalSince1970: 1_795_867_200)
            generator.start = end.timeIntervalSince1970 - generator.duration
            let fleet = generator.generate()
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-fleetbench-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: dir) }
            let file = dir.appendingPathComponent("fleet.om")
            try fleet.writeOpenMetrics(to: file)
            let report = try Backfill.importOpenMetrics(file, into: dir.appendingPathComponent("storage"))
            try? FileManager.default.removeItem(at: file)
            let server = try RealServers.prometheus(storage: report.storage)
            defer { server.stop() }
            let options = EndpointOptions(baseURL: server.url, timeout: .seconds(60), maxResponseBytes: 512 << 20)
            let transport = CountingTransport(try AsyncHTTPTransport(options: options))
            let client = PrometheusClient(options: options, transport: transport)
            let source = LiveSource(prometheus: client, alertmanager: nil, profile: .fixed(parsed), refresh: 60, sourceName: "bench", sink: { _ in })
            let refreshes = self.refreshes
            let minutes = self.minutes
            let result = runBlocking { () -> (times: [Double], received: Int, engine: [Double], rss: Double) in
                _ = await source.collectFleet(fleetQueries, at: end)   // warm-up
                _ = transport.take()
                var times: [Double] = []
                var received = 0
                for _ in 0..<refreshes {
                    let t0 = monotonicSeconds()
                    _ = await source.collectFleet(fleetQueries, at: end)
                    times.append(monotonicSeconds() - t0)
                    received = transport.take().received
                }
                // The engine over the fleet's minutes: ingest and score each refresh.
                var engine = Engine(footprint: .service)
                var engineTimes: [Double] = []
                for minute in stride(from: minutes - 1, through: 0, by: -1) {
                    let messages = await source.collectFleet(fleetQueries, at: end.addingTimeInterval(Double(-minute * 60)))
                    let t0 = monotonicSeconds()
                    for m in messages { engine.ingest(m) }
                    engineTimes.append(monotonicSeconds() - t0)
                }
                await client.shutdown()
                return (times, received, engineTimes, ServeMetrics.residentBytes() ?? 0)
            }
            let sorted = result.times.sorted()
            let engineMedian = result.engine.sorted()[result.engine.count / 2]
            let prometheusRSS = Self.rss(pid: server.pid)
            print(String(format: "%8d %8d %8d %7.1f %9.1f %18.0f %7.0f %12.0f %10.0f %14.0f %18.0f", n, report.blocks.map(\.series).max() ?? 0, report.samples,
                         Double(report.bytes) / 1e6, report.importSeconds, sorted[sorted.count / 2] * 1000, sorted[min(sorted.count - 1, sorted.count * 95 / 100)] * 1000,
                         Double(result.received) / 1e3, engineMedian * 1000, result.rss / 1e6, prometheusRSS / 1e6))
        }
    }

    /// A process' resident memory from /proc.
    static func rss(pid: pid_t) -> Double {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
              let line = text.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }),
              let kb = Double(line.split(separator: " ").dropFirst().first ?? "") else { return .nan }
        return kb * 1024
    }
}
