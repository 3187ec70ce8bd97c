import Foundation
import Testing
import VigilCore
@testable import VigilApp
@testable import VigilEngine

@Suite(.timeLimit(.minutes(5))) struct LogsStateTests {
    @Test func countsTemplatesAndSources() {
        var s = LogsState()
        s.ingest(LogsFixtures.lines(0..<80))
        #expect(s.lines.count == 80)
        #expect(s.sourceCounts.values.reduce(0, +) == 80)
        let refused = LogsFixtures.line(33).template
        #expect(s.templates[refused]?.count == 2)
        #expect(s.templates[refused]?.firstSeen == LogsFixtures.line(33).record.timestamp)
        #expect(s.templates[refused]?.lastSeen == LogsFixtures.line(73).record.timestamp)
        #expect(s.anomalies.map(\.record.line) == [17, 33, 57, 73].map { LogsFixtures.line($0).record.line })
    }

    @Test func keepsTheMostRecentLinesAndAnomalies() {
        var s = LogsState()
        let t0 = LogsFixtures.t0
        for chunk in stride(from: 0, to: 7_000, by: 100) {
            s.ingest((chunk..<chunk + 100).map { (i: Int) -> ScoredLogLine in
                let flagged = i % 5 == 0
                let t = t0.addingTimeInterval(Double(i))
                return LogsFixtures.scored(t, "app", "line \(i)", "line <*>", flagged ? 0.9 : 0.1, flagged, LogSignals())
            })
        }
        #expect(s.lines.count >= LogsState.capacity && s.lines.count <= LogsState.capacity + 500)
        #expect(s.lines.last?.record.line == "line 6999")
        #expect(s.sequence(at: 0) == 7_000 - s.lines.count)
        #expect(s.line(sequence: 6_999)?.record.line == "line 6999")
        #expect(s.line(sequence: 0) == nil)
        #expect(s.anomalies.count >= LogsState.anomalyCapacity && s.anomalies.count <= LogsState.anomalyCapacity + 100)
        #expect(s.anomalies.last?.record.line == "line 6995")
        #expect(s.templates["line <*>"]?.count == 7_000)
    }

    @Test func startsOverWhenTheClockGoesBack() {
        var s = LogsState()
        let t0 = LogsFixtures.t0
        s.clockMoved(to: t0)
        s.ingest(LogsFixtures.lines(0..<80))
        s.ui.anomalousOnly = true
        // Lines from far in the past are no reason (a file read from its start).
        s.ingest([LogsFixtures.scored(t0.addingTimeInterval(-3_600), "old-file", "x", "x", 0, false, LogSignals())])
        #expect(s.lines.count == 81)
        // Nor is a wall clock corrected by a few seconds.
        s.clockMoved(to: t0.addingTimeInterval(400))
        s.clockMoved(to: t0.addingTimeInterval(390))
        #expect(s.lines.count == 81)
        // A replay that loops is.
        s.clockMoved(to: t0.addingTimeInterval(-3_600))
        #expect(s.lines.isEmpty)
        #expect(s.anomalies.isEmpty)
        #expect(s.templates.isEmpty)
        #expect(s.maxScore(from: .distantPast, to: .distantFuture) == 0)
        #expect(s.ui.anomalousOnly)
        s.ingest([LogsFixtures.line(0)])
        #expect(s.lines.count == 1)
    }

    @Test func maxScorePerTimeRange() {
        var s = LogsState()
        s.ingest(LogsFixtures.lines(0..<80)) // one line every 5 s from t0
        let t0 = LogsFixtures.t0
        #expect(s.maxScore(from: t0, to: t0.addingTimeInterval(400)) == 0.95)           // line 17 at 85 s
        #expect(s.maxScore(from: t0.addingTimeInterval(90), to: t0.addingTimeInterval(170)) == 0.72) // line 33 at 165 s; 17 at 85 s is out
        #expect(s.maxScore(from: t0.addingTimeInterval(-100), to: t0) == 0)
        #expect(s.maxScore(from: t0, to: t0) == 0)
        #expect(s.maxScore(from: .distantPast, to: .distantFuture) == 0.95)
    }
}

@Suite(.timeLimit(.minutes(5))) struct LogFilterTests {
    let refused = LogsFixtures.line(33), panic = LogsFixtures.line(17), plain = LogsFixtures.line(1)

    @Test func parsesTerms() {
        #expect(LogFilter("source:etcd score>0.5 panic").terms == [.source("etcd"), .score(.greater, 0.5), .text("panic")])
        #expect(LogFilter("score>=1 score<0.2 score<=3").terms == [.score(.greaterOrEqual, 1), .score(.less, 0.2), .score(.lessOrEqual, 3)])
        #expect(LogFilter("template:\"connect: connection\"").terms == [.template("connect: connection")])
        // Not a comparison or an empty key: plain text.
        #expect(LogFilter("score>high source:").terms == [.text("score>high"), .text("source:")])
        #expect(LogFilter("   ").isEmpty)
    }

    @Test func termsCombineWithAnd() {
        #expect(LogFilter("refused").matches(refused))
        #expect(LogFilter("REFUSED kube").matches(refused))           // line and source, any case
        #expect(!LogFilter("refused etcd").matches(refused))
        #expect(LogFilter("template:<*>").matches(refused))
        #expect(LogFilter("source:etcd score>0.9").matches(panic))
        #expect(!LogFilter("source:etcd score>0.9").matches(plain))
        #expect(LogFilter("score<0.5").matches(plain))
        #expect(!LogFilter("score>=0.96").matches(panic))
    }
}
