import Foundation
import Synchronization
import VigilCore

/// What `vigil serve` counts as messages pass: sources' health (readiness, source errors by
/// reason), log lines read and flagged by template. Thread-safe; fed from the sources' sink and
/// the engine's scored-lines callback.
public final class ServeStats: Sendable {
    /// Templates flagged get a label of their own up to this many (the first ones flagged); the
    /// rest count under `template="other"`, so /metrics stays bounded whatever the logs hold
    /// (the reference exported one series per prediction).
    public static let namedTemplates = 20

    public struct Counts: Sendable, Equatable {
        public var linesRead = 0
        public var linesFlagged = 0
        public var flaggedByTemplate: [String: Int] = [:]
        /// Source → reason class → outages (a source going from answering to failing, or failing
        /// with a new reason).
        public var sourceErrors: [String: [String: Int]] = [:]
        /// Source → whether its latest report was an answer (ok, partial, finished).
        public var sourceUp: [String: Bool] = [:]
        /// Sources that have answered at least once.
        public var answered: Set<String> = []
        /// Messages with metrics ingested, and the newest data time seen.
        public var batches = 0
        public var lastDataTime: Date?
    }

    private struct State {
        var counts = Counts()
        var lastReason: [String: String] = [:]
    }

    private let state = Mutex(State())
    /// Sources that must answer before /-/ready says so (the replay, or Prometheus and
    /// Alertmanager as configured); any other source that reports (a log file, the journal) must
    /// too once it has reported.
    public let expected: Set<String>

    public init(expected: Set<String>) {
        self.expected = expected
    }

    public var counts: Counts { state.withLock { $0.counts } }

    /// Ready once every expected source, and every other source that has reported, has answered
    /// at least once; the sources still waiting otherwise.
    public var waitingFor: [String] {
        state.withLock { s in
            let reported = Set(s.counts.sourceUp.keys)
            return expected.union(reported).subtracting(s.counts.answered).sorted()
        }
    }

    public var isReady: Bool { waitingFor.isEmpty }

    /// Takes every message the sources send.
    public func note(_ message: SourceMessage) {
        state.withLock { s in
            switch message {
            case .health(let h):
                // Per-panel reports speak for their source too.
                let source = h.source
                switch h.state {
                case .ok, .partial, .finished:
                    s.counts.answered.insert(source)
                    s.counts.sourceUp[source] = true
                    s.lastReason[source] = nil
                case .stale(let reason):
                    let cls = Self.reasonClass(reason)
                    if s.lastReason[source] != cls {
                        s.counts.sourceErrors[source, default: [:]][cls, default: 0] += 1
                        s.lastReason[source] = cls
                    }
                    s.counts.sourceUp[source] = false
                }
            case .metrics(let batch):
                s.counts.batches += 1
                s.counts.lastDataTime = max(s.counts.lastDataTime ?? batch.timestamp, batch.timestamp)
            default:
                break
            }
        }
    }

    /// Takes each batch of log lines as the log detector scored it.
    public func note(scored lines: [ScoredLogLine]) {
        guard !lines.isEmpty else { return }
        state.withLock { s in
            s.counts.linesRead += lines.count
            for line in lines where line.flagged {
                s.counts.linesFlagged += 1
                let byTemplate = s.counts.flaggedByTemplate
                let namedSoFar = byTemplate.count - (byTemplate["other"] == nil ? 0 : 1)
                let own = byTemplate[line.template] != nil || namedSoFar < Self.namedTemplates
                s.counts.flaggedByTemplate[own ? line.template : "other", default: 0] += 1
            }
        }
    }

    /// A bounded label for an outage's reason (the text itself can hold addresses and names).
    static func reasonClass(_ reason: String) -> String {
        let r = reason.lowercased()
        if r.contains("timed out") || r.contains("timeout") || r.contains("deadline") { return "timeout" }
        if r.contains("tls") || r.contains("certificate") || r.contains("ssl") { return "tls" }
        if r.contains("refused") || r.contains("connect") || r.contains("unreachable") || r.contains("resolve")
            || r.contains("host") || r.contains("network") { return "connection" }
        if r.contains("401") || r.contains("403") || r.contains("unauthori") || r.contains("forbidden") { return "auth" }
        if r.contains("http") || r.contains("status") { return "http" }
        if r.contains("json") || r.contains("decode") || r.contains("pars") || r.contains("malformed")
            || r.contains("invalid") { return "parse" }
        if r.contains("no such file") || r.contains("permission") || r.contains("not found") { return "file" }
        return "other"
    }
}
