import ArgumentParser
import Foundation
import VigilDetect
import VigilEngine
import VigilRuntime

/// `vigil-lab eval raise`: the Anomalies screen's protocol on NAB. Of the events the detector flags,
/// which does the raise policy show the operator; how many of those are real (their first row in a
/// labelled window: raised-event precision) and how many labelled windows hold one (coverage).
/// Cross-validated by category: the policy's levels are chosen on the other categories (the most
/// windows at the target precision) and scored on the held-out one.
struct EvalRaise: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "raise",
        abstract: "Raised-event precision and window coverage of the Anomalies screen's raise policy on NAB, cross-validated by category.")

    @Option(name: .long, help: "NAB folder (default: ../shared/data/nab).")
    var data: String?

    @Option(name: .long, help: "Precision the levels are chosen for, 0 to 1 (default 0.9).")
    var precision = 0.9

    @Option(name: .long, help: "Also write every flagged event after probation to this CSV file.")
    var eventsCsv: String?

    @Option(name: .long, help: "Stress test: change every series first, as `eval nab --augment` does (daily:A, weekly:A, noise:A, trend:A).")
    var augment: String?

    @Option(name: .long, help: "Detector views (experiment): all, or standard (the product's).")
    var views = "standard"

    func run() throws {
        guard precision > 0, precision <= 1 else { throw UserError("--precision: expected a share between 0 and 1 (got \(precision))") }
        let root = try EvalNAB.dataRoot(data)
        var corpus: NABCorpus
        do { corpus = try NABCorpus.load(from: root) } catch let e as NABError { throw UserError(e.description) }
        if let augment { try EvalAugment.apply(augment, to: &corpus) }
        var config = DetectorConfig.standard
        switch views {
        case "standard": break
        case "all": config.views = .all
        default: throw UserError("--views: expected standard or all (got '\(views)')")
        }
        let events = try RaiseStudy.events(corpus: corpus, config: config)
        if let path = eventsCsv { try RaiseStudy.csv(events).write(toFile: path, atomically: true, encoding: .utf8) }
        print(try RaiseStudy.report(corpus: corpus, events: events, target: precision, dataPath: root.path))
    }
}

enum RaiseStudy {
    /// One flagged event after probation, as it closed (or stood at the series' end).
    struct Event {
        var category: String
        var series: Int
        var row: Int
        var window: Int?
        var event: AnomalyEvent
    }

    struct Tally {
        var raised = 0, real = 0, windows = 0, allWindows = 0
        var precision: Double { raised > 0 ? Double(real) / Double(raised) : 0 }
        var coverage: Double { allWindows > 0 ? Double(windows) / Double(allWindows) : 0 }
        static func + (a: Tally, b: Tally) -> Tally {
            Tally(raised: a.raised + b.raised, real: a.real + b.real, windows: a.windows + b.windows, allWindows: a.allWindows + b.allWindows)
        }
    }

    static func events(corpus: NABCorpus, config: DetectorConfig = .standard) throws -> [Event] {
        var out: [Event] = []
        for (k, s) in corpus.series.enumerated() {
            var d = SeriesDetector(config: config)
            var t = AnomalyTracker(threshold: config.threshold)
            var openRow: Int?
            for (i, ts) in s.timestamps.enumerated() {
                guard let time = NABTime.parse(ts) else { throw NABError("\(s.relativePath): row \(i + 2): bad timestamp \(ts)") }
                let wasOpen = t.current != nil
                let o = d.update(time: time, value: s.values[i])
                let closed = t.update(time: time, value: s.values[i], output: o)
                if !wasOpen, t.current != nil { openRow = i }
                guard let e = closed ?? (i == s.values.count - 1 ? t.current : nil), let r = openRow else { continue }
                if r >= s.probationRows {
                    out.append(Event(category: s.category, series: k, row: r,
                                     window: s.windows.firstIndex { $0.start <= r && r <= $0.end }, event: e))
                }
                openRow = nil
            }
        }
        return out
    }

    static func tally(_ policy: RaisePolicy, _ events: [Event], windows: Int) -> Tally {
        var t = Tally(allWindows: windows)
        var found = Set<[Int]>()
        for e in events where policy.raises(e.event) {
            t.raised += 1
            if let w = e.window { t.real += 1; found.insert([e.series, w]) }
        }
        t.windows = found.count
        return t
    }

    /// The levels tried: a strong peak alone, or a shorter peak once the event has lasted; and the
    /// peak an unvisited level needs.
    static let grid: [RaisePolicy] = {
        var out: [RaisePolicy] = []
        for p in stride(from: 70, through: 100, by: 2) {
            for n in [7, 9, 11, 13, 15, 17, 21, 31, Int.max] {
                for f in [0.49, 0.6, 0.7] where n < .max || f == 0.49 {
                    for u in [0, 0.8, 0.86, 0.9, 0.95, 1.01] {
                        out.append(RaisePolicy(peakScore: Double(p) / 100, sustainedSamples: n, sustainedScore: f, unvisitedLevelScore: u))
                    }
                }
            }
        }
        return out
    }()

    /// The policy with the most windows at `target` precision or better (ties: higher precision, then
    /// fewer raised); when none reaches it, the most precise.
    static func choose(_ events: [Event], windows: Int, target: Double) -> RaisePolicy {
        var best: (policy: RaisePolicy, key: (Int, Int, Double, Int))?
        for p in grid {
            let t = tally(p, events, windows: windows)
            let ok = t.precision >= target
            let key = (ok ? 1 : 0, ok ? t.windows : 0, t.precision, -t.raised)
            if best == nil || key > best!.key { best = (p, key) }
        }
        return best!.policy
    }

    static func report(corpus: NABCorpus, events: [Event], target: Double, dataPath: String) throws -> String {
        let categories = Array(Set(corpus.series.map(\.category))).sorted()
        func windows(_ cs: [String]) -> Int { corpus.series.filter { cs.contains($0.category) }.reduce(0) { $0 + $1.windows.count } }
        func fmt(_ t: Tally) -> String {
            String(format: "%4d raised  %5.3f precision  %2d/%2d windows (%3.0f %%)", t.raised, t.precision, t.windows, t.allWindows, t.coverage * 100)
        }
        var lines = ["NAB: \(corpus.series.count) series, \(corpus.windowCount) windows, \(events.count) events flagged after probation (\(dataPath))",
                     "screen's protocol: an event is raised when the policy says so at any time while it is open; real when its first row is in a labelled window",
                     "levels chosen for the most windows at precision ≥ \(target), on the other categories (cross-validated) or on all (in-sample)", ""]
        var cv = Tally(), before = Tally(), inSample = Tally()
        lines.append("cross-validated (leave one category out)")
        for c in categories {
            let train = events.filter { $0.category != c }, test = events.filter { $0.category == c }
            let chosen = choose(train, windows: windows(categories.filter { $0 != c }), target: target)
            let t = tally(chosen, test, windows: windows([c]))
            cv = cv + t
            lines.append("  \(c.padding(toLength: 22, withPad: " ", startingAt: 0)) \(fmt(t))   chosen on the others: \(chosen.summary)")
        }
        lines.append("  \("pooled".padding(toLength: 22, withPad: " ", startingAt: 0)) \(fmt(cv))")
        lines.append("")
        let all = choose(events, windows: corpus.windowCount, target: target)
        lines.append("per category: before (\(RaisePolicy.peakOnly.summary)) | standard (\(RaisePolicy.standard.summary))")
        for c in categories {
            let test = events.filter { $0.category == c }
            let b = tally(.peakOnly, test, windows: windows([c])), s = tally(.standard, test, windows: windows([c]))
            before = before + b
            inSample = inSample + s
            lines.append("  \(c.padding(toLength: 22, withPad: " ", startingAt: 0)) \(fmt(b)) | \(fmt(s))")
        }
        lines.append("  \("all".padding(toLength: 22, withPad: " ", startingAt: 0)) \(fmt(before)) | \(fmt(inSample))")
        lines.append("")
        lines.append("chosen on all categories now: \(all.summary)\(all == .standard ? " (the standard policy)" : " (differs from the standard policy: re-choose it)")")
        return lines.joined(separator: "\n")
    }

    static func csv(_ events: [Event]) -> String {
        let views = AnomalyCause.allCases.filter { $0 != .none }
        var out = "category,series,row,window,peak,samples,sizeable,cause," + views.map { "excess_\($0)" }.joined(separator: ",") + "\n"
        for e in events {
            out += "\(e.category),\(e.series),\(e.row),\(e.window.map(String.init) ?? ""),\(e.event.peakScore),\(e.event.samples),\(RaisePolicy.standard.isSizeable(e.event)),\(e.event.cause),"
                + views.map { String(e.event.profile[$0]) }.joined(separator: ",") + "\n"
        }
        return out
    }
}
