import Foundation
import Synchronization
import VigilCore

/// Between the network and the log pipeline: a per-sender rate limit (a token bucket per sender
/// address) and a bounded queue. A sender over its rate, or any sender while the queue is full,
/// loses lines, and each is counted by reason: nothing is dropped without a number to show for it.
public final class SyslogIntake: Sendable {
    public struct Settings: Sendable, Equatable {
        /// Lines per second each sender may send on average (0: no limit).
        public var ratePerSender: Double = 5_000
        /// How many lines a sender may send at once above its rate.
        public var burst: Double = 20_000
        /// Lines waiting for the pipeline at most.
        public var queueCapacity: Int = 50_000
        /// Senders whose buckets are kept; beyond it the least recently seen is forgotten.
        public var maxSenders: Int = 4_096
        public init() {}
    }

    /// What the receiver has seen since it started.
    public struct Counts: Sendable, Equatable {
        /// Messages received, by transport (udp, tcp, tls).
        public var received: [String: Int] = [:]
        /// Messages dropped, by reason: `rate_limited` (a sender over its rate) and `queue_full`.
        public var dropped: [String: Int] = [:]
        /// Messages cut at the maximum message length (kept, not dropped).
        public var truncated = 0
        /// Connections accepted (TCP and TLS) and those refused or failed (a bad TLS handshake).
        public var connections = 0
        public var connectionErrors = 0
        public var droppedTotal: Int { dropped.values.reduce(0, +) }
        public init() {}
    }

    private struct Bucket {
        var tokens: Double
        var last: Date
    }

    private struct State {
        var queue: [LogRecord] = []
        var buckets: [String: Bucket] = [:]
        var counts = Counts()
    }

    public let settings: Settings
    private let state = Mutex(State())

    public init(settings: Settings = Settings()) {
        self.settings = settings
    }

    public var counts: Counts { state.withLock { $0.counts } }

    /// Offers one parsed message from `sender` (its address). False when it was dropped.
    @discardableResult
    public func offer(_ record: LogRecord, sender: String, transport: String, now: Date = Date()) -> Bool {
        let settings = settings
        return state.withLock { s in
            s.counts.received[transport, default: 0] += 1
            if settings.ratePerSender > 0 {
                var bucket = s.buckets[sender] ?? Bucket(tokens: settings.burst, last: now)
                bucket.tokens = min(settings.burst, bucket.tokens + max(0, now.timeIntervalSince(bucket.last)) * settings.ratePerSender)
                bucket.last = now
                if bucket.tokens < 1 {
                    s.buckets[sender] = bucket
                    s.counts.dropped["rate_limited", default: 0] += 1
                    return false
                }
                bucket.tokens -= 1
                if s.buckets[sender] == nil, s.buckets.count >= settings.maxSenders,
                   let oldest = s.buckets.min(by: { $0.value.last < $1.value.last })?.key {
                    s.buckets[oldest] = nil
                }
                s.buckets[sender] = bucket
            }
            guard s.queue.count < settings.queueCapacity else {
                s.counts.dropped["queue_full", default: 0] += 1
                return false
            }
            s.queue.append(record)
            return true
        }
    }

    /// Counts what the framing and the connections report.
    public func note(truncated: Int = 0, connection: Bool = false, connectionError: Bool = false) {
        state.withLock { s in
            s.counts.truncated += truncated
            if connection { s.counts.connections += 1 }
            if connectionError { s.counts.connectionErrors += 1 }
        }
    }

    /// Takes every waiting line, oldest first.
    public func take() -> [LogRecord] {
        state.withLock { s in
            defer { s.queue = [] }
            return s.queue
        }
    }
}
