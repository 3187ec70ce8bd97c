import Foundation
import VigilCore
import VigilSources

/// Reads a successful `/api/v1/query` or `/api/v1/query_range` answer straight from its bytes into
/// samples, in one pass and without a JSON tree: `JSONDecoder` spent about 1 s and 50–100 MB on a
/// 10 MB answer, most of it in generic decoding machinery. Metric and label names repeat in every
/// series and are kept once per answer.
///
/// It only takes the shape Prometheus and Thanos send (`{"status":"success","data":{"resultType":…,
/// "result":[…]},"warnings":[…]}`, keys in any order, unknown keys skipped). Anything else — an
/// error answer, malformed JSON, an unknown result type — returns nil, and the caller decodes with
/// `JSONDecoder`, whose errors say what was wrong.
struct QueryAnswerScanner {
    struct Answer {
        var result: QueryResult
        var warnings: [String]
    }

    private struct Unreadable: Error {}

    private let bytes: UnsafeBufferPointer<UInt8>
    private var i = 0
    private var names: [String: String] = [:]

    private init(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    /// The answer, or nil when it is not a successful answer of the expected shape.
    static func scan(_ body: [UInt8]) -> Answer? {
        body.withUnsafeBufferPointer { buffer in
            var scanner = QueryAnswerScanner(buffer)
            return try? scanner.answer()
        }
    }

    // MARK: the answer's shape

    private struct Item {
        var key: SeriesKey
        var value: (Double, Double)?
        var values: [(Double, Double)]?
    }

    private mutating func answer() throws -> Answer {
        var status: String?, warnings: [String] = []
        var type: String?, items: [Item]?, pair: (Double, String)?
        try object { s, key in
            switch key {
            case "status": status = try s.string()
            case "warnings":
                if try s.null() { break }
                try s.array { s in warnings.append(try s.string()) }
            case "data":
                try s.object { s, key in
                    switch key {
                    case "resultType": type = try s.string()
                    case "result": try s.result(items: &items, pair: &pair)
                    default: try s.skip()
                    }
                }
            default: try s.skip()
            }
        }
        skipSpace()
        guard i == bytes.count, status == "success", let type else { throw Unreadable() }
        switch type {
        case "vector":
            guard let items else { throw Unreadable() }
            var samples: [Sample] = []
            samples.reserveCapacity(items.count)
            for item in items {
                if let v = item.value { samples.append(Sample(key: item.key, value: v.1, timestamp: Date(timeIntervalSince1970: v.0))) }
            }
            return Answer(result: .vector(samples), warnings: warnings)
        case "matrix":
            guard let items else { throw Unreadable() }
            let series = items.compactMap { item in
                item.values.map { RangeSeries(key: item.key, times: $0.map { Date(timeIntervalSince1970: $0.0) }, values: $0.map(\.1)) }
            }
            return Answer(result: .matrix(series), warnings: warnings)
        case "scalar":
            guard let pair, let v = WireSamplePair.parse(pair.1) else { throw Unreadable() }
            return Answer(result: .scalar(Date(timeIntervalSince1970: pair.0), v), warnings: warnings)
        case "string":
            guard let pair else { throw Unreadable() }
            return Answer(result: .string(Date(timeIntervalSince1970: pair.0), pair.1), warnings: warnings)
        default:
            throw Unreadable()
        }
    }

    /// `result`: a list of series (vector, matrix) or one `[time, "text"]` pair (scalar, string).
    private mutating func result(items: inout [Item]?, pair: inout (Double, String)?) throws {
        skipSpace()
        guard i < bytes.count, bytes[i] == UInt8(ascii: "[") else { throw Unreadable() }
        // A pair starts with a number; a list of series with an object (or is empty).
        var j = i + 1
        while j < bytes.count, Self.isSpace(bytes[j]) { j += 1 }
        if j < bytes.count, bytes[j] != UInt8(ascii: "{"), bytes[j] != UInt8(ascii: "]") {
            var time = 0.0, text = ""
            var n = 0
            try array { s in
                if n == 0 { time = try s.number() } else if n == 1 { text = try s.string() } else { throw Unreadable() }
                n += 1
            }
            guard n == 2 else { throw Unreadable() }
            pair = (time, text)
            return
        }
        var list: [Item] = []
        try array { s in list.append(try s.item()) }
        items = list
    }

    private mutating func item() throws -> Item {
        var name = "", labels: [(String, String)] = [], value: (Double, Double)?, values: [(Double, Double)]?
        try object { s, key in
            switch key {
            case "metric":
                try s.object { s, label in
                    let v = try s.string()
                    if label == "__name__" { name = s.interned(v) } else { labels.append((label, v)) }
                }
            case "value": value = try s.samplePair()
            case "values":
                var list: [(Double, Double)] = []
                try s.array { s in list.append(try s.samplePair()) }
                values = list
            default: try s.skip() // histogram, histograms: no single value to show
            }
        }
        return Item(key: SeriesKey(name: name, labels: Labels(pairs: labels.map { (name: $0.0, value: $0.1) })), value: value, values: values)
    }

    /// `[1700000000.123, "42"]`.
    private mutating func samplePair() throws -> (Double, Double) {
        var time = 0.0, value = 0.0, n = 0
        try array { s in
            if n == 0 { time = try s.number() } else if n == 1 {
                guard let v = WireSamplePair.parse(try s.string()) else { throw Unreadable() }
                value = v
            } else { throw Unreadable() }
            n += 1
        }
        guard n == 2 else { throw Unreadable() }
        return (time, value)
    }

    /// One copy of each name per answer.
    private mutating func interned(_ s: String) -> String {
        if let known = names[s] { return known }
        names[s] = s
        return s
    }

    // MARK: JSON

    private static func isSpace(_ c: UInt8) -> Bool { c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09 }

    private mutating func skipSpace() {
        while i < bytes.count, Self.isSpace(bytes[i]) { i += 1 }
    }

    private mutating func expect(_ c: UInt8) throws {
        skipSpace()
        guard i < bytes.count, bytes[i] == c else { throw Unreadable() }
        i += 1
    }

    /// `{ "key": value, … }`: `body` reads each value (and must consume it).
    private mutating func object(_ body: (inout QueryAnswerScanner, String) throws -> Void) throws {
        try expect(UInt8(ascii: "{"))
        skipSpace()
        if i < bytes.count, bytes[i] == UInt8(ascii: "}") { i += 1; return }
        while true {
            let key = interned(try string())
            try expect(UInt8(ascii: ":"))
            try body(&self, key)
            skipSpace()
            guard i < bytes.count else { throw Unreadable() }
            if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
            if bytes[i] == UInt8(ascii: "}") { i += 1; return }
            throw Unreadable()
        }
    }

    /// `[ value, … ]`: `body` reads each element.
    private mutating func array(_ body: (inout QueryAnswerScanner) throws -> Void) throws {
        try expect(UInt8(ascii: "["))
        skipSpace()
        if i < bytes.count, bytes[i] == UInt8(ascii: "]") { i += 1; return }
        while true {
            try body(&self)
            skipSpace()
            guard i < bytes.count else { throw Unreadable() }
            if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
            if bytes[i] == UInt8(ascii: "]") { i += 1; return }
            throw Unreadable()
        }
    }

    /// True (and consumed) when the next value is `null`.
    private mutating func null() throws -> Bool {
        skipSpace()
        guard i + 4 <= bytes.count, bytes[i] == UInt8(ascii: "n") else { return false }
        guard bytes[i + 1] == UInt8(ascii: "u"), bytes[i + 2] == UInt8(ascii: "l"), bytes[i + 3] == UInt8(ascii: "l") else { throw Unreadable() }
        i += 4
        return true
    }

    private mutating func string() throws -> String {
        try expect(UInt8(ascii: "\""))
        let start = i
        while i < bytes.count {
            let c = bytes[i]
            if c == UInt8(ascii: "\"") {
                let s = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<i]), as: UTF8.self)
                i += 1
                return s
            }
            if c == UInt8(ascii: "\\") { return try escapedString(from: start) }
            if c < 0x20 { throw Unreadable() }
            i += 1
        }
        throw Unreadable()
    }

    /// The rest of a string that has escapes, from its first byte at `start`.
    private mutating func escapedString(from start: Int) throws -> String {
        var out = Array(bytes[start..<i])
        func hex4(_ at: Int) throws -> UInt32 {
            guard at + 4 <= bytes.count else { throw Unreadable() }
            var v: UInt32 = 0
            for k in at..<(at + 4) {
                let c = bytes[k]
                let d: UInt8
                switch c {
                case 0x30...0x39: d = c - 0x30
                case 0x41...0x46: d = c - 0x41 + 10
                case 0x61...0x66: d = c - 0x61 + 10
                default: throw Unreadable()
                }
                v = v << 4 | UInt32(d)
            }
            return v
        }
        while i < bytes.count {
            let c = bytes[i]
            if c == UInt8(ascii: "\"") { i += 1; return String(decoding: out, as: UTF8.self) }
            if c < 0x20 { throw Unreadable() }
            guard c == UInt8(ascii: "\\") else { out.append(c); i += 1; continue }
            guard i + 1 < bytes.count else { throw Unreadable() }
            let e = bytes[i + 1]
            i += 2
            switch e {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(e)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"):
                var scalar = try hex4(i)
                i += 4
                // A surrogate pair: \uD83D\uDE00.
                if (0xD800...0xDBFF).contains(scalar), i + 6 <= bytes.count, bytes[i] == UInt8(ascii: "\\"), bytes[i + 1] == UInt8(ascii: "u") {
                    let low = try hex4(i + 2)
                    if (0xDC00...0xDFFF).contains(low) {
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                        i += 6
                    }
                }
                out.append(contentsOf: Array(String(Unicode.Scalar(scalar).map(Character.init) ?? "\u{FFFD}").utf8))
            default: throw Unreadable()
            }
        }
        throw Unreadable()
    }

    private mutating func number() throws -> Double {
        skipSpace()
        let start = i
        while i < bytes.count {
            let c = bytes[i]
            guard (0x30...0x39).contains(c) || c == UInt8(ascii: "-") || c == UInt8(ascii: "+") || c == UInt8(ascii: ".")
                    || c == UInt8(ascii: "e") || c == UInt8(ascii: "E") else { break }
            i += 1
        }
        guard i > start, let v = Double(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<i]), as: UTF8.self)) else {
            throw Unreadable()
        }
        return v
    }

    /// Any value, read and dropped.
    private mutating func skip() throws {
        skipSpace()
        guard i < bytes.count else { throw Unreadable() }
        switch bytes[i] {
        case UInt8(ascii: "{"): try object { s, _ in try s.skip() }
        case UInt8(ascii: "["): try array { s in try s.skip() }
        case UInt8(ascii: "\""): _ = try string()
        case UInt8(ascii: "t"), UInt8(ascii: "f"), UInt8(ascii: "n"):
            let word: [UInt8] = bytes[i] == UInt8(ascii: "t") ? Array("true".utf8) : bytes[i] == UInt8(ascii: "f") ? Array("false".utf8) : Array("null".utf8)
            guard i + word.count <= bytes.count, Array(bytes[i..<(i + word.count)]) == word else { throw Unreadable() }
            i += word.count
        default: _ = try number()
        }
    }
}
