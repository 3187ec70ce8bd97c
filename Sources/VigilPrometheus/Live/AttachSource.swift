import Foundation
import Synchronization
import VigilCore
import VigilSources

/// `vigil --attach URL`: the dashboard attached to a running `vigil serve`. Every `interval` it reads
/// the serve's `/metrics` and lists the anomalies the serve has open on the Anomalies screen, with the
/// serve's own fingerprints: on the same `--state-dir`, a verdict given here is in the serve's fact
/// store, and the serve keeps the anomaly quiet from its next verdict poll.
public final class AttachSource: Sendable {
    public static let healthName = "serve"
    let transport: any HTTPTransport
    let interval: Double
    let sink: @Sendable (SourceMessage) -> Void

    public init(transport: any HTTPTransport, interval: Double = 5, sink: @escaping @Sendable (SourceMessage) -> Void) {
        self.transport = transport
        self.interval = max(0.5, interval)
        self.sink = sink
    }

    /// Polls until the task is cancelled.
    public func run() async {
        while !Task.isCancelled {
            let started = Date()
            for m in await poll(at: started) { sink(m) }
            while !Task.isCancelled, Date().timeIntervalSince(started) < interval {
                try? await Task.sleep(for: .milliseconds(100))
            }
        }
        await transport.shutdown()
    }

    /// One read of the serve's open anomalies and its health.
    public func poll(at now: Date) async -> [SourceMessage] {
        do {
            let answer = try await transport.send(HTTPRequestSpec(path: "/metrics", headers: [("Accept", "text/plain; version=0.0.4")]))
            guard answer.status == 200 else {
                return [.health(SourceHealth(source: Self.healthName, state: .stale(reason: "HTTP \(answer.status) from /metrics")))]
            }
            return [.remoteAnomalies(at: now, try Self.openAnomalies(in: answer.body, at: now)),
                    .health(SourceHealth(source: Self.healthName, state: .ok, lastSuccess: now))]
        } catch {
            return [.health(SourceHealth(source: Self.healthName, state: .stale(reason: LiveSource.reason(error))))]
        }
    }

    /// The open anomalies in an exposition, the serve's own (no cluster: `AnomalyBook` keeps their
    /// fingerprints as the serve gave them). Only the two families' lines are parsed: the rest of a
    /// scrape (every watched series) is megabytes.
    static func openAnomalies(in body: [UInt8], at now: Date) throws -> [RemoteAnomaly] {
        let prefix = Array("vigil_anomaly_open_".utf8)
        var kept: [UInt8] = []
        var start = 0
        while start < body.count {
            let end = body[start...].firstIndex(of: 10) ?? body.count
            if body[start..<end].starts(with: prefix) {
                kept.append(contentsOf: body[start..<end])
                kept.append(10)
            }
            start = end + 1
        }
        let samples = try OpenMetricsParser.parse(String(decoding: kept, as: UTF8.self), defaultTimestamp: now)
        return LiveSource.remoteAnomalies(samples).map { a in
            var own = a
            own.cluster = ""
            return own
        }
    }
}
