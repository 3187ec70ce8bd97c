import VigilSources
import Foundation
import Synchronization
import VigilCore

/// Reads a streaming log source for a one-frame snapshot (`vigil --once`): what it gives until it
/// ends by itself, or until it has been quiet for `quiet` after its last message (a pipe that
/// follows, like `tail -f`, never ends) or for `firstWait` before its first, or `limit` has
/// passed, or it has given `maxLines` lines. The source is then cancelled and what it gave is
/// returned.
public enum SourceDrain {
    public struct Result: Sendable {
        public var messages: [SourceMessage]
        /// Log lines among `messages`.
        public var lines: Int
        /// Why reading stopped before the source ended; nil when it ended by itself.
        public var cutShort: Cut?
    }

    public enum Cut: Sendable, Equatable {
        case quiet(Duration)
        case limit(Duration)
        case lines(Int)
    }

    /// - Parameter run: runs the source, sending to the sink it is given, and returns when the
    ///   source ends or its task is cancelled.
    public static func collect(quiet: Duration = .seconds(1), firstWait: Duration = .seconds(3), limit: Duration = .seconds(10),
                               maxLines: Int = 500_000,
                               run: @escaping @Sendable (@escaping @Sendable (SourceMessage) -> Void) async -> Void) async -> Result {
        let clock = ContinuousClock()
        let start = clock.now
        struct State { var messages: [SourceMessage] = []; var lines = 0; var last: ContinuousClock.Instant?; var ended = false }
        let state = Mutex(State())
        let task = Task.detached {
            await run { m in
                state.withLock {
                    $0.messages.append(m)
                    if case .logs(let records) = m { $0.lines += records.count }
                    $0.last = clock.now
                }
            }
            state.withLock { $0.ended = true }
        }
        var cut: Cut?
        while cut == nil {
            let (ended, last, lines) = state.withLock { ($0.ended, $0.last, $0.lines) }
            if ended { break }
            let now = clock.now
            if lines >= maxLines {
                cut = .lines(maxLines)
            } else if now - start >= limit {
                cut = .limit(limit)
            } else if let last, now - last >= quiet {
                cut = .quiet(quiet)
            } else if last == nil, now - start >= max(firstWait, quiet) {
                cut = .quiet(max(firstWait, quiet))
            } else {
                try? await Task.sleep(for: .milliseconds(20))
            }
        }
        if cut != nil {
            task.cancel()
            await task.value
        }
        return state.withLock { Result(messages: $0.messages, lines: $0.lines, cutShort: cut) }
    }
}

extension SourceDrain.Cut {
    /// Why reading stopped, for a note on stderr ("… it was still open after 1 s without a line").
    public var description: String {
        switch self {
        case .quiet(let d): "it was still open after \(Self.seconds(d)) without a line (a pipe that follows never ends)"
        case .limit(let d): "it was still sending after \(Self.seconds(d)); the rest was left unread"
        case .lines(let n): "it had more than \(n) lines; the rest was left unread"
        }
    }

    static func seconds(_ d: Duration) -> String {
        let s = Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
        return s == s.rounded() ? "\(Int(s)) s" : String(format: "%.1f s", s)
    }
}
