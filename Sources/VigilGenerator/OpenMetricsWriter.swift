import Foundation
import VigilCore
import VigilSources

/// Renders metric families as the OpenMetrics text `promtool tsdb create-blocks-from openmetrics`
/// imports: family by family, each series' samples contiguous and in time order, timestamps in
/// seconds, `# EOF` last.
enum OpenMetricsWriter {
    static func render(_ families: [MetricFamily], clock: StoryClock) -> String {
        let stamps = (0..<clock.count).map { " " + String(clock.unix($0)) + "\n" }
        var out = ""
        out.reserveCapacity(16 << 20)
        for family in families {
            out += "# HELP \(family.name) \(escapeHelp(family.help))\n# TYPE \(family.name) \(family.kind.rawValue)\n"
            // A stable order, whatever order the builders added series in.
            let ordered = family.series.map { (prefix: prefix(family.sampleName, $0.labels), series: $0) }
                .sorted { $0.prefix < $1.prefix }
            for (prefix, series) in ordered {
                for (i, value) in series.values.enumerated() {
                    guard let value else { continue }
                    out += prefix
                    out += format(value)
                    out += stamps[i]
                }
            }
        }
        out += "# EOF\n"
        return out
    }

    /// `name{a="1",b="2"} ` including the space before the value.
    static func prefix(_ name: String, _ labels: Labels) -> String {
        labels.isEmpty ? name + " " : name + labels.description + " "
    }

    /// Integers without a fraction (counters, flags, unix times); others in Swift's shortest
    /// round-trip form, which is locale-independent and stable.
    static func format(_ v: Double) -> String {
        if v.isNaN { return "NaN" }
        if v.isInfinite { return v > 0 ? "+Inf" : "-Inf" }
        if v == v.rounded(), abs(v) < 1e15 { return String(Int64(v)) }
        return String(v)
    }

    static func escapeHelp(_ s: String) -> String {
        s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\n", with: "\\n")
    }
}
