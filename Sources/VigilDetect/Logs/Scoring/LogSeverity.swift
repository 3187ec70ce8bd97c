/// Severity of a line from standard log-level and failure words (syslog, log4j, Python logging,
/// Go/Rust loggers), matched case-insensitively as whole tokens (letters only). Not learned and not tuned to a
/// data set: the list is the common vocabulary of "something went wrong" across systems, so a
/// new failure kind is ranked above a new routine message even before it has ever been seen.
public enum LogSeverity {
    /// Emergencies and crashes (syslog emerg/alert/crit, log4j FATAL, kernel panics).
    static let critical: Set<String> = ["fatal", "panic", "emerg", "emergency", "alert", "crit", "critical"]
    /// Errors and failures (syslog err, log4j ERROR, java SEVERE, failed operations).
    static let error: Set<String> = [
        "error", "err", "errors", "severe", "fail", "failed", "failure", "failures", "exception",
        "abort", "aborted", "timeout", "unreachable", "refused", "denied", "corrupt", "corrupted",
    ]
    /// Warnings.
    static let warning: Set<String> = ["warn", "warning", "warnings"]

    /// 1 for a critical word, else 0.6 for an error word, 0.3 for a warning word, 0 for none.
    public static func level(_ tokens: [String]) -> Double {
        var best = 0.0
        for t in tokens {
            // Masked tokens keep their punctuation (`error:`, `[FATAL]`): compare the letters.
            let w = String(t.unicodeScalars.filter { $0.properties.isAlphabetic }).lowercased()
            if critical.contains(w) { return 1 }
            if error.contains(w) { best = max(best, 0.6) } else if warning.contains(w) { best = max(best, 0.3) }
        }
        return best
    }
}
