/// Severity of a line from standard log-level and failure words (syslog, log4j, Python logging,
/// Go/Rust loggers). Not learned: the lists are the common vocabulary of "something went wrong"
/// across systems (and the C library's error messages), so a new failure kind is ranked above a
/// new routine message even before it has ever been seen. One number was chosen on data: the
/// notch `unnamedFailure` (LogHub BGL, see docs/detector-experiments.md).
///
/// A line's own level field wins over the words of its message: an upper-case level token
/// (`INFO`, `[ERROR]`, `FATAL:`) or a `level=`/`lvl=`/`severity=` value is what the program's
/// author chose, so `INFO critical input interrupt … corrected` is routine and `FATAL data storage
/// interrupt` is not, whatever words the message uses. Only lines without a level field fall back
/// to the failure words anywhere in them (measured on LogHub BGL, where 204 of 1,597 INFO lines
/// hold such words: best F1 0.54 → 0.67 train/infer, 0.51 → 0.58 streaming). Within its level, a
/// message naming a failure ranks a notch above one that names none, and a refused request
/// (`requestErrors`) a level below its line.
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
    /// Level names that say "nothing is wrong" when they are the level field.
    static let routine: Set<String> = ["info", "information", "debug", "trace", "notice", "verbose", "fine", "finer", "finest"]
    /// Names of levels, as loggers write them: only these make a token a level field. A failure
    /// word in capitals (`mount FAILED`) is message text, not the line's level.
    static let levelNames: Set<String> = ["fatal", "panic", "emerg", "emergency", "alert", "crit", "critical",
                                          "error", "err", "severe", "warn", "warning"]
    /// Keys whose value is a level (`level=info`, `severity=ERROR`).
    static let levelKeys: Set<String> = ["level", "lvl", "severity", "loglevel"]

    /// The line's level field when it has one, else its failure words: 1 critical, 0.6 error,
    /// 0.3 warning, 0 routine or none; a level field whose message names no failure gets
    /// `unnamedFailure` of its level.
    public static func level(_ tokens: [String]) -> Double {
        guard let field = explicitLevelField(tokens) else { return wordLevel(tokens) }
        guard field.level > 0 else { return 0 }
        return namesFailure(tokens, besides: field.index) ? field.level : field.level * unnamedFailure
    }

    /// Within its level, a line whose message names no failure ranks a notch lower (× this): it is
    /// context printed at the level of an event — a register dump's `instruction address: 0x…`, a
    /// stack frame — rather than the event (`data TLB error interrupt`, `mount FAILED`). A notch,
    /// not a level: 0.9 keeps a critical line far above any error line.
    static let unnamedFailure = 0.9

    /// Whether a token other than the level field at `index` is a failure word (`critical`,
    /// `error` or `warning` vocabulary); in a `key=value` token, its value (`msg="error`).
    static func namesFailure(_ tokens: [String], besides index: Int) -> Bool {
        for (i, t) in tokens.enumerated() where i != index {
            let value = t.firstIndex(of: "=").map { t[t.index(after: $0)...] } ?? t[...]
            let w = letters(value).lowercased()
            if critical.contains(w) || error.contains(w) || warning.contains(w) { return true }
        }
        return false
    }

    /// `level`, one step lower (critical → error → warning → none) when the failure the line
    /// reports is a refused request (`requestError`): the caller's job failed, the system did not.
    public static func lineLevel(_ tokens: [String]) -> Double {
        lineLevel(level: level(tokens), tokens)
    }

    /// `lineLevel` for a `level` already known (the scorer keeps one per template).
    static func lineLevel(level l: Double, _ tokens: [String]) -> Double {
        l > 0 && requestError(tokens) ? stepDown(l) : l
    }

    /// The level below `l`'s (critical above 0.6, error above 0.3, warning above 0).
    static func stepDown(_ l: Double) -> Double {
        l > 0.6 ? 0.6 : l > 0.3 ? 0.3 : 0
    }

    /// The C library's messages (glibc `strerror`) for the errors that say the request was wrong
    /// rather than that the system failed: a path that does not exist or is of the wrong kind,
    /// no permission, a file that is not a program, an argument out of range, a name in use.
    /// All of that class, not a choice among them; the other class (`Input/output error`,
    /// `No space left on device`, `Connection reset by peer`, `Link has been severed`, …) keeps
    /// the line's level. Programs append these to their own words (`open /etc/x: No such file or
    /// directory`), whatever their log format.
    static let requestErrors: [[[UInt8]]] = [
        "Operation not permitted", "No such file or directory", "No such process", "Argument list too long",
        "Exec format error", "Bad file descriptor", "Permission denied", "File exists", "Not a directory",
        "Is a directory", "Invalid argument", "Inappropriate ioctl for device", "File name too long",
        "Directory not empty", "Too many levels of symbolic links", "Numerical argument out of domain",
        "Numerical result out of range", "Function not implemented", "Operation not supported",
        "Address already in use", "Invalid cross-device link",
    ].map { phrase in phrase.lowercased().split(separator: " ").map { Array($0.utf8) } }

    /// Whether the tokens hold one of `requestErrors`, word by word (punctuation around a word is
    /// ignored, so `(No such file or directory)` and `denied,` count). No allocation: most tokens
    /// are dismissed on their first letter.
    public static func requestError(_ tokens: [String]) -> Bool {
        guard tokens.count >= 2 else { return false }
        for i in 0..<(tokens.count - 1) {
            guard let c = tokens[i].utf8.first(where: isLetter), phraseStarts[Int(c | 0x20) - 0x61] else { continue }
            for phrase in requestErrors where i + phrase.count <= tokens.count && phrase[0][0] == c | 0x20 {
                if phrase.indices.allSatisfy({ sameWord(tokens[i + $0], phrase[$0]) }) { return true }
            }
        }
        return false
    }

    /// Which lower-case letters (index from `a`) start a phrase of `requestErrors`.
    static let phraseStarts: [Bool] = (0..<26).map { l in requestErrors.contains { Int($0[0][0]) - 0x61 == l } }

    @inline(__always) static func isLetter(_ b: UInt8) -> Bool { b &- 0x41 < 26 || b &- 0x61 < 26 }

    /// The ASCII letters of `token`, lower-cased, equal `word` (a lower-case word).
    static func sameWord(_ token: String, _ word: [UInt8]) -> Bool {
        var k = 0
        for b in token.utf8 where isLetter(b) {
            guard k < word.count, b | 0x20 == word[k] else { return false }
            k += 1
        }
        return k == word.count
    }

    /// The value of the first level field — an upper-case level name as a whole token (letters
    /// only, so `[WARN]` and `ERROR:` count) or the value of a level key — and the index of its token.
    static func explicitLevelField(_ tokens: [String]) -> (level: Double, index: Int)? {
        for (i, t) in tokens.enumerated() {
            if let eq = t.firstIndex(of: "="), levelKeys.contains(letters(t[..<eq]).lowercased()) {
                if let v = value(letters(t[t.index(after: eq)...]).lowercased()) { return (v, i) }
                continue
            }
            let w = letters(t[...])
            guard w.count >= 3, w.utf8.allSatisfy({ $0 &- 0x41 < 26 }) else { continue }
            let name = w.lowercased()
            if levelNames.contains(name) || routine.contains(name), let v = value(name) { return (v, i) }
        }
        return nil
    }

    /// The highest level of any failure word in the line.
    static func wordLevel(_ tokens: [String]) -> Double {
        var best = 0.0
        for t in tokens {
            // Masked tokens keep their punctuation (`error:`, `[FATAL]`): compare the letters.
            let w = letters(t[...]).lowercased()
            if critical.contains(w) { return 1 }
            if error.contains(w) { best = max(best, 0.6) } else if warning.contains(w) { best = max(best, 0.3) }
        }
        return best
    }

    static func value(_ w: String) -> Double? {
        if critical.contains(w) { return 1 }
        if error.contains(w) { return 0.6 }
        if warning.contains(w) { return 0.3 }
        return routine.contains(w) ? 0 : nil
    }

    @inline(__always) static func letters(_ s: Substring) -> String {
        String(s.unicodeScalars.filter { $0.properties.isAlphabetic })
    }
}
