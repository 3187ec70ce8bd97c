import ArgumentParser
import Foundation
import VigilDetect
import VigilGenerator
import VigilRuntime

/// `vigil-lab eval fleet`: the reference fleet scorer's port on its own input (the shared
/// flatliner data, read as it is: bzip2'd JSON), compared with the reference's recorded output.
struct EvalFleet: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fleet",
        abstract: "Run the reference fleet scorer's port on the flatliner data and compare it with golden.json.",
        discussion: """
        Reads data/<metric>/<day>/<chunk>.json.bz2 in sorted path order (decompressed by bzcat), \
        scores every series with FlatlinerScorer, and prints the score sum over the resource events, \
        the event counts, and each cluster's final resource and alert score against golden.json; \
        with golden_first_events.jsonl.gz beside it, where the first published events first disagree.
        """)

    @Option(name: .long, help: "The flatliner folder with data/ and golden.json (default: ../shared/data/flatliner).")
    var data = "../shared/data/flatliner"

    @Option(name: .long, help: "Files decompressed (by bzcat) ahead of the one being scored.")
    var prefetch = 1

    @Flag(name: .long, help: "Instead: both scorers on a generated fleet with known faults (ROC-AUC, precision at k, delay).")
    var synthetic = false

    @Option(name: .long, help: "--synthetic: clusters.") var clusters = 100
    @Option(name: .long, help: "--synthetic: versions.") var versions = 4
    @Option(name: .long, help: "--synthetic: hours of data.") var hours = 6.0
    @Option(name: .long, help: "--synthetic: seed.") var seed: UInt64 = 1
    @Option(name: .long, help: "--synthetic: seconds between checks (and the reference's input chunks).") var check = 600.0

    func run() throws {
        if synthetic {
            var generator = FleetGenerator()
            generator.clusters = clusters
            generator.versions = versions
            generator.duration = hours * 3600
            generator.seed = seed
            EvalFleetSynthetic.run(generator: generator, check: check)
            return
        }
        let root = URL(fileURLWithPath: data)
        let dataDir = root.appendingPathComponent("data")
        guard FileManager.default.fileExists(atPath: dataDir.path) else {
            throw UserError("no \(dataDir.path): pass --data with the flatliner folder (data/ and golden.json)")
        }
        guard let files = FileManager.default.enumerator(atPath: dataDir.path)?.compactMap({ $0 as? String })
            .filter({ $0.hasSuffix(".json.bz2") }).map({ dataDir.appendingPathComponent($0).path }).sorted(),
              !files.isEmpty else { throw UserError("no .json.bz2 files under \(dataDir.path)") }

        let began = Date()
        var scorer = FlatlinerScorer()
        var firstEvents: [FlatlinerScorer.Event] = []
        var firstResource = 0, firstAlert = 0
        var samples = 0
        var scoring = 0.0, reading = 0.0
        // bzcat of the next file runs while this one is parsed and scored.
        let prefetch = Prefetch(files: files, depth: self.prefetch)
        for index in files.indices {
            let r0 = Date()
            let series = try FlatlinerJSON.parse(try prefetch.take(index))
            reading += Date().timeIntervalSince(r0)
            let s0 = Date()
            for s in series {
                samples += s.values.count
                // Events are made only while the first 10,000 of each kind are being collected.
                if firstResource < 10_000 || firstAlert < 10_000 {
                    let kinds: Set<FlatlinerScorer.Kind> = firstResource < 10_000 ? (firstAlert < 10_000 ? [.resource, .alert] : [.resource]) : [.alert]
                    scorer.ingest(s, kinds: kinds) { e in
                        if e.kind == .resource, firstResource < 10_000 { firstResource += 1; firstEvents.append(e) }
                        if e.kind == .alert, firstAlert < 10_000 { firstAlert += 1; firstEvents.append(e) }
                    }
                } else {
                    scorer.ingest(s)
                }
            }
            scoring += Date().timeIntervalSince(s0)
        }
        let seconds = Date().timeIntervalSince(began)
        print(String(format: "reading (waiting for bzcat, JSON) %.2f s, scoring %.2f s = %.1f M samples/s on one core", reading, scoring,
                     Double(samples) / scoring / 1e6))
        print("fleet: \(files.count) files, \(samples) samples, \(scorer.resourceEvents) resource events, \(scorer.alertEvents) alert events, "
              + "\(scorer.finalResource.count) clusters scored (resource), \(scorer.finalAlert.count) (alert); \(scorer.seriesWaiting) series never got a version")
        print("score sum (resource events): \(scorer.scoreSum)")
        print(String(format: "port: %.1f s, peak RSS %.0f MB (reading and decompressing included)", seconds,
                     Self.peakResidentBytes() / 1e6))

        let goldenURL = root.appendingPathComponent("golden.json")
        guard let goldenData = try? Data(contentsOf: goldenURL) else {
            print("no golden.json at \(goldenURL.path): nothing to compare with")
            return
        }
        // JSONDecoder, not JSONSerialization: on Linux the latter reads long fractions as
        // NSDecimalNumber, whose doubleValue is not always the nearest double.
        let golden = try JSONDecoder().decode(Golden.self, from: goldenData)
        print("reference:   \(golden.score_sum_repr) over \(golden.events["resource"] ?? 0) resource events, \(golden.events["alert"] ?? 0) alert events "
              + String(format: "(its own run: %.1f s, %.0f MB)", golden.seconds, golden.maxrss_mb))
        let goldenSum = Double(golden.score_sum_repr) ?? .nan
        let same = "\(scorer.scoreSum)" == golden.score_sum_repr
        print("score sum: " + (same ? "identical to the last printed digit"
                               : String(format: "differs: relative difference %.3g", abs(scorer.scoreSum - goldenSum) / abs(goldenSum))))
        for (kind, mine) in [(FlatlinerScorer.Kind.resource, scorer.finalResource), (.alert, scorer.finalAlert)] {
            let theirs = golden.final[kind.rawValue] ?? [:]
            var exact = 0, within = 0, missing = 0, sameEvent = 0, worst = 0.0
            for (cluster, g) in theirs {
                guard let m = mine[cluster] else { missing += 1; continue }
                let d = abs(m.score - g.score)
                worst = max(worst, d)
                if d == 0 { exact += 1 }
                if d <= 1e-9 { within += 1 }
                if m.name == (g.resource ?? g.alert), m.timestamp == g.timestamp, m.version == g.version { sameEvent += 1 }
            }
            print("final \(kind.rawValue) scores: \(theirs.count) clusters in the reference, \(exact) identical, \(within) within 1e-9, "
                  + "\(missing) missing here, \(mine.count - (theirs.count - missing)) extra here; largest difference \(worst); "
                  + "\(sameEvent) with the same last event (name, time, version)")
        }
        try compareFirstEvents(firstEvents, root: root)
    }

    struct Golden: Decodable {
        struct Final: Decodable {
            var score: Double
            var timestamp: Double
            var version: String
            var resource: String?
            var alert: String?
        }
        var score_sum_repr: String
        var events: [String: Int]
        var final: [String: [String: Final]]
        var seconds: Double
        var maxrss_mb: Double
    }

    struct GoldenEvent: Decodable {
        var kind: String
        var cluster: String
        var version: String
        var score: Double
        var timestamp: Double
        var resource: String?
        var alert: String?
    }

    /// The first 10,000 events of each kind against the reference's, in publication order.
    private func compareFirstEvents(_ mine: [FlatlinerScorer.Event], root: URL) throws {
        let path = root.appendingPathComponent("golden_first_events.jsonl.gz").path
        guard FileManager.default.fileExists(atPath: path) else { return }
        let text = String(decoding: try Self.decompress("zcat", path), as: UTF8.self)
        let decoder = JSONDecoder()
        let ref = try text.split(separator: "\n").map { try decoder.decode(GoldenEvent.self, from: Data($0.utf8)) }
        for kind in [FlatlinerScorer.Kind.resource, .alert] {
            let ours = mine.filter { $0.kind == kind }
            let theirs = ref.filter { $0.kind == kind.rawValue }
            let first = zip(ours, theirs).enumerated().first { _, pair in
                let (m, g) = pair
                return m.cluster != g.cluster || m.version != g.version || m.name != (g.resource ?? g.alert)
                    || m.score != g.score || m.timestamp != g.timestamp
            }
            if let (i, (m, g)) = first {
                print("first \(kind.rawValue) events: the \(i + 1)th differs: here \(m), reference \(g)")
            } else {
                print("first \(kind.rawValue) events: \(min(ours.count, theirs.count)) of \(theirs.count) identical (cluster, version, name, score, timestamp)")
            }
        }
    }

    /// Decompresses file i + 1 on another thread while file i is used.
    final class Prefetch: @unchecked Sendable {
        let files: [String]
        private var results: [Int: Result<Data, Error>] = [:]
        private let lock = NSCondition()

        /// Files decompressed ahead of the one in use (each bzcat takes a core).
        let depth: Int

        init(files: [String], depth: Int = 2) {
            self.files = files
            self.depth = max(1, depth)
            for i in 0..<self.depth { start(i) }
        }

        private func start(_ i: Int) {
            guard i < files.count else { return }
            let file = files[i]
            Thread.detachNewThread { [self] in
                let result = Result { try EvalFleet.decompressMapped(file) }
                lock.lock()
                results[i] = result
                lock.broadcast()
                lock.unlock()
            }
        }

        func take(_ i: Int) throws -> Data {
            lock.lock()
            while results[i] == nil { lock.wait() }
            let result = results.removeValue(forKey: i)
            lock.unlock()
            start(i + depth)
            return try result!.get()
        }
    }

    /// One file's series (a JSON list of Prometheus matrix results).
    static func read(_ path: String) throws -> [FlatlinerScorer.Series] {
        let bytes = try decompress("bzcat", path)
        let list: [MatrixSeries]
        do { list = try JSONDecoder().decode([MatrixSeries].self, from: bytes) } catch {
            throw UserError("\(path): not a JSON list of Prometheus matrix results: \(error)")
        }
        return list.compactMap { item in
            guard let cluster = item.metric["_id"], let name = item.metric["__name__"] else { return nil }
            let label: String? = switch name {
            case "cluster_version": item.metric["version"]
            case "etcd_object_counts": item.metric["resource"]
            case "alerts": item.metric["alertname"]
            default: nil
            }
            return FlatlinerScorer.Series(metric: name, cluster: cluster, label: label, values: item.values.map { ($0.t, Double($0.v) ?? .nan) })
        }
    }

    struct MatrixSeries: Decodable {
        struct Point: Decodable {
            var t: Double
            var v: String
            init(from decoder: Decoder) throws {
                var c = try decoder.unkeyedContainer()
                t = try c.decode(Double.self)
                v = try c.decode(String.self)
            }
        }
        var metric: [String: String]
        var values: [Point]
    }

    /// The process' peak resident memory (getrusage's ru_maxrss, in KiB on Linux).
    static func peakResidentBytes() -> Double {
        var usage = rusage()
        getrusage(Int32(RUSAGE_SELF.rawValue), &usage)
        return Double(usage.ru_maxrss) * 1024
    }

    /// A bzip2 file decompressed to a temporary file and mapped: reading bzcat's output through a
    /// pipe grows a buffer by doubling (64 MB held for the 32 MB file); a mapping holds only the
    /// pages being read. The file is unlinked at once: the mapping keeps it until released.
    static func decompressMapped(_ path: String) throws -> Data {
        let temp = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-fleet-\(UUID().uuidString).json")
        FileManager.default.createFile(atPath: temp.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: temp) }
        let out = try FileHandle(forWritingTo: temp)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["bzcat", path]
        process.standardOutput = out
        try process.run()
        process.waitUntilExit()
        try out.close()
        guard process.terminationStatus == 0 else { throw UserError("bzcat \(path) failed with status \(process.terminationStatus)") }
        return try Data(contentsOf: temp, options: .alwaysMapped)
    }

    /// `tool path`'s standard output (bzcat, zcat).
    static func decompress(_ tool: String, _ path: String) throws -> Data {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [tool, path]
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw UserError("\(tool) \(path) failed with status \(process.terminationStatus)") }
        return data
    }
}
