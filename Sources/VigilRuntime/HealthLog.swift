import Foundation
import Synchronization
import VigilCore

/// Turns sources' health reports into log lines at the moments that matter: a source (or one
/// panel's query) failing, its reason changing, and its recovery with how long it was out.
/// Steady reports log nothing.
public final class HealthLog: Sendable {
    public enum Level: Sendable { case warning, info }
    private let emit: @Sendable (Level, String) -> Void
    private let state = Mutex<[String: (reason: String, since: Date)]>([:])

    public init(emit: @escaping @Sendable (Level, String) -> Void) { self.emit = emit }

    /// Notes one report; `now` is when it arrived.
    public func note(_ h: SourceHealth, now: Date = Date()) {
        let line: (Level, String)? = state.withLock { failing in
            switch h.state {
            case .stale(let why), .partial(warnings: let why):
                let reason: String
                if case .partial = h.state { reason = "partial answer: " + why } else { reason = why }
                if let was = failing[h.name], was.reason == reason { return nil }
                let first = failing[h.name] == nil
                failing[h.name] = (reason, failing[h.name]?.since ?? now)
                return (.warning, first ? "\(h.name) failing: \(reason)" : "\(h.name) still failing, now: \(reason)")
            case .ok, .finished:
                guard let was = failing.removeValue(forKey: h.name) else { return nil }
                let out = max(0, now.timeIntervalSince(was.since))
                return (.info, "\(h.name) recovered after \(Int(min(out, 1e9).rounded())) s (was: \(was.reason))")
            }
        }
        if let line { emit(line.0, line.1) }
    }
}
