import Foundation
import Synchronization
import VigilCore
@testable import VigilSources

/// A small hand-made recording and helpers to compare what cursors emit.
enum ReplayFixtures {
    static let t0 = Date(timeIntervalSince1970: 1_795_838_400)

    static func at(_ seconds: Double) -> Date { t0.addingTimeInterval(seconds) }

    /// Ten batches 30 s apart, log lines between and on them, two alert episodes and one that
    /// starts and ends at the same instants as another (so it changes nothing on its own).
    static func small() -> ReplayRecording {
        let batches = (0..<10).map { (k: Int) -> MetricBatch in
            let t = at(Double(k * 30))
            let sample = Sample(name: "up", labels: Labels(["job": "x"]), value: Double(k % 2), timestamp: t)
            return MetricBatch(timestamp: t, samples: [sample])
        }
        let logs = [0.0, 12, 30, 30, 31, 95, 200, 270].enumerated().map { k, s in
            LogRecord(timestamp: at(s), source: "test", line: "line \(k)")
        }
        let alerts = [
            Alert(labels: ["alertname": "Always"], activeAt: at(0), endsAt: nil),
            Alert(labels: ["alertname": "Blip"], activeAt: at(45), endsAt: at(100)),
            Alert(labels: ["alertname": "Late"], activeAt: at(100), endsAt: at(400)),
        ]
        return ReplayRecording(batches: batches, logs: logs, alertEpisodes: alerts)
    }

    /// What a receiver would record, with the grouping of log lines and the clock left out.
    enum Event: Hashable {
        case batch(Date)
        case log(LogRecord)
        case alerts(Date, [String])
    }

    static func events(_ messages: [SourceMessage]) -> [Event] {
        messages.flatMap { m -> [Event] in
            switch m {
            case .metrics(let b): return [.batch(b.timestamp)]
            case .logs(let lines): return lines.map { .log($0) }
            case .alerts(let t, let set): return [.alerts(t, set.map(\.name))]
            case .clock, .health, .profile, .scoredLogs, .remoteAnomalies, .fleet: return []
            }
        }
    }
}

/// Real time for tests: moved by hand, readable from any thread.
final class ManualTime: Sendable {
    private let seconds = Mutex(0.0)
    func now() -> Double { seconds.withLock { $0 } }
    func advance(_ s: Double) { seconds.withLock { $0 += s } }
}
