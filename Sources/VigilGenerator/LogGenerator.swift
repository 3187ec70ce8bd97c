import Foundation
import VigilCore
import VigilSources

/// Writes `cluster.log`: lines from the control plane and the nodes over the whole window, each
/// `<RFC 3339 UTC with ms> <component> <message>`, with the incident's burst laid over a steady,
/// varied background.
struct LogGenerator {
    struct Line {
        let ms: Int64
        let component: String
        let text: String
    }

    let story: IncidentStory
    let seed: UInt64
    var clock: StoryClock { story.clock }
    var startMs: Int64 { Int64(clock.start.timeIntervalSince1970 * 1000) }
    var endMs: Int64 { Int64(clock.time(clock.count - 1).timeIntervalSince1970 * 1000) }

    func render() -> String {
        let lines = background() + incident()
        // Stable for equal instants, so the file is the same on every run.
        let ordered = lines.enumerated().sorted { ($0.element.ms, $0.offset) < ($1.element.ms, $1.offset) }
        var out = ""
        out.reserveCapacity(lines.count * 200)
        for (_, line) in ordered {
            out += RFC3339.format(ms: line.ms)
            out += " " + line.component + " " + line.text + "\n"
        }
        return out
    }

    /// Instants (ms) of a Poisson process with `rate(date)` lines per second, never above `peak`,
    /// by thinning a process of rate `peak`.
    func arrivals(_ rng: inout SplitMix64, peak: Double, from: Int64? = nil, to: Int64? = nil,
                  rate: (Date) -> Double) -> [Int64] {
        guard peak > 0 else { return [] }
        var out: [Int64] = []
        let last = min(to ?? endMs, endMs)
        var t = Double(max(from ?? startMs, startMs))
        while true {
            t += rng.exponential(mean: 1000 / peak)
            guard t <= Double(last) else { return out }
            let ms = Int64(t)
            if rng.unit() * peak < rate(Date(timeIntervalSince1970: Double(ms) / 1000)) { out.append(ms) }
        }
    }

    /// Milliseconds of the sample instant `i`.
    func ms(_ i: Int) -> Int64 { Int64(clock.time(i).timeIntervalSince1970 * 1000) }

    /// One process: `rate` lines per second from `component`, each made by `make`.
    func process(_ name: String, component: String, peak: Double, from: Int64? = nil, to: Int64? = nil,
                 rate: (Date) -> Double, make: (inout SplitMix64, Int64) -> String) -> [Line] {
        var rng = SplitMix64(seed: seed, stream: "log/" + name)
        return arrivals(&rng, peak: peak, from: from, to: to, rate: rate).map {
            Line(ms: $0, component: component, text: make(&rng, $0))
        }
    }

    /// A klog header and message: `E1128 08:14:03.120345      18 status.go:71] message`.
    static func klog(_ severity: Character, _ ms: Int64, _ rng: inout SplitMix64, pid: Int, _ location: String,
                     _ message: String) -> String {
        let f = RFC3339.fields(ms: ms)
        let p = RFC3339.pad
        let micros = f.millisecond * 1000 + rng.int(0...999)
        let thread = String(pid)
        return "\(severity)\(p(f.month, 2))\(p(f.day, 2)) \(p(f.hour, 2)):\(p(f.minute, 2)):\(p(f.second, 2))."
            + "\(p(micros, 6)) \(String(repeating: " ", count: max(0, 7 - thread.count)))\(thread) \(location)] \(message)"
    }

    /// An etcd (zap JSON) line; `fields` are already JSON-encoded `"key":value` pairs.
    static func etcd(_ level: String, _ ms: Int64, _ rng: inout SplitMix64, _ caller: String, _ msg: String,
                     _ fields: [String] = []) -> String {
        let iso = RFC3339.format(ms: ms).dropLast()   // drop "Z": microseconds follow
        let ts = "\(iso)\(RFC3339.pad(rng.int(0...999), 3))Z"
        let rest = fields.isEmpty ? "" : "," + fields.joined(separator: ",")
        return "{\"level\":\"\(level)\",\"ts\":\"\(ts)\",\"caller\":\"\(caller)\",\"msg\":\"\(msg)\"\(rest)}"
    }
}
