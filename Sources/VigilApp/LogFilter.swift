import Foundation
import VigilCore
import VigilEngine

/// The Logs screen's `/` filter: whitespace-separated terms that must all match (AND).
///
/// A plain word matches the line, its source or its template (case-insensitive); `source:NAME`
/// and `template:TEXT` match one field; `score>0.5`, `score>=X`, `score<X`, `score<=X` compare the
/// score. A value may be double-quoted to hold spaces: `template:"connection <*> refused"`.
public struct LogFilter: Hashable, Sendable {
    public enum Term: Hashable, Sendable {
        case text(String)
        case source(String)
        case template(String)
        case score(Comparison, Double)
    }

    public enum Comparison: String, Hashable, Sendable {
        case greater = ">", greaterOrEqual = ">=", less = "<", lessOrEqual = "<="
    }

    public var terms: [Term]

    public init(_ text: String) { terms = Self.words(text).map(Self.term) }

    public var isEmpty: Bool { terms.isEmpty }

    public func matches(_ line: ScoredLogLine) -> Bool {
        terms.allSatisfy { term in
            switch term {
            case .text(let t):
                return Self.has(line.record.line, t) || Self.has(line.record.source, t) || Self.has(line.template, t)
            case .source(let t): return Self.has(line.record.source, t)
            case .template(let t): return Self.has(line.template, t)
            case .score(let op, let v):
                switch op {
                case .greater: return line.score > v
                case .greaterOrEqual: return line.score >= v
                case .less: return line.score < v
                case .lessOrEqual: return line.score <= v
                }
            }
        }
    }

    private static func has(_ haystack: String, _ needle: String) -> Bool {
        haystack.range(of: needle, options: [.caseInsensitive]) != nil
    }

    /// A word that is not a well-formed `key:value` or `score` comparison is plain text, so a
    /// line holding "score>high" can still be found.
    static func term(_ word: String) -> Term {
        let lower = word.lowercased()
        if lower.hasPrefix("source:"), word.count > 7 { return .source(String(word.dropFirst(7))) }
        if lower.hasPrefix("template:"), word.count > 9 { return .template(String(word.dropFirst(9))) }
        if lower.hasPrefix("score") {
            let rest = lower.dropFirst(5)
            for op in [Comparison.greaterOrEqual, .lessOrEqual, .greater, .less] where rest.hasPrefix(op.rawValue) {
                if let v = Double(rest.dropFirst(op.rawValue.count)), v.isFinite { return .score(op, v) }
            }
        }
        return .text(word)
    }

    /// Splits on spaces outside double quotes and drops the quotes.
    static func words(_ text: String) -> [String] {
        var words: [String] = []
        var current = ""
        var quoted = false
        for ch in text {
            if ch == "\"" { quoted.toggle(); continue }
            if ch.isWhitespace, !quoted {
                if !current.isEmpty { words.append(current); current = "" }
                continue
            }
            current.append(ch)
        }
        if !current.isEmpty { words.append(current) }
        return words
    }
}
