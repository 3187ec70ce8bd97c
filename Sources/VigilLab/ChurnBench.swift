import ArgumentParser
import Foundation
import Synchronization
import VigilCore
import VigilEngine
import VigilPrometheus
import VigilRuntime
import VigilSources
import VigilTestFakes

/// `vigil-lab bench churn`: memory of the engine when the series set changes completely at every
/// refresh (pods and targets coming and going). With `--http` (the default) every refresh goes
/// through the live collector: a query over HTTP to a fake Prometheus on a loopback port that
/// answers with a new set of series each time, decoded by the real client, into the engine.
struct ChurnBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "churn",
        abstract: "Resident memory of the engine while every refresh brings a wholly new set of series.",
        discussion: """
        Each refresh is one batch of --series series that no earlier refresh had (plus 10 that stay), \
        --step seconds of data time apart. Prints the resident set (VmRSS) every tenth of the run, its \
        peak, the series the engine holds and has forgotten, and the time per refresh. The engine \
        forgets a series after --forget-after of data time or 30 refreshes without it. --no-http feeds \
        the engine directly (no HTTP, no JSON).
        """)

    @Option(name: .long, help: "Refreshes.")
    var refreshes = 1_000

    @Option(name: .long, help: "New series per refresh.")
    var series = 10_000

    @Option(name: .long, help: "Data seconds between refreshes.")
    var step = 30.0

    @Option(name: .long, help: "Seconds of data time after which a missing series is forgotten.")
    var forgetAfter = 900.0

    @Option(name: .long, help: "Refreshes without a series after which it is forgotten (a huge value: never, as before retention).")
    var forgetRefreshes = 30

    @Flag(name: .long, inversion: .prefixedNo, help: "Through a fake Prometheus over HTTP and the live collector.")
    var http = true

    static let t0 = Date(timeIntervalSince1970: 1_795_838_400)

    /// One answer of the fake Prometheus: 10 series that stay, `series` that are new.
    static func answer(refresh r: Int, series: Int, at t: Date) -> String {
        var out = #"{"status":"success","data":{"resultType":"vector","result":["#
        out.reserveCapacity(series * 150 + 1_000)
        let ts = String(format: "%.3f", t.timeIntervalSince1970)
        for j in 0..<10 {
            out += #"{"metric":{"__name__":"up","job":"j\#(j)","vigil_query":"0"},"value":[\#(ts),"1"]},"#
        }
        for i in 0..<series {
            out += #"{"metric":{"__name__":"container_memory_working_set_bytes","namespace":"ns\#(i % 50)","pod":"pod-\#(r)-\#(i)","vigil_query":"0"},"value":[\#(ts),"\#(Double((r * 7 + i) % 1_000) * 1e5)"]}"#
            if i + 1 < series { out += "," }
        }
        return out + "]}}"
    }

    static let profileText = """
        name: churn
        panels:
          operators:
            queries:
              - expr: '{__name__=~"up|container_memory_working_set_bytes"}'
        """

    func run() throws {
        var engine = Engine(retention: ClusterState.Retention(seconds: forgetAfter, refreshes: forgetRefreshes))
        let before = Self.residentMB()
        var peak = before
        let started = Date()
        print("churn: \(refreshes) refreshes × \(series) new series, \(step) s apart; forget after \(forgetAfter) s or \(forgetRefreshes) refreshes"
              + (http ? "; through a fake Prometheus over HTTP and the live collector" : "; fed to the engine directly"))
        print(String(format: "  start: RSS %.0f MB", before))
        let refreshes = self.refreshes, series = self.series, step = self.step
        let counter = Mutex(0)
        var server: FakeHTTPServer?
        var source: LiveSource?
        if http {
            let s = try throwingBlocking {
                try await FakeHTTPServer { _ in
                    let r = counter.withLock { c -> Int in defer { c += 1 }; return c }
                    return .json(Self.answer(refresh: r, series: series, at: Self.t0.addingTimeInterval(Double(r) * step)))
                }
            }
            server = s
            let options = EndpointOptions(baseURL: s.baseURL)
            let client = try PrometheusClient(options: options)
            let profile = try ProfileLoader.parse(Self.profileText, file: "churn.yaml")
            source = LiveSource(prometheus: client, alertmanager: nil, profile: .fixed(profile), refresh: 30,
                                sourceName: "churn", history: 0, sink: { _ in })
        }
        defer { if let server { runBlocking { await server.shutdown() } } }
        var samplesSeen = 0
        for r in 0..<refreshes {
            let t = Self.t0.addingTimeInterval(Double(r) * step)
            if let source {
                let messages = runBlocking { await source.refresh(at: t) }
                for m in messages {
                    if case .metrics(let b) = m { samplesSeen += b.samples.count }
                    engine.ingest(m)
                }
            } else {
                var samples = (0..<10).map { Sample(name: "up", labels: Labels(["job": "j\($0)"]), value: 1, timestamp: t) }
                samples.reserveCapacity(series + 10)
                for i in 0..<series {
                    samples.append(Sample(name: "container_memory_working_set_bytes",
                                          labels: Labels(["namespace": "ns\(i % 50)", "pod": "pod-\(r)-\(i)"]),
                                          value: Double((r * 7 + i) % 1_000) * 1e5, timestamp: t))
                }
                samplesSeen += samples.count
                engine.ingest(.metrics(MetricBatch(timestamp: t, samples: samples)))
            }
            let rss = Self.residentMB()
            peak = max(peak, rss)
            if (r + 1) % max(1, refreshes / 10) == 0 {
                print(String(format: "  after %5d: RSS %6.0f MB, series held %7d (seen once %7d), forgotten %9d", r + 1, rss,
                             engine.cluster.seriesTracked, engine.cluster.seriesSeenOnce, engine.cluster.forgotten))
            }
        }
        let seconds = Date().timeIntervalSince(started)
        print(String(format: "  %d samples taken; peak RSS %.0f MB (%.0f MB above the start); %.1f ms per refresh of %d series",
                     samplesSeen, peak, peak - before, seconds * 1000 / Double(refreshes), series + 10))
    }

    /// VmRSS of this process in MB (Linux /proc/self/status).
    static func residentMB() -> Double { procStatusMB("VmRSS:") }

    /// A /proc/self/status field in MB (VmRSS, VmHWM).
    static func procStatusMB(_ field: String) -> Double {
        guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = text.split(separator: "\n").first(where: { $0.hasPrefix(field) }),
              let kb = line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first.flatMap({ Double($0) })
        else { return 0 }
        return kb / 1024
    }
}

/// `vigil-lab bench decode`: one large Prometheus answer through the real client: time and the
/// memory it costs above what the process held before (peak resident set, VmHWM, reset first).
struct DecodeBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "decode",
        abstract: "Time and extra memory to fetch and decode one large query answer (default 10 MB).")

    @Option(name: .long, help: "Answer size in MB.")
    var megabytes = 10.0

    @Option(name: .long, help: "Times to repeat (the first is reported apart: connection set-up).")
    var repeats = 3

    func run() throws {
        // About 150 bytes per series in the answer.
        let series = max(1, Int(megabytes * 1_048_576 / 150))
        let body = ChurnBench.answer(refresh: 0, series: series, at: ChurnBench.t0)
        let bytes = body.utf8.count
        let server = try throwingBlocking { try await FakeHTTPServer { _ in .json(body) } }
        defer { runBlocking { await server.shutdown() } }
        let client = try PrometheusClient(options: EndpointOptions(baseURL: server.baseURL, maxResponseBytes: 64 << 20))
        print(String(format: "decode: one answer of %.1f MB (%d series), through HTTP and the real client", Double(bytes) / 1_048_576, series + 10))
        for i in 0..<max(1, repeats) {
            // Peak RSS reset (Linux: writing 5 to clear_refs), so VmHWM is this answer's peak.
            try? "5".write(toFile: "/proc/self/clear_refs", atomically: false, encoding: .utf8)
            let before = ChurnBench.residentMB()
            let t0 = monotonicSeconds()
            let count = try throwingBlocking { () async throws -> Int in
                let r = try await client.query("churn")
                if case .vector(let v) = r.result { return v.count }
                return 0
            }
            let seconds = monotonicSeconds() - t0
            let peak = ChurnBench.procStatusMB("VmHWM:")
            print(String(format: "  run %d: %d samples in %.3f s; peak %.0f MB, %.0f MB above the %.0f MB before",
                         i + 1, count, seconds, peak, peak - before, before))
        }
    }
}

/// `runBlocking` for work that throws.
func throwingBlocking<T: Sendable>(_ work: @escaping @Sendable () async throws -> T) throws -> T {
    try runBlocking { () async -> Result<T, any Error> in
        do { return .success(try await work()) } catch { return .failure(error) }
    }.get()
}
