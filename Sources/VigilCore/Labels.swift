import Foundation

/// A Prometheus label set, kept sorted by name so equal sets compare and hash equal.
public struct Labels: Hashable, Sendable, Comparable, CustomStringConvertible, ExpressibleByDictionaryLiteral {
    public private(set) var pairs: [(name: String, value: String)]

    public init(_ dict: [String: String] = [:]) {
        pairs = dict.sorted { $0.key < $1.key }.map { (name: $0.key, value: $0.value) }
    }

    /// From name/value pairs in any order (a name given twice keeps its last value), without
    /// building a dictionary: the hot path of decoding large answers.
    public init(pairs unsorted: [(name: String, value: String)]) {
        // By name, then by position: the later of two equal names comes last and wins.
        let sorted = unsorted.enumerated().sorted { ($0.element.name, $0.offset) < ($1.element.name, $1.offset) }.map(\.element)
        var out: [(name: String, value: String)] = []
        out.reserveCapacity(sorted.count)
        for p in sorted {
            if let last = out.last, last.name == p.name { out[out.count - 1] = p } else { out.append(p) }
        }
        pairs = out
    }

    public init(dictionaryLiteral elements: (String, String)...) {
        self.init(Dictionary(elements, uniquingKeysWith: { _, b in b }))
    }

    public subscript(name: String) -> String? {
        pairs.first { $0.name == name }?.value
    }

    public var dictionary: [String: String] {
        Dictionary(pairs.map { ($0.name, $0.value) }, uniquingKeysWith: { _, b in b })
    }

    public var isEmpty: Bool { pairs.isEmpty }

    /// `{a="1",b="2"}` with values escaped as in the Prometheus exposition format.
    public var description: String {
        "{" + pairs.map { "\($0.name)=\"\(Labels.escape($0.value))\"" }.joined(separator: ",") + "}"
    }

    public static func escape(_ v: String) -> String {
        var out = ""
        for c in v {
            switch c {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            default: out.append(c)
            }
        }
        return out
    }

    public static func == (a: Labels, b: Labels) -> Bool {
        a.pairs.count == b.pairs.count && zip(a.pairs, b.pairs).allSatisfy { $0.name == $1.name && $0.value == $1.value }
    }

    public func hash(into h: inout Hasher) {
        for p in pairs { h.combine(p.name); h.combine(p.value) }
    }

    public static func < (a: Labels, b: Labels) -> Bool { a.description < b.description }
}

/// Identity of one series: metric name and labels.
public struct SeriesKey: Hashable, Sendable, Comparable, CustomStringConvertible {
    public var name: String
    public var labels: Labels
    public init(name: String, labels: Labels) { self.name = name; self.labels = labels }
    public var description: String { labels.isEmpty ? name : name + labels.description }
    public static func < (a: SeriesKey, b: SeriesKey) -> Bool { a.description < b.description }
}
