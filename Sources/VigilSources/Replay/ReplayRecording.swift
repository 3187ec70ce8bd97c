import Foundation
import VigilCore

/// A recorded incident in memory: metric batches, log lines and alert episodes, all sorted by
/// time, as `sample-data/` holds them.
public struct ReplayRecording: Sendable {
    /// One batch per distinct sample timestamp, oldest first.
    public let batches: [MetricBatch]
    /// Oldest first; lines with equal times keep their file order.
    public let logs: [LogRecord]
    /// Every alert episode (firing from `activeAt` until `endsAt`), by start time.
    public let alertEpisodes: [Alert]
    /// Smallest gap between batches: the recording's scrape interval.
    public let step: TimeInterval

    public init(batches: [MetricBatch], logs: [LogRecord] = [], alertEpisodes: [Alert] = []) {
        self.batches = batches.sorted { $0.timestamp < $1.timestamp }
        self.logs = logs.isSorted { $0.timestamp <= $1.timestamp } ? logs
            : logs.enumerated().sorted { ($0.element.timestamp, $0.offset) < ($1.element.timestamp, $1.offset) }.map(\.element)
        self.alertEpisodes = alertEpisodes.sorted {
            ($0.activeAt ?? .distantPast, $0.labels.description) < ($1.activeAt ?? .distantPast, $1.labels.description)
        }
        let gaps = zip(self.batches.dropFirst(), self.batches).map { $0.timestamp.timeIntervalSince($1.timestamp) }
        step = gaps.filter { $0 > 0 }.min() ?? 30
    }

    /// Time of the first batch (of the first log line when there are no metrics).
    public var start: Date { batches.first?.timestamp ?? logs.first?.timestamp ?? Date(timeIntervalSince1970: 0) }
    /// Time of the last batch (of the last log line when there are no metrics).
    public var end: Date { batches.last?.timestamp ?? logs.last?.timestamp ?? start }

    /// Alerts firing at `t`: `activeAt <= t < endsAt` (no end: still firing), silenced ones included.
    public func alerts(at t: Date) -> [Alert] {
        alertEpisodes.compactMap { a in
            guard let from = a.activeAt, from <= t, a.endsAt.map({ t < $0 }) ?? true else { return nil }
            var alert = a
            alert.state = .firing
            return alert
        }
    }

    /// The instants at which the set of firing alerts can change, sorted and distinct.
    var alertChangeTimes: [Date] {
        Array(Set(alertEpisodes.flatMap { [$0.activeAt, $0.endsAt].compactMap { $0 } })).sorted()
    }
}

extension Array {
    fileprivate func isSorted(by inOrder: (Element, Element) -> Bool) -> Bool {
        zip(self, dropFirst()).allSatisfy { inOrder($0, $1) }
    }
}
