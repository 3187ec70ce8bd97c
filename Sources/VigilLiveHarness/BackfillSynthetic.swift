import Foundation
import VigilCore

/// A large, deterministic OpenMetrics file shaped like an apiserver-heavy cluster, written as
/// bytes in 1 MiB chunks (the text can be hundreds of megabytes).
struct SyntheticOpenMetrics {
    let series: Int
    let points: Int
    /// Unix seconds of the last point.
    let end: Int64
    let step: Int64 = 30

    init(series: Int, minutes: Int, end: Date) {
        self.series = max(1, series)
        points = max(1, minutes) * 2 + 1
        self.end = Int64(end.timeIntervalSince1970.rounded(.down))
    }

    static let codes = ["200", "201", "404", "409", "429", "500", "503", "504"]
    static let verbs = ["GET", "LIST", "WATCH", "POST", "PUT", "PATCH", "DELETE"]
    static let resources = [
        "pods", "configmaps", "secrets", "leases", "nodes", "events", "services", "endpoints",
        "deployments", "replicasets", "daemonsets", "statefulsets", "jobs", "cronjobs", "namespaces",
        "serviceaccounts", "roles", "rolebindings", "clusterroles", "clusterrolebindings",
        "persistentvolumeclaims", "persistentvolumes", "ingresses", "networkpolicies",
        "customresourcedefinitions", "clusteroperators", "routes", "builds", "imagestreams", "subscriptions",
    ]
    static let modes = ["idle", "iowait", "irq", "nice", "softirq", "steal", "system", "user"]

    /// How the series divide between the three families.
    var split: (up: Int, cpu: Int, requests: Int) {
        let up = series < 3 ? 0 : max(1, series / 100)
        let cpu = (series - up) / 10
        return (up, cpu, series - up - cpu)
    }

    func write(to file: URL) throws {
        FileManager.default.createFile(atPath: file.path, contents: nil)
        let handle = try FileHandle(forWritingTo: file)
        defer { try? handle.close() }
        var out = ByteWriter(handle: handle)
        let stamps = (0..<points).map { Array(" \(end - Int64(points - 1 - $0) * step)\n".utf8) }
        let (up, cpu, requests) = split

        out.append("# HELP apiserver_request Counter of apiserver requests broken out for each verb, resource and HTTP response code.\n")
        out.append("# TYPE apiserver_request counter\n")
        for i in 0..<requests {
            let resource = Self.resources[(i / 56) % Self.resources.count]
            let instance = "10.0.\(i / (56 * Self.resources.count) / 250).\(i / (56 * Self.resources.count) % 250 + 1):6443"
            let prefix = Array("apiserver_request_total{code=\"\(Self.codes[i % 8])\",verb=\"\(Self.verbs[(i / 8) % 7])\",resource=\"\(resource)\",instance=\"\(instance)\"} ".utf8)
            try writeCounter(&out, prefix: prefix, seed: UInt64(i), stamps: stamps)
        }

        out.append("# HELP node_cpu_seconds Seconds the CPUs spent in each mode.\n")
        out.append("# TYPE node_cpu_seconds counter\n")
        for i in 0..<cpu {
            let prefix = Array("node_cpu_seconds_total{instance=\"10.1.\(i / 64 / 250).\(i / 64 % 250 + 1):9100\",cpu=\"\(i / 8 % 8)\",mode=\"\(Self.modes[i % 8])\"} ".utf8)
            try writeCounter(&out, prefix: prefix, seed: 0x5EED_0000 + UInt64(i), stamps: stamps)
        }

        out.append("# HELP up Whether the target was scraped.\n# TYPE up gauge\n")
        for i in 0..<up {
            let prefix = Array("up{job=\"node\",instance=\"10.1.\(i / 250).\(i % 250 + 1):9100\"} ".utf8)
            // Every 37th target is down for the middle tenth of the window.
            let downFrom = points * 45 / 100, downTo = points * 55 / 100
            for p in 0..<points {
                out.append(prefix)
                out.append(i % 37 == 5 && p >= downFrom && p < downTo ? UInt8(ascii: "0") : UInt8(ascii: "1"))
                out.append(stamps[p])
            }
            try out.flushIfFull()
        }
        out.append("# EOF\n")
        try out.flush()
    }

    /// A counter that only grows: a per-series base and rate, with jitter.
    private func writeCounter(_ out: inout ByteWriter, prefix: [UInt8], seed: UInt64, stamps: [[UInt8]]) throws {
        var rng = SplitMix64(seed: seed &* 0x9E37_79B9_7F4A_7C15 &+ 0xD1B5_4A32_D192_ED03)
        var value = rng.next() % 1_000_000
        let rate = rng.next() % 60 + 1
        for p in 0..<points {
            out.append(prefix)
            out.append(value)
            out.append(stamps[p])
            value += rate + rng.next() % (rate + 1)
        }
        try out.flushIfFull()
    }
}

/// Appends bytes and writes them out a chunk at a time.
private struct ByteWriter {
    let handle: FileHandle
    var buffer: [UInt8] = []
    static let chunk = 1 << 20

    init(handle: FileHandle) {
        self.handle = handle
        buffer.reserveCapacity(Self.chunk + 4096)
    }

    mutating func append(_ s: String) { buffer.append(contentsOf: s.utf8) }
    mutating func append(_ bytes: [UInt8]) { buffer.append(contentsOf: bytes) }
    mutating func append(_ byte: UInt8) { buffer.append(byte) }

    /// Decimal digits of `v`.
    mutating func append(_ v: UInt64) {
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                     UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var n = v
        var count = 0
        withUnsafeMutableBytes(of: &digits) { raw in
            repeat {
                raw[19 - count] = UInt8(ascii: "0") + UInt8(n % 10)
                n /= 10
                count += 1
            } while n > 0
            buffer.append(contentsOf: raw[(20 - count)...])
        }
    }

    mutating func flushIfFull() throws {
        if buffer.count >= Self.chunk { try flush() }
    }

    mutating func flush() throws {
        guard !buffer.isEmpty else { return }
        try handle.write(contentsOf: buffer)
        buffer.removeAll(keepingCapacity: true)
    }
}
