import Foundation
import Testing
import VigilCore
import VigilSources
import VigilTerminal
@testable import VigilApp
@testable import VigilEngine

@Suite(.timeLimit(.minutes(5))) struct AlertsScreenTests {
    static let t0 = Fixtures.t0

    static func alert(_ name: String, _ severity: String, _ labels: [String: String] = [:], minutesAgo: Double,
                      silencedBy: [String] = [], inhibitedBy: [String] = [], annotations: [String: String] = [:]) -> Alert {
        Alert(labels: Labels(labels.merging(["alertname": name, "severity": severity]) { a, _ in a }), annotations: annotations,
              state: .firing, activeAt: t0.addingTimeInterval(3_600 - minutesAgo * 60), silencedBy: silencedBy, inhibitedBy: inhibitedBy)
    }

    static let node = alert("KubeNodeNotReady", "warning", ["node": "master-2"], minutesAgo: 20)

    /// Alertmanager's alerts (one silenced, one inhibited by the node alert) and a pending alert
    /// from Prometheus' ALERTS series.
    static func model() -> Model {
        var m = Model(config: AppConfig(theme: .fallback, glyphs: .unicode))
        _ = update(&m, .resize(width: 120, height: 30))
        let t = t0.addingTimeInterval(3_600)
        let nodeFP = AlertmanagerAlert.fingerprint(of: node.labels.dictionary)
        _ = update(&m, .source(.metrics(MetricBatch(timestamp: t, samples: [
            Sample(name: "ALERTS", labels: Labels(["alertname": "EtcdHighFsync", "alertstate": "pending", "severity": "warning"]),
                   value: 1, timestamp: t),
            // The same alert as Alertmanager's: listed once.
            Sample(name: "ALERTS", labels: Labels(["alertname": "KubeNodeNotReady", "alertstate": "firing", "severity": "warning",
                                                   "node": "master-2"]), value: 1, timestamp: t),
        ]))))
        _ = update(&m, .source(.alerts(at: t, [
            node,
            alert("KubeAPIErrorsHigh", "critical", ["verb": "GET"], minutesAgo: 8,
                  annotations: ["summary": "API server errors high", "runbook_url": "https://runbooks.example/api-errors"]),
            alert("Watchdog", "none", minutesAgo: 300, silencedBy: ["5e1c0d2a"]),
            alert("KubeletDown", "critical", ["node": "master-2"], minutesAgo: 19, inhibitedBy: [nodeFP]),
        ])))
        _ = update(&m, .source(.clock(t)))
        _ = update(&m, .key(.char("2")))
        return m
    }

    @Test func everyAlertIsListedOnceWithItsState() {
        let rows = AlertsScreen.rows(Self.model())
        #expect(rows.map(\.alert.name) == ["KubeAPIErrorsHigh", "KubeletDown", "EtcdHighFsync", "KubeNodeNotReady", "Watchdog"])
        #expect(rows.map(\.status) == [.firing, .inhibited, .pending, .firing, .silenced])
    }

    @Test func theDetailSaysWhatHidesAnAlert() {
        var m = Self.model()
        _ = update(&m, .key(.char("j")))
        let screen = view(m, width: 120, height: 30).lines.joined(separator: "\n")
        #expect(screen.contains("inhibited by KubeNodeNotReady ("))
        _ = update(&m, .key(.char("G")))
        #expect(view(m, width: 120, height: 30).lines.joined(separator: "\n").contains("silence 5e1c0d2a"))
        _ = update(&m, .key(.char("g")))
        let first = view(m, width: 120, height: 30).lines.joined(separator: "\n")
        #expect(first.contains("runbook") && first.contains("https://runbooks.example/api-errors"))
        #expect(first.contains("API server errors high"))
    }

    @Test func sortAndFilterLikeTheOtherLists() {
        var m = Self.model()
        _ = update(&m, .key(.char("o")))
        #expect(m.message == "Sorted by age")
        #expect(AlertsScreen.rows(m).first?.alert.name == "Watchdog")
        _ = update(&m, .key(.char("o")))
        #expect(AlertsScreen.rows(m).map(\.alert.name).first == "EtcdHighFsync")
        _ = update(&m, .key(.char("/")))
        for c in "silenced" { _ = update(&m, .key(.char(c))) }
        _ = update(&m, .key(.enter))
        #expect(AlertsScreen.rows(m).map(\.alert.name) == ["Watchdog"])
        _ = update(&m, .key(.escape))
        #expect(AlertsScreen.rows(m).count == 5)
    }

    /// "No alerts" only after a source answered; before, the warning colour says nothing is known.
    @Test func noAlertsIsSaidOnlyOnceASourceAnswered() {
        var m = Model(config: AppConfig(theme: .fallback, glyphs: .unicode))
        _ = update(&m, .resize(width: 120, height: 30))
        _ = update(&m, .key(.char("2")))
        let before = view(m, width: 120, height: 30)
        let row = before.lines.firstIndex { $0.contains("no alert source has answered yet") }
        #expect(row != nil)
        if let row, let x = before.lines[row].range(of: "no alert")?.lowerBound {
            let col = before.lines[row].distance(from: before.lines[row].startIndex, to: x)
            #expect(before[col, row].style == Theme.fallback[.warning])
        }
        _ = update(&m, .source(.alerts(at: Self.t0, [])))
        #expect(view(m, width: 120, height: 30).lines.contains { $0.contains("no alerts firing or pending") })
    }

    @Test func screenSnapshotWithStyles() {
        var m = Self.model()
        _ = update(&m, .key(.char("j")))
        let buffer = view(m, width: 120, height: 30)
        assertSnapshot(buffer.lines, named: "alerts-120x30")
        assertSnapshot(styleLines(buffer, theme: m.theme), named: "alerts-120x30.styles")
        assertSnapshot(view(m, width: 50, height: 12).lines, named: "alerts-50x12")
    }
}

@Suite(.timeLimit(.minutes(5))) struct NoDataPanelTests {
    /// Before any source answered, the overview's table panels say so in the warning colour; they
    /// never read "no alerts firing" or "all nodes Ready" in green.
    @Test func emptyPanelsSayTheyDoNotKnowUntilASourceAnswers() {
        var m = Model(config: AppConfig(theme: .fallback, glyphs: .unicode))
        _ = update(&m, .resize(width: 120, height: 40))
        _ = update(&m, .source(.health(SourceHealth(source: "prometheus", state: .stale(reason: "connection refused")))))
        refreshDerived(&m)
        let before = view(m, width: 120, height: 40)
        let text = before.lines.joined(separator: "\n")
        #expect(!text.contains("no alerts firing") && !text.contains("none degraded"))
        let rows = before.lines.indices.filter { before.lines[$0].contains("no data yet (prometheus: connection refused)") }
        let shown = before.lines.map { $0.components(separatedBy: "no data yet (prometheus: connection refused)").count - 1 }
        #expect(shown.reduce(0, +) == 4, "the four table panels")
        if let y = rows.first, let x = before.lines[y].range(of: "no data yet")?.lowerBound {
            #expect(before[before.lines[y].distance(from: before.lines[y].startIndex, to: x), y].style == Theme.fallback[.warning])
        }
        _ = update(&m, .source(.metrics(MetricBatch(timestamp: Fixtures.t0, samples: []))))
        refreshDerived(&m)
        #expect(!view(m, width: 120, height: 40).lines.joined().contains("no data yet"))
    }
}

/// Prometheus' `external_labels` ride on the alerts it sends to Alertmanager but not on its own
/// `ALERTS` series: the two are one alert, counted once, and a silenced or inhibited one reads so.
@Suite(.timeLimit(.minutes(5))) struct AlertMergeTests {
    static let external = ["cluster": "prod-eu", "prometheus": "openshift-monitoring/k8s"]

    static func model(alertmanager: [Alert], rules: [[String: String]]) -> Model {
        var m = Model(config: AppConfig(theme: .fallback, glyphs: .unicode))
        _ = update(&m, .resize(width: 120, height: 30))
        let t = Fixtures.t0
        _ = update(&m, .source(.metrics(MetricBatch(timestamp: t, samples: rules.map {
            Sample(name: "ALERTS", labels: Labels($0.merging(["alertstate": "firing"]) { a, _ in a }), value: 1, timestamp: t)
        }))))
        _ = update(&m, .source(.alerts(at: t, alertmanager)))
        _ = update(&m, .source(.clock(t)))
        refreshDerived(&m)
        return m
    }

    static let rule = ["alertname": "KubeNodeNotReady", "severity": "warning", "node": "master-2"]

    @Test func externalLabelsDoNotDoubleAnAlert() {
        let sent = Alert(labels: Labels(Self.rule.merging(Self.external) { a, _ in a }), silencedBy: ["5e1c"])
        let m = Self.model(alertmanager: [sent], rules: [Self.rule])
        #expect(m.overview.alerts.map(\.count) == [1])
        #expect(AlertsScreen.rows(m).map(\.status) == [.silenced])
        // Silenced, all of it: the row says so, in the muted style.
        let row = PanelRows.rows(.alerts, model: m)[0]
        #expect(row.cells[1].text == "KubeNodeNotReady (silenced)")
        #expect(row.cells[1].style == m.theme[.muted] && row.cells[0].style == m.theme[.muted])
    }

    @Test func anInhibitedAlertIsMutedAndLabelled() {
        let inhibited = Alert(labels: Labels(Self.rule), inhibitedBy: ["abc"])
        let m = Self.model(alertmanager: [inhibited], rules: [Self.rule])
        let row = PanelRows.rows(.alerts, model: m)[0]
        #expect(row.cells[1].text == "KubeNodeNotReady (inhibited)")
        #expect(row.cells[1].style == m.theme[.muted])
    }

    @Test func otherInstancesStayApart() {
        let sent = Alert(labels: Labels(Self.rule.merging(Self.external) { a, _ in a }))
        var other = Self.rule
        other["node"] = "master-3"
        let m = Self.model(alertmanager: [sent], rules: [Self.rule, other])
        #expect(m.overview.alerts.map(\.count) == [2])
        // A Thanos answer with a label of its own (a replica) matches the other way round.
        #expect(Alert(labels: Labels(Self.rule.merging(["prometheus_replica": "b"]) { a, _ in a }))
            .isSameInstance(as: Alert(labels: Labels(Self.rule))))
        #expect(!Alert(labels: Labels(other)).isSameInstance(as: sent))
    }
}
