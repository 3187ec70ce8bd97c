import Foundation
import Testing
import VigilApp
@testable import VigilEngine
import VigilCore
import VigilSources
import VigilPrometheus
import VigilLiveHarness

/// Live mode with Prometheus (ALERTS) and Alertmanager (silences): a silenced alert stays
/// listed, marked as silenced.
@Suite(.timeLimit(.minutes(10)), .enabled(if: liveTestsEnabled))
struct LiveModeAlertTests {
    static let rule = """
        groups:
          - name: live-mode
            rules:
              - alert: VigilLiveModeAlways
                expr: vector(1)
                labels: {severity: warning}
                annotations: {summary: always firing}

        """

    @Test func silencedAlertIsShownSilenced() async throws {
        let started = Date()
        let alertmanager = try await LiveMode.start { try RealServers.alertmanager() }
        defer { alertmanager.stop() }
        let prometheus = try await LiveMode.start {
            try RealServers.prometheus(rules: [Self.rule], alertmanager: alertmanager.url)
        }
        defer { prometheus.stop() }

        // The silence goes in before the alert arrives: Alertmanager mutes it on arrival.
        let now = Date()
        let silence: [String: Any] = [
            "matchers": [["name": "alertname", "value": "VigilLiveModeAlways", "isRegex": false, "isEqual": true]],
            "startsAt": AlertmanagerSilenceTests.rfc3339(now),
            "endsAt": AlertmanagerSilenceTests.rfc3339(now.addingTimeInterval(3600)),
            "createdBy": "vigil-live-mode-tests", "comment": "LiveModeAlertTests",
        ]
        let created = try await LiveHTTP.json(alertmanager.url.appendingPathComponent("api/v2/silences"),
                                              method: "POST", body: silence)
        let silenceID = try #require((created as? [String: Any])?["silenceID"] as? String, "no silenceID in \(created)")

        let profile = try LiveMode.loader.load("node")
        let prom = try PrometheusClient(options: EndpointOptions(baseURL: prometheus.url))
        let am: AlertmanagerClient
        do {
            am = try AlertmanagerClient(options: EndpointOptions(baseURL: alertmanager.url))
        } catch {
            await prom.shutdown()
            throw error
        }
        do {
            let source = LiveSource(prometheus: prom, alertmanager: am, profile: .fixed(profile),
                                    refresh: 1, sourceName: "alert-test", history: 0, sink: { _ in })
            let all = try await LiveMode.roundsUntil("the silenced alert in the alerts panel", source, timeout: 40) { latest, _, model in
                let alerts = latest.compactMap { m -> [Alert]? in if case .alerts(_, let a) = m { a } else { nil } }.last ?? []
                return alerts.contains { $0.name == "VigilLiveModeAlways" && $0.silenced }
                    && model.overview.alerts.contains { $0.name == "VigilLiveModeAlways" }
            }
            let model = LiveMode.model(all)
            #expect(model.health["alertmanager"]?.state == .ok)
            #expect(model.health["prometheus"]?.state == .ok)
            #expect(model.panelHealth["alerts"]?.state == .ok)
            let row = try #require(model.overview.alerts.first { $0.name == "VigilLiveModeAlways" })
            // Prometheus' ALERTS series and Alertmanager's alert are one alert, not two.
            #expect(row.count == 1, "\(row)")
            #expect(row.silenced == row.count, "\(row)")
            #expect(row.severity == .warning)
            #expect(row.alerts.first?.annotations["summary"] == "always firing", "Alertmanager's annotations are lost")
            let frame = LiveMode.frame(model)
            #expect(frame.contains("VigilLiveModeAlways (silenced)"), "\(frame)")
            #expect(frame.contains("alertmanager ok"), "\(frame)")
            liveLog("silenced alert (silence \(silenceID)) shown after \(ms(Date().timeIntervalSince(started))): "
                    + "\(row.name) count \(row.count) silenced \(row.silenced)")
        } catch {
            await prom.shutdown()
            await am.shutdown()
            throw error
        }
        await prom.shutdown()
        await am.shutdown()
    }
}
