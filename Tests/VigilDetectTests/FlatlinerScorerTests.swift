import Foundation
import Testing
@testable import VigilDetect

/// The reference fleet scorer's port on hand-made inputs: its quirks, reproduced on purpose (the
/// shared flatliner data proves the port exact: `vigil-lab eval fleet`; it is not in the project).
@Suite(.timeLimit(.minutes(1))) struct FlatlinerScorerTests {
    typealias Series = FlatlinerScorer.Series

    static func version(_ cluster: String, _ v: String) -> Series {
        Series(metric: "cluster_version", cluster: cluster, label: v, values: [(0, 1)])
    }
    static func etcd(_ cluster: String, _ resource: String, _ values: [Double]) -> Series {
        Series(metric: "etcd_object_counts", cluster: cluster, label: resource,
               values: values.enumerated().map { (Double($0.offset * 60), $0.element) })
    }
    static func alerts(_ cluster: String, _ name: String, at times: [Double]) -> Series {
        Series(metric: "alerts", cluster: cluster, label: name, values: times.map { ($0, 1) })
    }

    func run(_ series: [Series]) -> (FlatlinerScorer, [FlatlinerScorer.Event]) {
        var scorer = FlatlinerScorer()
        var events: [FlatlinerScorer.Event] = []
        for s in series { scorer.ingest(s) { events.append($0) } }
        return (scorer, events)
    }

    /// The "mean" is the latest value over the count (no running total), so m2 grows from it; the
    /// stds are normalised in place; the baseline averages every value received.
    @Test func resourceScoresFollowTheReferencesArithmetic() throws {
        let (scorer, events) = run([Self.version("a", "v1"), Self.etcd("a", "r1", [10, 30]), Self.etcd("a", "r2", [4, 4, 10])])
        #expect(events.map(\.kind) == Array(repeating: .resource, count: 5))
        // One resource: its std is 0; two with equal stds: both 0.
        #expect(events.prefix(4).allSatisfy { $0.score == 0 })
        // r2's third value: m2 = |(10 − 4/2)(10 − 10/3)| = 160/3 (a running mean would give 24); its
        // normalised std is 1/√2 (r1's is 0); the baseline averages all three of r2's values (0, 0, 1/√2),
        // and the score is the distance from it.
        let m2 = try #require(scorer.m2(cluster: "a", resource: "r2"))
        #expect(abs(m2 - 160.0 / 3) < 1e-12)
        let x = 1 / pow(2, 0.5)
        #expect(abs(events[4].score - (x - x / 3)) < 1e-15)
        #expect(events[4].name == "r2" && events[4].version == "v1" && events[4].timestamp == 120)
        #expect(scorer.scoreSum == events.map(\.score).reduce(0, +))
        #expect(scorer.resourceEvents == 5 && scorer.finalResource["a"] == events[4])
    }

    /// Series of a cluster whose version is unknown wait; the version releases them in arrival
    /// order; a later version stamps only what comes after it.
    @Test func seriesWaitForTheirClustersVersion() {
        var scorer = FlatlinerScorer()
        var events: [FlatlinerScorer.Event] = []
        scorer.ingest(Self.etcd("b", "r1", [1, 2])) { events.append($0) }
        scorer.ingest(Self.alerts("b", "X", at: [0])) { events.append($0) }
        #expect(events.isEmpty && scorer.seriesWaiting == 2)
        scorer.ingest(Self.version("b", "v1")) { events.append($0) }
        #expect(events.map(\.kind) == [.resource, .resource, .alert])
        #expect(events.allSatisfy { $0.version == "v1" } && scorer.seriesWaiting == 0)
        scorer.ingest(Self.version("b", "v2")) { events.append($0) }
        scorer.ingest(Self.etcd("b", "r1", [3])) { events.append($0) }
        #expect(events.last?.version == "v2")
        // Other metrics are scored by neither branch.
        scorer.ingest(Series(metric: "up", cluster: "b", label: nil, values: [(0, 1)])) { events.append($0) }
        #expect(events.count == 4)
    }

    /// Frequencies over the last 30 minutes, normalised in place (one alertname, or all equal: 1); the
    /// baseline is the mean of each cluster's latest value; the event carries the cluster's first
    /// alertname, whichever alert was sampled.
    @Test func alertScoresFollowTheReferencesArithmetic() throws {
        let (scorer, events) = run([
            Self.version("a", "v1"), Self.version("b", "v1"),
            Self.alerts("b", "Y", at: [0]),
            Self.alerts("a", "X", at: [0]),
            Self.alerts("a", "Y", at: [10, 20]),
        ])
        #expect(events.count == 4 && events.allSatisfy { $0.kind == .alert })
        #expect(events.prefix(3).allSatisfy { $0.score == 0 })
        // a's Y reaches 2 while X holds its normalised 1: X → 0, Y → 1/√2; the baseline of Y is the
        // mean of b's 1 and a's 1/√2.
        let x = 1 / pow(2, 0.5)
        let last = events[3]
        #expect(abs(last.score - abs((1 + x) / 2 - x)) < 1e-15)
        #expect(last.name == "X" && last.trigger == "Y")
        #expect(scorer.finalAlert["a"] == last && scorer.alertEvents == 4)
        // The window: a sample 30 minutes and more after the others leaves them out.
        var later = scorer
        later.ingest(Self.alerts("a", "Y", at: [1820, 1830]))
        #expect(later.alertFrequency(cluster: "a", alert: "Y") == 2)
        #expect(scorer.alertFrequency(cluster: "a", alert: "Y") == 2)
        // Alert events add nothing to the score sum (the resource events' sum).
        #expect(scorer.scoreSum == 0)
    }
}
