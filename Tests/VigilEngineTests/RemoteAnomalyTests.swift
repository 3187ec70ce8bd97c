import Foundation
import Testing
import VigilCore
@testable import VigilEngine

/// Many clusters, one screen: the anomalies of other `vigil serve` instances, read through
/// Prometheus, are listed named by their cluster; a verdict holds for that cluster only.
@Suite(.timeLimit(.minutes(1))) struct RemoteAnomalyTests {
    static let t0 = Date(timeIntervalSince1970: 1_800_000_000)

    static func remote(_ cluster: String, start: Date = t0, score: Double = 0.8) -> RemoteAnomaly {
        RemoteAnomaly(cluster: cluster, kind: .metric, fingerprint: "metric|up{job=\"api\"}|shift|down|m1",
                      subject: "up{job=\"api\"}", detail: "dropped to 0", start: start, score: score)
    }

    @Test func eachClustersAnomalyIsItsOwnItemNamedByTheCluster() throws {
        var engine = Engine()
        engine.ingest(.remoteAnomalies(at: Self.t0, [Self.remote("east"), Self.remote("west")]))
        let items = engine.anomalies.items.values.sorted { $0.subject < $1.subject }
        #expect(items.map(\.subject) == ["[east] up{job=\"api\"}", "[west] up{job=\"api\"}"])
        #expect(items.allSatisfy { $0.open && $0.kind == .metric && $0.seriesKey == nil })
        #expect(items[0].fingerprint == .clustered(cluster: "east", inner: "metric|up{job=\"api\"}|shift|down|m1"))
        #expect(engine.anomalies.notified == 2)

        // west's anomaly ended: closed, still listed; a second report of east's is the same item.
        engine.ingest(.remoteAnomalies(at: Self.t0 + 30, [Self.remote("east", score: 0.9)]))
        let after = engine.anomalies.items.values.sorted { $0.subject < $1.subject }
        #expect(after.count == 2)
        #expect(after.map(\.open) == [true, false])
        #expect(after[0].score == 0.9)
        #expect(engine.anomalies.notified == 2)
    }

    @Test func aVerdictHoldsForItsClusterOnly() {
        var engine = Engine()
        engine.ingest(.remoteAnomalies(at: Self.t0, [Self.remote("east"), Self.remote("west")]))
        let east = engine.anomalies.items.values.first { $0.subject.hasPrefix("[east]") }!
        engine.confirm([Verdict(id: 1, fingerprint: east.fingerprint, kind: .metric, subject: east.subject,
                                value: .falsePositive, at: Self.t0)])
        let visible = engine.anomalies.visible(now: Self.t0, filter: nil, showSuppressed: false, sortByScore: false)
        #expect(visible.map(\.subject) == ["[west] up{job=\"api\"}"])
        // East's next anomaly of the same shape is a repeat, kept quiet.
        engine.ingest(.remoteAnomalies(at: Self.t0 + 3600, [Self.remote("east", start: Self.t0 + 3600)]))
        #expect(engine.anomalies.suppressedRepeats == 1)
    }

    @Test func impossibleStartsAndScoresAreSkippedNotTrapped() {
        var engine = Engine()
        engine.ingest(.remoteAnomalies(at: Self.t0, [
            Self.remote("a", start: Date(timeIntervalSince1970: 1e300)), Self.remote("b", start: Date(timeIntervalSince1970: .nan)),
            Self.remote("c", score: .infinity), Self.remote("d", score: 7)]))
        #expect(engine.anomalies.items.values.map(\.subject) == ["[d] up{job=\"api\"}"])
        #expect(engine.anomalies.items.values.first?.score == 1)
    }
}

/// `vigil --attach URL`: the attached serve's anomalies keep its fingerprints (a verdict here reaches
/// it through the shared store), and one this dashboard already lists is not listed twice.
@Suite(.timeLimit(.minutes(1))) struct AttachedAnomalyTests {
    static let t0 = RemoteAnomalyTests.t0

    @Test func theServesFingerprintIsKeptAndALocalDuplicateIsNotRepeated() {
        var engine = Engine()
        engine.ingest(.clock(Self.t0))
        let own = RemoteAnomaly(cluster: "", kind: .log, fingerprint: "log|disk <*> failed", subject: "disk <*> failed",
                                detail: "node-1: disk sda failed", start: Self.t0, score: 0.9)
        engine.ingest(.remoteAnomalies(at: Self.t0, [own]))
        let item = try? #require(engine.anomalies.items.values.first)
        #expect(item?.fingerprint == .log(template: "disk <*> failed"))
        #expect(item?.subject == "disk <*> failed" && item?.template == "disk <*> failed")

        // The same template flagged here too: listed once, as this dashboard's own.
        var local = Engine()
        local.ingest(.clock(Self.t0))
        local.ingest(.scoredLogs([ScoredLogLine(record: LogRecord(timestamp: Self.t0, source: "node-1", line: "disk sda failed"),
                                                template: "disk <*> failed", score: 0.9, flagged: true)]))
        local.ingest(.remoteAnomalies(at: Self.t0, [own]))
        #expect(local.anomalies.items.count == 1)
        #expect(local.anomalies.items.values.first?.id.hasPrefix("log|") == true)
    }
}
