import Foundation
import VigilCore

/// One sample of the exposition: a metric family, its labels and value. `ServeMetrics.samples`
/// makes the whole set from the engine's state on each scrape; `MetricsExporter` writes it.
public struct ExportedSample: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable { case gauge, counter }
    public var name: String
    public var kind: Kind
    public var labels: [Label]
    /// Labels already written (`MetricsExporter.renderLabels`), before `labels`: a series' own
    /// labels rendered once for the several samples it has.
    public var rendered: String?
    public var value: Double
    public struct Label: Sendable, Hashable {
        public var name: String
        public var value: String
        public init(_ name: String, _ value: String) { self.name = name; self.value = value }
    }
    public init(_ name: String, _ kind: Kind = .gauge, _ labels: [Label] = [], _ value: Double) {
        self.name = name; self.kind = kind; self.labels = labels; self.value = value
    }
    public init(_ name: String, _ kind: Kind = .gauge, rendered: String, _ labels: [Label], _ value: Double) {
        self.init(name, kind, labels, value)
        self.rendered = rendered.isEmpty ? nil : rendered
    }
    public init(_ name: String, _ kind: Kind = .gauge, _ labels: [String: String], _ value: Double) {
        self.init(name, kind, labels.sorted { $0.key < $1.key }.map { Label($0.key, $0.value) }, value)
    }
}

/// Writes samples as the Prometheus text format 0.0.4 or OpenMetrics 1.0: families in the order
/// they first appear, each with `# HELP` and `# TYPE`; names made valid, label values and help
/// escaped; a value not known (NaN) or infinite left out, as a series that is not there (to a
/// rule, absent means unknown); a repeated series written once. Every scrape writes the engine's
/// state of that moment, so a series the engine forgot is gone from the next scrape.
///
/// Written here rather than with swift-prometheus: its registry adds a labelled series by
/// copying the family, so registering 50,000 series (10,000 watched series × 5 families) took
/// 77 s, and a scrape after that 300 ms (`vigil-lab bench serve`; docs/DECISIONS.md).
/// `promtool check metrics` passes on the output (`ServeAlertingTests`).
///
/// ```swift
/// let text = MetricsExporter(help: ServeMetrics.help).render(samples, openMetrics: false)
/// ```
public struct MetricsExporter: Sendable {
    /// What `# HELP` says for each family.
    private let help: @Sendable (String) -> String

    public init(help: @escaping @Sendable (String) -> String) {
        self.help = help
    }

    /// Content types of the two formats.
    public static let textContentType = "text/plain; version=0.0.4; charset=utf-8"
    public static let openMetricsContentType = "application/openmetrics-text; version=1.0.0; charset=utf-8"

    /// Whether a scraper's Accept header asks for OpenMetrics (Prometheus does, with text as a fallback).
    public static func wantsOpenMetrics(accept: String?) -> Bool {
        guard let accept else { return false }
        return accept.lowercased().contains("application/openmetrics-text")
    }

    public func render(_ samples: [ExportedSample], openMetrics: Bool) -> String {
        // Families in first-seen order, samples in order within each.
        var families: [(name: String, kind: ExportedSample.Kind, indices: [Int])] = []
        var byName: [String: Int] = [:]
        for (i, s) in samples.enumerated() where s.value.isFinite {
            // A series' samples cycle through a few families: look among the newest ones first
            // (names from one literal compare by pointer) before hashing the name.
            var found: Int?
            for k in families.indices.suffix(12).reversed() where families[k].name == s.name { found = k; break }
            if found == nil { found = byName[s.name] }
            if let k = found {
                families[k].indices.append(i)
            } else {
                byName[s.name] = families.count
                families.append((s.name, s.kind, [i]))
            }
        }
        var out: [UInt8] = []
        out.reserveCapacity(samples.count * 110 + 4096)
        var written = Set<Int>()
        for entry in families {
            let family = entry.name
            let name = Self.metricName(family)
            // OpenMetrics names a counter family without its `_total` (its samples keep it).
            let meta = openMetrics && entry.kind == .counter && name.hasSuffix("_total") ? String(name.dropLast(6)) : name
            out.append(contentsOf: "# HELP \(meta) \(Self.escapeHelp(help(family), quotes: openMetrics))\n# TYPE \(meta) \(entry.kind.rawValue)\n".utf8)
            written.removeAll(keepingCapacity: true)
            for i in entry.indices {
                let s = samples[i]
                let start = out.count
                out.append(contentsOf: name.utf8)
                if s.rendered != nil || !s.labels.isEmpty {
                    out.append(UInt8(ascii: "{"))
                    if let r = s.rendered { out.append(contentsOf: r.utf8) }
                    Self.appendLabels(s.labels, to: &out, afterOthers: s.rendered != nil)
                    out.append(UInt8(ascii: "}"))
                }
                // A series written twice (two label sets made equal by sanitising) would make
                // Prometheus reject the whole scrape: the first is kept. Compared by a 64-bit hash
                // of the line (a collision among a million series is about one in 10^7).
                var h = Hasher()
                out[start...].withUnsafeBytes { h.combine(bytes: $0) }
                guard written.insert(h.finalize()).inserted else {
                    out.removeSubrange(start...)
                    continue
                }
                out.append(UInt8(ascii: " "))
                out.append(contentsOf: Self.format(s.value).utf8)
                out.append(UInt8(ascii: "\n"))
            }
        }
        if openMetrics { out.append(contentsOf: "# EOF\n".utf8) }
        return String(decoding: out, as: UTF8.self)
    }

    /// Labels as written between the braces: `a="x",b="y"`, names made valid, values escaped.
    public static func renderLabels(_ labels: [ExportedSample.Label]) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(labels.count * 24)
        appendLabels(labels, to: &out, afterOthers: false)
        return String(decoding: out, as: UTF8.self)
    }

    static func appendLabels(_ labels: [ExportedSample.Label], to out: inout [UInt8], afterOthers: Bool) {
        var first = !afterOthers
        var previous = ""
        for l in labels {
            let label = labelName(l.name)
            // A label name given twice in a row is written once (`ServeMetrics` sorts the names
            // and makes them unique; this only keeps a careless caller's output parseable).
            if label == previous { continue }
            previous = label
            if !first { out.append(UInt8(ascii: ",")) }
            first = false
            out.append(contentsOf: label.utf8)
            out.append(contentsOf: "=\"".utf8)
            appendEscaped(l.value, to: &out)
            out.append(UInt8(ascii: "\""))
        }
    }

    /// A finite value as Prometheus reads it: integers without a fraction, others in Swift's
    /// shortest round-trip form (`1e-05` is valid).
    static func format(_ v: Double) -> String {
        if v == v.rounded(), abs(v) < 1e15 { return String(Int64(v)) }
        return "\(v)"
    }

    /// `[a-zA-Z_:][a-zA-Z0-9_:]*`; anything else becomes `_`.
    static func metricName(_ name: String) -> String {
        sanitize(name, colon: true)
    }

    /// `[a-zA-Z_][a-zA-Z0-9_]*`; anything else becomes `_`.
    public static func labelName(_ name: String) -> String {
        sanitize(name, colon: false)
    }

    private static func sanitize(_ name: String, colon: Bool) -> String {
        var ok = !name.isEmpty
        for (i, b) in name.utf8.enumerated() {
            let letter = (b >= 97 && b <= 122) || (b >= 65 && b <= 90) || b == 95 || (colon && b == 58)
            if !(letter || (i > 0 && b >= 48 && b <= 57)) { ok = false; break }
        }
        if ok { return name }
        var out = ""
        for (i, u) in name.unicodeScalars.enumerated() {
            let v = u.value
            let letter = (v >= 97 && v <= 122) || (v >= 65 && v <= 90) || v == 95 || (colon && v == 58)
            out.unicodeScalars.append(letter || (i > 0 && v >= 48 && v <= 57) ? u : "_")
        }
        return out.isEmpty ? "_" : out
    }

    /// Label values: backslash, double quote and line feed escaped.
    static func appendEscaped(_ value: String, to out: inout [UInt8]) {
        for b in value.utf8 {
            switch b {
            case 92: out.append(92); out.append(92)
            case 34: out.append(92); out.append(34)
            case 10: out.append(92); out.append(UInt8(ascii: "n"))
            default: out.append(b)
            }
        }
    }

    /// Help text: backslash and line feed escaped (and double quotes, in OpenMetrics).
    static func escapeHelp(_ text: String, quotes: Bool) -> String {
        let t = text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\n", with: "\\n")
        return quotes ? t.replacingOccurrences(of: "\"", with: "\\\"") : t
    }
}
