// libs: VigilCore VigilDetect VigilEngine
// The engine fed arbitrary message sequences: metric batches with any values and timestamps
// (NaN, ±Inf, ±1.7e308, out-of-range times), alerts, log lines, fleet batches, clock jumps.
import Foundation
import VigilCore
import VigilEngine

struct Bytes {
    var p: UnsafeBufferPointer<UInt8>
    var i = 0
    mutating func byte() -> UInt8? { guard i < p.count else { return nil }; defer { i += 1 }; return p[i] }
    mutating func double() -> Double {
        var bits: UInt64 = 0
        for _ in 0..<8 { bits = bits << 8 | UInt64(byte() ?? 0) }
        // Half of them raw bit patterns (any double), half small numbers near a level.
        return bits & 1 == 0 ? Double(bitPattern: bits) : Double(Int64(bitPattern: bits) % 2000) / 10
    }
    mutating func time(_ base: Double) -> Date {
        guard let b = byte() else { return Date(timeIntervalSince1970: base) }
        switch b % 8 {
        case 0: return Date(timeIntervalSince1970: double())
        case 1: return Date(timeIntervalSince1970: base - Double(b) * 10)
        default: return Date(timeIntervalSince1970: base + Double(b % 16) * 15)
        }
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    var input = Bytes(p: UnsafeBufferPointer(start: data, count: size))
    var engine = Engine()
    var base = 1_800_000_000.0
    var steps = 0
    while let kind = input.byte(), steps < 200 {
        steps += 1
        let at = input.time(base)
        if at.timeIntervalSince1970.isFinite, abs(at.timeIntervalSince1970) < 1e11 { base = max(base, at.timeIntervalSince1970) }
        switch kind % 6 {
        case 0, 1:
            let n = Int(input.byte() ?? 1) % 6 + 1
            let samples = (0..<n).map { k in
                Sample(name: k % 2 == 0 ? "up" : "node_cpu_seconds_total", labels: Labels(["instance": "n\(k)", "job": "j"]),
                       value: input.double(), timestamp: at)
            }
            _ = engine.ingest(.metrics(MetricBatch(timestamp: at, samples: samples)))
        case 2:
            let alert = Alert(labels: Labels(["alertname": "A\(input.byte() ?? 0)", "severity": "critical"]), activeAt: input.time(base),
                              endsAt: input.byte().map { _ in input.time(base) })
            _ = engine.ingest(.alerts(at: at, [alert]))
        case 3:
            let text = String(decoding: (0..<Int(input.byte() ?? 0) % 40).compactMap { _ in input.byte() }, as: UTF8.self)
            _ = engine.ingest(.logs([LogRecord(timestamp: at, source: "fuzz", line: text)]))
        case 4:
            _ = engine.ingest(.clock(at))
        default:
            let clusters = (0..<Int(input.byte() ?? 0) % 6).map { "c\($0)" }
            var versions: [String: String] = [:], nodes: [String: Double] = [:], platforms: [String: String] = [:]
            var samples: [FleetBatch.Sample] = []
            for c in clusters {
                versions[c] = "4.\(input.byte() ?? 0 % 2)"
                nodes[c] = input.double()
                platforms[c] = (input.byte() ?? 0) % 2 == 0 ? "aws" : "gcp"
                for kind in FleetKind.allCases {
                    samples.append(FleetBatch.Sample(cluster: c, dimension: "d\((input.byte() ?? 0) % 3)", kind: kind, value: input.double()))
                }
            }
            _ = engine.ingest(.fleet(FleetBatch(timestamp: at, versions: versions, samples: samples, platforms: platforms, nodes: nodes)))
        }
    }
    _ = engine.anomalies.items.count
    return 0
}
