import Foundation
import VigilCore

/// What the Logs screen knows: the most recent scored lines and per-template counts.
public struct LogsState: Sendable {
    public static let capacity = 5_000
    public private(set) var lines: [ScoredLogLine] = []
    public private(set) var templateCounts: [String: Int] = [:]

    public init() {}

    public mutating func ingest(_ new: [ScoredLogLine]) {
        for l in new { templateCounts[l.template, default: 0] += 1 }
        lines.append(contentsOf: new)
        if lines.count > Self.capacity + 500 { lines.removeFirst(lines.count - Self.capacity) }
    }
}
