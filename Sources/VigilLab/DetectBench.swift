import ArgumentParser
import Foundation
import VigilEngine
import VigilRuntime
import VigilCore
import VigilDetect

/// `vigil-lab bench detect`: throughput of the per-series metric detector on one core, and its state size.
struct DetectBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "detect",
        abstract: "Points per second per core of SeriesDetector over NAB (or synthetic) series, and bytes of state per series.")

    @Option(name: .long, help: "NAB folder with data/ and labels/ (default: ../shared/data/nab; synthetic series when absent).")
    var data: String?

    @Option(name: .long, help: "Seconds to keep timing (at least three passes are made).")
    var seconds = 3.0

    func run() throws {
        let (label, series) = try load()
        let points = series.reduce(0) { $0 + $1.values.count }
        // Timing: whole passes over every series, each with fresh detectors, single-threaded.
        var best = Double.infinity, passes = 0, sink = 0.0
        let until = monotonicSeconds() + seconds
        repeat {
            let t0 = monotonicSeconds()
            for s in series {
                var d = SeriesDetector()
                for i in s.values.indices { sink += d.update(time: s.times[i], value: s.values[i]).score }
            }
            best = min(best, monotonicSeconds() - t0)
            passes += 1
        } while passes < 3 || monotonicSeconds() < until

        // State: after each series has been fed in full (buffers at their steady size).
        var sizes: [Int] = []
        var counters = 0, seasonal = 0
        for s in series {
            var d = SeriesDetector()
            for i in s.values.indices { _ = d.update(time: s.times[i], value: s.values[i]) }
            sizes.append(d.stateBytes)
            if d.isCounter { counters += 1 }
            if d.seasonPeriod != nil { seasonal += 1 }
        }
        sizes.sort()
        print("detect: \(label), \(series.count) series, \(points) points (release build expected)")
        print(String(format: "  throughput: %.2f M points/s on one core (best of %d passes, %.1f ms per pass)",
                     Double(points) / best / 1e6, passes, best * 1000))
        print("  state per series: median \(sizes[sizes.count / 2]) B, max \(sizes.last ?? 0) B "
              + "(struct \(MemoryLayout<SeriesDetector>.size) B + season buffers)")
        print(String(format: "  10,000 series: %.1f MB at the max", Double(10_000 * (sizes.last ?? 0)) / 1e6))
        print("  counters: \(counters), seasonal at the end: \(seasonal)  [checksum \(Int(sink) % 10)]")
    }

    private func load() throws -> (String, [(times: [Double], values: [Double])]) {
        let root = URL(fileURLWithPath: data ?? "../shared/data/nab")
        if FileManager.default.fileExists(atPath: root.appendingPathComponent("labels/combined_windows.json").path) {
            let corpus = try NABCorpus.load(from: root)
            return ("NAB at \(root.path)", corpus.series.map { s in
                (s.timestamps.map { NABTime.parse($0) ?? .nan }, s.values)
            })
        }
        if data != nil { throw UserError("\(root.path): not a NAB folder (no labels/combined_windows.json)") }
        return ("synthetic (no NAB data at ../shared/data/nab)", Self.synthetic())
    }

    /// 40 series of 4,000 five-minute samples: daily patterns, noise, spikes and a counter.
    static func synthetic() -> [(times: [Double], values: [Double])] {
        var state: UInt64 = 42
        func uniform() -> Double {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return Double((z ^ (z >> 31)) >> 11) / Double(1 << 53)
        }
        return (0..<40).map { k in
            let times = (0..<4000).map { 1_700_000_000 + Double($0) * 300 }
            var total = 0.0
            let values = times.map { t -> Double in
                let base = 100 + Double(k % 4) * 20 * sin(2 * .pi * t / 86_400) + 4 * (uniform() - 0.5)
                let v = uniform() < 0.002 ? base * 3 : base
                if k % 10 == 9 { total += max(0, v); return total }   // a counter
                return v
            }
            return (times, values)
        }
    }
}
