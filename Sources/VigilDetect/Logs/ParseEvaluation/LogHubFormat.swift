import Foundation

/// The header layouts of the LogHub 2k samples, used only to cut the `<Content>` out of each line
/// for evaluation (the ground-truth templates are of the content). The strings are LogHub's
/// `log_format` benchmark settings (logpai/logparser, benchmark/Drain_benchmark.py); the miner
/// itself never sees them.
public enum LogHubFormat {
    public static let formats: [String: String] = [
        "HDFS": "<Date> <Time> <Pid> <Level> <Component>: <Content>",
        "Hadoop": "<Date> <Time> <Level> \\[<Process>\\] <Component>: <Content>",
        "Spark": "<Date> <Time> <Level> <Component>: <Content>",
        "Zookeeper": "<Date> <Time> - <Level>  \\[<Node>:<Component>@<Id>\\] - <Content>",
        "BGL": "<Label> <Timestamp> <Date> <Node> <Time> <NodeRepeat> <Type> <Component> <Level> <Content>",
        "HPC": "<LogId> <Node> <Component> <State> <Time> <Flag> <Content>",
        "Thunderbird": "<Label> <Timestamp> <Date> <User> <Month> <Day> <Time> <Location> <Component>(\\[<PID>\\])?: <Content>",
        "Windows": "<Date> <Time>, <Level>                  <Component>    <Content>",
        "Linux": "<Month> <Date> <Time> <Level> <Component>(\\[<PID>\\])?: <Content>",
        "Android": "<Date> <Time>  <Pid>  <Tid> <Level> <Component>: <Content>",
        "Proxifier": "\\[<Time>\\] <Program> - <Content>",
        "OpenStack": "<Logrecord> <Date> <Time> <Pid> <Level> <Component> \\[<ADDR>\\] <Content>",
    ]

    /// The twelve systems, in the order LogHub's benchmark tables list them.
    public static let systems = ["HDFS", "Hadoop", "Spark", "Zookeeper", "BGL", "HPC", "Thunderbird",
                                 "Windows", "Linux", "Android", "Proxifier", "OpenStack"]

    /// The systems under `root`: the twelve known ones present, in their order, then any other
    /// folder `<S>` holding `<S>_2k.log` and `<S>_2k.format` (a system scored without being known).
    public static func systems(in root: URL) -> [String] {
        let fm = FileManager.default
        func has(_ s: String, _ suffix: String) -> Bool { fm.fileExists(atPath: root.appendingPathComponent("\(s)/\(s)_2k\(suffix)").path) }
        let known = systems.filter { has($0, ".log") }
        let others = ((try? fm.contentsOfDirectory(atPath: root.path)) ?? []).sorted()
            .filter { !systems.contains($0) && has($0, ".log") && has($0, ".format") }
        return known + others
    }

    /// A regular expression for `format`, built as LogHub builds it: each `<Field>` becomes a lazy
    /// group, runs of spaces between fields match any whitespace, the rest is literal regex text.
    public static func regex(_ format: String) throws -> NSRegularExpression {
        var pattern = "^"
        var rest = Substring(format)
        while let open = rest.firstIndex(of: "<"), let close = rest[open...].firstIndex(of: ">") {
            pattern += spaced(rest[..<open])
            pattern += "(.*?)"
            rest = rest[rest.index(after: close)...]
        }
        pattern += spaced(rest) + "$"
        return try NSRegularExpression(pattern: pattern)
    }

    private static func spaced(_ literal: Substring) -> String {
        String(literal).replacingOccurrences(of: " +", with: "\\\\s+", options: .regularExpression)
    }

    /// The `<Content>` (last field) of `line`, nil when the line does not fit the format.
    public static func content(of line: String, with regex: NSRegularExpression) -> String? {
        let ns = line as NSString
        guard let m = regex.firstMatch(in: line, range: NSRange(location: 0, length: ns.length)),
              m.numberOfRanges > 1 else { return nil }
        let r = m.range(at: m.numberOfRanges - 1)
        guard r.location != NSNotFound else { return nil }
        return ns.substring(with: r)
    }
}
