import VigilSources
import Foundation

/// When to retry a request and how long to wait first: exponential backoff with full jitter
/// (a uniformly random wait up to `min(cap, base·2^attempt)`), so that many dashboards
/// polling one recovering server do not retry in lockstep.
struct RetryPolicy: Sendable {
    var retries: Int
    var base: Duration = .milliseconds(200)
    var cap: Duration = .seconds(2)
    /// A `Retry-After` up to this long is honoured; a server asking for longer gets no retry, since
    /// the dashboard polls again anyway and should show the failure rather than hang on it.
    var maxRetryAfter: Duration = .seconds(5)

    /// 408, 429 and 5xx may go away on their own; 501 and 505 say the server never will.
    static func isRetryable(status: Int) -> Bool {
        status == 408 || status == 429 || ((500...599).contains(status) && status != 501 && status != 505)
    }

    /// The upper bound of the wait before retry number `attempt + 1` (attempt counts from 0).
    func ceiling(attempt: Int) -> Duration {
        let factor = 1 << min(max(attempt, 0), 20)
        return min(cap, base * factor)
    }

    /// The wait before retry number `attempt + 1`, for a `unit` drawn uniformly from [0, 1).
    func backoff(attempt: Int, unit: Double) -> Duration {
        ceiling(attempt: attempt) * min(max(unit, 0), 1)
    }

    /// The wait before retrying an answer with this `Retry-After`, or nil when it asks for too long.
    func delay(attempt: Int, retryAfter: String?, unit: Double) -> Duration? {
        guard let retryAfter, let asked = Self.parseRetryAfter(retryAfter) else {
            return backoff(attempt: attempt, unit: unit)
        }
        return asked <= maxRetryAfter ? asked : nil
    }

    /// Delta-seconds only: HTTP-date values are rare from APIs and are treated as absent.
    static func parseRetryAfter(_ value: String) -> Duration? {
        guard let s = Int(value.trimmingCharacters(in: .whitespaces)), s >= 0 else { return nil }
        return .seconds(s)
    }
}
