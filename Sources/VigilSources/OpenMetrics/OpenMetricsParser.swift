import Foundation
import VigilCore

/// Reads OpenMetrics text (and Prometheus text, which has no `# EOF`) into samples.
///
/// Works on the UTF-8 bytes: the bundled recording has a quarter of a million lines. Series lines
/// come grouped, so a line that starts with the same series text as the one before reuses its
/// parsed key instead of parsing the labels again.
///
/// Timestamps are seconds (OpenMetrics), fractions allowed; a value of 1e11 or more can only be a
/// Prometheus-text millisecond timestamp (seconds would be past the year 5000) and is read as one.
/// Samples without a timestamp get `defaultTimestamp`, the instant of the scrape.
public enum OpenMetricsParser {
    /// - Parameter requireEOF: the text must end with `# EOF`, as an OpenMetrics file does (a
    ///   recording): without it the file was cut short, and its last line may be cut too.
    public static func parse(_ text: String, defaultTimestamp: Date = Date(), requireEOF: Bool = false) throws -> [Sample] {
        var text = text
        return try text.withUTF8 { bytes in
            var parser = OpenMetricsLineParser(bytes: bytes, defaultTimestamp: defaultTimestamp)
            let samples = try parser.parseAll()
            if requireEOF, !parser.sawEOF {
                throw OpenMetricsError(line: parser.lines, message: "the file ends without '# EOF': it was cut short (an interrupted copy?), "
                                       + "and its last line may be cut too; an OpenMetrics file ends with '# EOF'")
            }
            return samples
        }
    }
}

/// The byte-level state machine behind `OpenMetricsParser`.
struct OpenMetricsLineParser {
    private let b: UnsafeBufferPointer<UInt8>
    private let defaultTimestamp: Date
    private var i = 0          // read position
    private var lineEnd = 0    // end of the current line, without "\r\n"
    private var lineNumber = 0
    // The previous sample's series text (bytes [start, start+length)) and its parsed key.
    private var previousStart = 0
    private var previousLength = 0
    private var previousKey: SeriesKey?

    init(bytes: UnsafeBufferPointer<UInt8>, defaultTimestamp: Date) {
        b = bytes; self.defaultTimestamp = defaultTimestamp
    }

    /// Whether `# EOF` was read, and how many lines there were (after `parseAll`).
    private(set) var sawEOF = false
    var lines: Int { lineNumber }

    mutating func parseAll() throws -> [Sample] {
        var samples: [Sample] = []
        var next = 0
        while next < b.count {
            lineNumber += 1
            i = next
            var end = i
            while end < b.count, b[end] != 10 { end += 1 }
            next = end + 1
            lineEnd = end > i && b[end - 1] == 13 ? end - 1 : end
            skipSpaces()                   // Prometheus text tolerates indentation
            if sawEOF {
                if lineEnd > i { throw fail("unexpected content after '# EOF'") }
                continue
            }
            if lineEnd == i { continue }   // blank lines: allowed in Prometheus text
            if b[i] == 35 {                // '#'
                sawEOF = try comment()
            } else {
                samples.append(try sample())
            }
        }
        return samples
    }

    private func fail(_ message: String) -> OpenMetricsError {
        OpenMetricsError(line: lineNumber, message: message)
    }

    // MARK: comments

    /// `# HELP`, `# TYPE`, `# UNIT` and `# EOF`; other comments are allowed in Prometheus text.
    private mutating func comment() throws -> Bool {
        let words = String(decoding: UnsafeBufferPointer(rebasing: b[i..<lineEnd]), as: UTF8.self)
            .split(separator: " ", maxSplits: 3, omittingEmptySubsequences: true)
        guard words.count >= 2, words[0] == "#" else { return false }
        switch words[1] {
        case "EOF":
            return words.count == 2
        case "TYPE":
            guard words.count == 4 else { throw fail("expected '# TYPE <name> <type>'") }
            let kinds: Set<Substring> = ["counter", "gauge", "histogram", "gaugehistogram", "stateset", "info",
                                         "summary", "unknown", "untyped"]
            guard kinds.contains(words[3]) else { throw fail("unknown metric type '\(words[3])'") }
        case "HELP", "UNIT":
            guard words.count >= 3 else { throw fail("expected a metric name after '# \(words[1])'") }
        default:
            break
        }
        return false
    }

    // MARK: samples

    private mutating func sample() throws -> Sample {
        let start = i
        let key: SeriesKey
        if let cached = previousKey, sameSeriesAsPrevious(start) {
            key = cached
            i = start + previousLength
        } else {
            key = try seriesKey()
            previousStart = start; previousLength = i - start; previousKey = key
        }
        guard i < lineEnd, b[i] == 32 || b[i] == 9 else {
            throw fail(i < lineEnd ? "unexpected character '\(char(i))' after \(key.labels.isEmpty ? "metric name" : "labels")"
                                   : "expected a value after the series")
        }
        skipSpaces()
        let value = try number(what: "value")
        var timestamp = defaultTimestamp
        skipSpaces()
        let hasTimestamp = i < lineEnd && b[i] != 35
        if hasTimestamp {
            var seconds = try number(what: "timestamp")
            if seconds >= 1e11 { seconds /= 1000 }
            timestamp = Date(timeIntervalSince1970: seconds)
            skipSpaces()
        }
        // Anything left must be an exemplar (`# {...} value`), which a dashboard does not need.
        if i < lineEnd, b[i] != 35 { throw fail("unexpected text after the \(hasTimestamp ? "timestamp" : "value")") }
        return Sample(key: key, value: value, timestamp: timestamp)
    }

    /// The line starts with exactly the previous series text, followed by a separator.
    private func sameSeriesAsPrevious(_ start: Int) -> Bool {
        let n = previousLength
        guard n > 0, start + n < lineEnd, b[start + n] == 32 || b[start + n] == 9, let base = b.baseAddress
        else { return false }
        return memcmp(base + start, base + previousStart, n) == 0
    }

    private mutating func seriesKey() throws -> SeriesKey {
        guard i < lineEnd, isNameStart(b[i]) else { throw fail("expected a metric name, found '\(char(i))'") }
        let nameStart = i
        while i < lineEnd, isNameStart(b[i]) || isDigit(b[i]) { i += 1 }
        let name = string(nameStart, i)
        guard i < lineEnd, b[i] == 123 else { return SeriesKey(name: name, labels: Labels()) }  // '{'
        i += 1
        var labels: [String: String] = [:]
        while true {
            skipSpaces()
            guard i < lineEnd else { throw fail("expected '}' to close the labels") }
            if b[i] == 125 { i += 1; break }   // '}', also after a trailing comma
            guard isNameStart(b[i]), b[i] != 58 else { throw fail("expected a label name, found '\(char(i))'") }
            let labelStart = i
            while i < lineEnd, (isNameStart(b[i]) && b[i] != 58) || isDigit(b[i]) { i += 1 }
            let label = string(labelStart, i)
            skipSpaces()
            guard i < lineEnd, b[i] == 61 else { throw fail("expected '=' after label name") }
            i += 1
            skipSpaces()
            guard i < lineEnd, b[i] == 34 else { throw fail("expected '\"' to open the value of label '\(label)'") }
            i += 1
            let value = try labelValue(label)
            guard labels.updateValue(value, forKey: label) == nil else { throw fail("duplicate label '\(label)'") }
            skipSpaces()
            guard i < lineEnd else { throw fail("expected '}' to close the labels") }
            if b[i] == 44 { i += 1; continue }   // ','
            if b[i] == 125 { i += 1; break }
            throw fail("expected ',' or '}' after the value of label '\(label)'")
        }
        return SeriesKey(name: name, labels: Labels(labels))
    }

    /// A quoted label value after its opening quote, with `\\`, `\"` and `\n` escapes.
    private mutating func labelValue(_ label: String) throws -> String {
        let start = i
        var escaped: [UInt8]?
        while i < lineEnd {
            let c = b[i]
            if c == 34 {   // closing '"'
                i += 1
                return escaped.map { String(decoding: $0, as: UTF8.self) } ?? string(start, i - 1)
            }
            if c == 92 {   // '\'
                guard i + 1 < lineEnd else { break }
                if escaped == nil { escaped = Array(b[start..<i]) }
                switch b[i + 1] {
                case 92: escaped?.append(92)
                case 34: escaped?.append(34)
                case 110: escaped?.append(10)
                default: throw fail("invalid escape '\\\(char(i + 1))' in the value of label '\(label)'")
                }
                i += 2
                continue
            }
            escaped?.append(c)
            i += 1
        }
        throw fail("unterminated value of label '\(label)'")
    }

    /// A float, `NaN`, `+Inf` or `-Inf`; plain integers take a fast path.
    private mutating func number(what: String) throws -> Double {
        let start = i
        while i < lineEnd, b[i] != 32, b[i] != 9 { i += 1 }
        guard i > start else { throw fail("expected a \(what)") }
        var k = start, negative = false
        if b[k] == 45 || b[k] == 43 { negative = b[k] == 45; k += 1 }
        if k < i, i - k <= 15 {
            var v: Int64 = 0
            var j = k
            while j < i, isDigit(b[j]) { v = v * 10 + Int64(b[j] - 48); j += 1 }
            if j == i { return Double(negative ? -v : v) }
        }
        let token = string(start, i)
        switch token {
        case "NaN": return .nan
        case "+Inf", "Inf": return .infinity
        case "-Inf": return -.infinity
        default:
            // Double(_:) also takes "nan", "infinity" and hex floats; only decimal digits are valid here.
            guard let first = token.utf8.first, isDigit(first) || first == 45 || first == 43 || first == 46,
                  let v = Double(token), v.isFinite else { throw fail("invalid \(what) '\(token)'") }
            return v
        }
    }

    // MARK: bytes

    private mutating func skipSpaces() { while i < lineEnd, b[i] == 32 || b[i] == 9 { i += 1 } }
    private func isDigit(_ c: UInt8) -> Bool { c >= 48 && c <= 57 }
    /// `[a-zA-Z_:]`
    private func isNameStart(_ c: UInt8) -> Bool { (c | 0x20 >= 97 && c | 0x20 <= 122) || c == 95 || c == 58 }
    private func string(_ from: Int, _ to: Int) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: b[from..<to]), as: UTF8.self)
    }
    private func char(_ at: Int) -> String { at < lineEnd ? string(at, at + 1) : "end of line" }
}
