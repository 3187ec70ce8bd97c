import VigilCore
import VigilSources

/// One metric family as the generator builds it: its series, each with one optional value per
/// sample instant (nil: the series has no sample then, e.g. before it exists or while its target
/// is down).
struct MetricFamily {
    enum Kind: String { case gauge, counter }

    struct Series {
        /// Sorted by label name (as `Labels` keeps them), which is also how client_golang and
        /// Prometheus federation write them.
        let labels: Labels
        let values: [Double?]
    }

    /// The family name; a counter's samples carry the `_total` suffix, its family name does not.
    let name: String
    let help: String
    let kind: Kind
    private(set) var series: [Series] = []

    init(_ name: String, _ kind: Kind, help: String) {
        self.name = name; self.kind = kind; self.help = help
    }

    var sampleName: String { kind == .counter ? name + "_total" : name }

    /// Adds a series; one with no value at all is dropped (an exporter would not show it).
    mutating func add(_ labels: [String: String], _ values: [Double?]) {
        guard values.contains(where: { $0 != nil }) else { return }
        // Prometheus treats an empty label as an absent one; exporters leave it out.
        series.append(Series(labels: Labels(labels.filter { !$0.value.isEmpty }), values: values))
    }

    /// Adds a series whose value is `value` while `active(i)` holds and absent otherwise.
    mutating func add(_ labels: [String: String], count: Int, value: Double = 1, where active: (Int) -> Bool) {
        add(labels, (0..<count).map { active($0) ? value : nil })
    }
}
