import Foundation
import VigilCore
import VigilEngine

/// When a log template was seen, and how often, since the state last started over.
public struct LogTemplateStats: Hashable, Sendable {
    public var count: Int
    public var firstSeen: Date
    public var lastSeen: Date
}

/// What the Logs screen knows: the most recent scored lines, per-template and per-source counts,
/// the flagged lines (the log anomalies), and the screen's own selection and filter.
public struct LogsState: Sendable {
    public static let capacity = 5_000
    public static let anomalyCapacity = 1_000
    /// Distinct templates kept; past it the least recently seen are forgotten (a source that
    /// leaves an id unmasked would otherwise grow the table without end).
    public static let templateCapacity = 20_000
    /// Width of the buckets `maxScore(from:to:)` answers from, and how many are kept (a day).
    public static let bucketSeconds = 10.0
    public static let bucketCapacity = 8_640
    /// The data clock going back further than this (a replay looped or seeked) starts over; less
    /// is a wall clock being corrected.
    static let backwardsTolerance: TimeInterval = 60

    /// The most recent lines, oldest first; `lines[i]` has sequence number `firstSequence + i`.
    public private(set) var lines: [ScoredLogLine] = []
    /// Sequence number of `lines[0]`: lines keep their number while older ones are dropped, so
    /// a selection stays on its line.
    public private(set) var firstSequence = 0
    public private(set) var templates: [String: LogTemplateStats] = [:]
    public private(set) var sourceCounts: [String: Int] = [:]
    /// Flagged lines, oldest first, at most `anomalyCapacity`.
    public private(set) var anomalies: [ScoredLogLine] = []
    /// How many of `lines` are flagged: the count beside "N lines" is of the same lines.
    public private(set) var flaggedInLines = 0
    public private(set) var scoreBuckets: [Int64: Double] = [:]
    private var lastClock: Date?
    /// Selection, follow mode and filter of the Logs screen; kept when the data starts over.
    public var ui = LogsUIState()

    public init() {}

    public var templateCounts: [String: Int] { templates.mapValues(\.count) }

    public mutating func ingest(_ new: [ScoredLogLine]) {
        for line in new { ingest(line) }
        if lines.count > Self.capacity + 500 {
            let drop = lines.count - Self.capacity
            flaggedInLines -= lines.prefix(drop).reduce(0) { $0 + ($1.flagged ? 1 : 0) }
            lines.removeFirst(drop)
            firstSequence += drop
        }
        if templates.count > Self.templateCapacity + 1_000 {
            let stale = templates.sorted { $0.value.lastSeen < $1.value.lastSeen }.prefix(templates.count - Self.templateCapacity)
            for (key, _) in stale { templates[key] = nil }
        }
        if scoreBuckets.count > Self.bucketCapacity + 500 {
            for key in scoreBuckets.keys.sorted().prefix(scoreBuckets.count - Self.bucketCapacity) { scoreBuckets[key] = nil }
        }
    }

    private mutating func ingest(_ line: ScoredLogLine) {
        let t = line.record.timestamp, source = line.record.source
        lines.append(line)
        sourceCounts[source, default: 0] += 1
        if var s = templates[line.template] {
            s.count += 1
            s.firstSeen = min(s.firstSeen, t)
            s.lastSeen = max(s.lastSeen, t)
            templates[line.template] = s
        } else {
            templates[line.template] = LogTemplateStats(count: 1, firstSeen: t, lastSeen: t)
        }
        if line.flagged {
            flaggedInLines += 1
            anomalies.append(line)
            if anomalies.count > Self.anomalyCapacity + 100 { anomalies.removeFirst(anomalies.count - Self.anomalyCapacity) }
        }
        let bucket = Self.bucket(t)
        scoreBuckets[bucket] = max(scoreBuckets[bucket] ?? 0, line.score)
    }

    /// The data clock moved. Going back (a replay looping) starts over, as `ClusterState` does on
    /// metrics: lines of the old timeline would mix with the new one. Line timestamps cannot tell
    /// this: live sources interleave (files read from their start, many pods' `0.log`).
    public mutating func clockMoved(to t: Date) {
        if let last = lastClock, t < last.addingTimeInterval(-Self.backwardsTolerance) { startOver() }
        lastClock = t
    }

    /// Drops every line, count and anomaly; the screen's filter stays, the selection follows again.
    public mutating func startOver() {
        var ui = self.ui
        ui.follow = true
        ui.selected = nil
        ui.top = nil
        self = LogsState()
        self.ui = ui
    }

    /// The highest line score with a timestamp in [from, to), to `bucketSeconds`; 0 with no lines.
    public func maxScore(from: Date, to: Date) -> Double {
        guard from < to else { return 0 }
        let first = Self.bucket(from), last = Self.bucket(to.addingTimeInterval(-1e-6))
        var best = 0.0
        if last - first < Int64(scoreBuckets.count) {
            for b in first...last { best = max(best, scoreBuckets[b] ?? 0) }
        } else {
            for (b, v) in scoreBuckets where b >= first && b <= last { best = max(best, v) }
        }
        return best
    }

    static func bucket(_ t: Date) -> Int64 {
        Int64((t.timeIntervalSince1970 / bucketSeconds).rounded(.down))
    }

    /// The sequence number of the line at `index` of `lines`.
    public func sequence(at index: Int) -> Int { firstSequence + index }

    /// The line with sequence number `seq`, if still kept.
    public func line(sequence seq: Int) -> ScoredLogLine? {
        let i = seq - firstSequence
        return lines.indices.contains(i) ? lines[i] : nil
    }

    /// Indices into `lines` that pass the screen's filter, anomalous-only switch and template pin.
    public func visibleIndices() -> [Int] {
        // The draft filters as it is typed; Esc goes back to the applied filter.
        let filter = (ui.filterDraft ?? ui.filterText).flatMap { $0.isEmpty ? nil : LogFilter($0) }
        if filter == nil, !ui.anomalousOnly, ui.template == nil { return Array(lines.indices) }
        return lines.indices.filter { i in
            let l = lines[i]
            if ui.anomalousOnly, !l.flagged { return false }
            if let t = ui.template, l.template != t { return false }
            return filter?.matches(l) ?? true
        }
    }
}

/// The Logs screen's own state: which line is selected, whether it follows the tail, the filter.
public struct LogsUIState: Hashable, Sendable {
    /// The applied `/` filter text (see `LogFilter`).
    public var filterText: String?
    /// Text being typed after `/`; nil when not editing.
    public var filterDraft: String?
    /// Only lines with exactly this template (`t`).
    public var template: String?
    /// Only flagged lines (`a`).
    public var anomalousOnly = false
    /// The newest line stays selected and visible as lines arrive.
    public var follow = true
    /// Sequence number of the selected line when not following.
    public var selected: Int?
    /// Sequence number of the top visible line when not following, so the view holds still.
    public var top: Int?

    public init() {}

    public var isFiltered: Bool { filterText != nil || template != nil || anomalousOnly }
}
