import ArgumentParser
import Foundation
import VigilCore
import VigilEngine

/// `vigil-lab bench churn`: memory of the engine when the series set changes completely at every
/// refresh (pods and targets coming and going), through `Engine.ingest` as in the dashboard.
struct ChurnBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "churn",
        abstract: "Resident memory of the engine while every refresh brings a wholly new set of series.",
        discussion: """
        Each refresh is one batch of --series series that no earlier refresh had (plus 10 that stay), \
        --step seconds of data time apart. Prints the resident set (VmRSS) every tenth of the run, its \
        peak, the series the engine holds and has forgotten, and the time per refresh. The engine \
        forgets a series after --forget-after of data time or 30 refreshes without it.
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

    func run() throws {
        var engine = Engine(retention: ClusterState.Retention(seconds: forgetAfter, refreshes: forgetRefreshes))
        let t0 = Date(timeIntervalSince1970: 1_795_838_400)
        let before = Self.residentMB()
        var peak = before
        let started = Date()
        print("churn: \(refreshes) refreshes × \(series) new series, \(step) s apart; forget after \(forgetAfter) s or \(forgetRefreshes) refreshes")
        print(String(format: "  start: RSS %.0f MB", before))
        for r in 0..<refreshes {
            let t = t0.addingTimeInterval(Double(r) * step)
            var samples = (0..<10).map { Sample(name: "up", labels: Labels(["job": "j\($0)"]), value: 1, timestamp: t) }
            samples.reserveCapacity(series + 10)
            for i in 0..<series {
                samples.append(Sample(name: "container_memory_working_set_bytes",
                                      labels: Labels(["namespace": "ns\(i % 50)", "pod": "pod-\(r)-\(i)"]),
                                      value: Double((r * 7 + i) % 1_000) * 1e5, timestamp: t))
            }
            engine.ingest(.metrics(MetricBatch(timestamp: t, samples: samples)))
            let rss = Self.residentMB()
            peak = max(peak, rss)
            if (r + 1) % max(1, refreshes / 10) == 0 {
                print(String(format: "  after %5d: RSS %6.0f MB, series held %7d, forgotten %9d", r + 1, rss,
                             engine.cluster.seriesTracked, engine.cluster.forgotten))
            }
        }
        let seconds = Date().timeIntervalSince(started)
        print(String(format: "  peak RSS %.0f MB (%.0f MB above the start); %.1f ms per refresh of %d series",
                     peak, peak - before, seconds * 1000 / Double(refreshes), series + 10))
    }

    /// VmRSS of this process in MB (Linux /proc/self/status).
    static func residentMB() -> Double {
        guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = text.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }),
              let kb = line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first.flatMap({ Double($0) })
        else { return 0 }
        return kb / 1024
    }
}
