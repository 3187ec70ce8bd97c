import Foundation
import VigilCore

/// A position in a recording that turns "time moved to t" into the messages a live source would
/// have sent meanwhile.
///
/// Emission depends only on the instants passed, never on how an interval is cut: advancing to t
/// in one step or in many yields the same batches, log lines and alert changes in the same order
/// (log lines may be split across more `.logs` messages).
public struct ReplayCursor: Sendable {
    public let recording: ReplayRecording
    private let changeTimes: [Date]
    /// Everything at or before this instant has been emitted; nil before the first advance.
    public private(set) var position: Date?
    private var nextBatch = 0
    private var nextLog = 0
    private var nextChange = 0
    private var firing: [Alert]?

    public init(recording: ReplayRecording) {
        self.recording = recording
        changeTimes = recording.alertChangeTimes
    }

    /// True once the cursor has reached the recording's last batch.
    public var isAtEnd: Bool { position.map { $0 >= recording.end } ?? false }

    /// Emits, in time order, every batch and log line in (position, t] and an `.alerts` message at
    /// each instant the firing set changes, then `.clock(t)`. The first advance also sends the set
    /// firing at the recording's start. Moving backwards (or not at all) emits nothing; use `seek`.
    public mutating func advance(to t: Date) -> [SourceMessage] {
        if let position, t <= position { return [] }
        var out: [SourceMessage] = []
        if firing == nil {
            let first = min(t, recording.start)
            let set = recording.alerts(at: first)
            out.append(.alerts(at: first, set))
            firing = set
            while nextChange < changeTimes.count, changeTimes[nextChange] <= first { nextChange += 1 }
        }
        let batches = recording.batches, logs = recording.logs
        var pendingLogs: [LogRecord] = []
        while true {
            // The earliest of the three streams; at equal times metrics, then logs, then alerts.
            let batchTime = nextBatch < batches.count ? batches[nextBatch].timestamp : nil
            let logTime = nextLog < logs.count ? logs[nextLog].timestamp : nil
            let changeTime = nextChange < changeTimes.count ? changeTimes[nextChange] : nil
            let candidates = [batchTime, logTime, changeTime].enumerated()
                .compactMap { k, time in time.flatMap { $0 <= t ? (time: $0, rank: k) : nil } }
            guard let next = candidates.min(by: { ($0.time, $0.rank) < ($1.time, $1.rank) }) else { break }
            switch next.rank {
            case 1:
                pendingLogs.append(logs[nextLog])
                nextLog += 1
            case 0:
                if !pendingLogs.isEmpty { out.append(.logs(pendingLogs)); pendingLogs = [] }
                out.append(.metrics(batches[nextBatch]))
                nextBatch += 1
            default:
                if !pendingLogs.isEmpty { out.append(.logs(pendingLogs)); pendingLogs = [] }
                let set = recording.alerts(at: next.time)
                if set != firing {
                    out.append(.alerts(at: next.time, set))
                    firing = set
                }
                nextChange += 1
            }
        }
        if !pendingLogs.isEmpty { out.append(.logs(pendingLogs)) }
        out.append(.clock(t))
        position = t
        return out
    }

    /// Moves to `t` (backwards too) and emits what advancing from the recording's start to `t`
    /// would, so the receiver can rebuild the history before `t`.
    public mutating func seek(to t: Date) -> [SourceMessage] {
        position = nil
        nextBatch = 0
        nextLog = 0
        nextChange = 0
        firing = nil
        return advance(to: t)
    }
}
