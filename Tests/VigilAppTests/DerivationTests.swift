import Foundation
import Testing
import VigilCore
@testable import VigilApp
@testable import VigilEngine

@Suite(.timeLimit(.minutes(5))) struct DerivationTests {
    @Test func healthyClusterHasEmptyPanelsAndAFullHeader() {
        let m = Fixtures.model(steps: 20, incidentFrom: 100)
        let o = m.overview
        #expect(o.operators.isEmpty)
        #expect(o.down.isEmpty)
        #expect(o.alerts.map(\.name) == ["Watchdog"])
        #expect(o.header.version == "4.15.12")
        #expect(o.header.updatingTo == "4.15.14")
        #expect(o.header.nodes == 5)
        #expect(o.header.masters == 3)
        #expect(o.header.cores == 40)
        #expect(o.header.etcdObjects == 2000)
        // Only 404s: 1 req/s out of 101 req/s.
        #expect(o.apiErrors.map(\.code) == ["404"])
        #expect(abs((o.apiErrors.first?.perSecond ?? 0) - 1) < 1e-9)
        #expect(abs((o.apiTotalPerSecond ?? 0) - 101) < 1e-9)
    }

    @Test func incidentShowsDegradedOperatorsWithSinceAlertsBySeverityAndTheStorm() {
        let m = Fixtures.model(steps: 40, incidentFrom: 25)
        let o = m.overview
        let ops = o.operators.map { "\($0.name) \($0.condition)" }
        #expect(ops.sorted() == ["etcd Degraded", "kube-apiserver Degraded", "kube-apiserver Unavailable"])
        // Degraded since the first bad step (the reason label changed, so the series is new then).
        #expect(o.operators.allSatisfy { $0.since == Fixtures.t0.addingTimeInterval(25 * 30) })
        #expect(o.alerts.map(\.name) == ["KubeAPIErrorsHigh", "ClusterOperatorDegraded", "Watchdog"])
        #expect(o.apiErrors.first?.code == "503")
        // 503 at 60/s of 161/s in a fully stormy 5-minute window.
        let row = o.apiErrors.first { $0.code == "503" }
        #expect(abs((row?.perSecond ?? 0) - 60) < 1e-9)
        #expect(abs((row?.share ?? 0) - 60.0 / 161.0) < 1e-9)
        #expect(o.down.map { "\($0.kind.rawValue) \($0.name) \($0.detail)" }
                == ["node worker-1 NotReady", "target node-exporter 10.0.0.5:9100"])
    }

    @Test func anomalyScoreRisesWhenTheIncidentStarts() {
        let m = Fixtures.model(steps: 40, incidentFrom: 30)
        let before = m.overview.anomalyHistory[10..<30].max() ?? 1
        let after = m.overview.anomalyHistory[30...].max() ?? 0
        #expect(before < 0.5)
        #expect(after > 0.9)
        #expect(m.overview.anomalyHistory.count == 40)
    }

    @Test func counterResetIsNotANegativeRate() {
        var h = SeriesHistory(capacity: 100)
        for (i, v) in [100.0, 130, 160, 10, 40].enumerated() { h.append(time: Double(i) * 30, value: v) }
        // Increases 30 + 30 + 10 (reset: the new value) + 30 = 100 over 120 s.
        #expect(abs((h.rate(at: 120, window: 300) ?? 0) - 100.0 / 120.0) < 1e-9)
    }

    @Test func historyIsBoundedAndIgnoresRepeatedInstants() {
        var h = SeriesHistory(capacity: 10)
        for i in 0..<100 { h.append(time: Double(i), value: Double(i)) }
        h.append(time: 99, value: -1)
        #expect(h.times.count <= 13)
        #expect(h.last?.value == -1)
        #expect(h.last?.time == 99)
    }
}
