import Foundation
import Testing
import VigilLiveHarness

/// A real Prometheus evaluating a rule and sending the alert to a real Alertmanager, which
/// then silences it through its API.
@Suite(.timeLimit(.minutes(10)), .enabled(if: liveTestsEnabled))
struct AlertmanagerSilenceTests {
    static let rule = """
        groups:
          - name: t
            rules:
              - alert: VigilTestAlways
                expr: vector(1)
                labels: {severity: warning}
                annotations: {summary: test}

        """

    @Test func alertReachesAlertmanagerAndIsSilenced() async throws {
        let alertmanager = try RealServers.alertmanager()
        defer { alertmanager.stop() }
        let prometheus = try RealServers.prometheus(rules: [Self.rule], alertmanager: alertmanager.url)
        defer { prometheus.stop() }
        print("live: Alertmanager ready in \(ms(alertmanager.startupSeconds)), Prometheus in \(ms(prometheus.startupSeconds))")

        let alertsURL = alertmanager.url.appendingPathComponent("api/v2/alerts")
        let started = Date()
        let alert = try await eventually("VigilTestAlways in Alertmanager", timeout: 20) {
            try await Self.alert(named: "VigilTestAlways", at: alertsURL)
        }
        print("live: the alert reached Alertmanager in \(ms(Date().timeIntervalSince(started)))")
        #expect((alert["labels"] as? [String: String])?["severity"] == "warning")
        #expect((alert["annotations"] as? [String: String])?["summary"] == "test")
        #expect((alert["status"] as? [String: Any])?["state"] as? String == "active")

        // A silence on alertname, from now for an hour.
        let now = Date()
        let silence: [String: Any] = [
            "matchers": [["name": "alertname", "value": "VigilTestAlways", "isRegex": false, "isEqual": true]],
            "startsAt": Self.rfc3339(now), "endsAt": Self.rfc3339(now.addingTimeInterval(3600)),
            "createdBy": "vigil-live-tests", "comment": "VigilLiveTests",
        ]
        let created = try await LiveHTTP.json(alertmanager.url.appendingPathComponent("api/v2/silences"), method: "POST", body: silence)
        let silenceID = try #require((created as? [String: Any])?["silenceID"] as? String, "no silenceID in \(created)")

        let suppressed = try await eventually("VigilTestAlways suppressed", timeout: 10) { () -> [String: Any]? in
            guard let alert = try await Self.alert(named: "VigilTestAlways", at: alertsURL),
                  let status = alert["status"] as? [String: Any], status["state"] as? String == "suppressed" else { return nil }
            return status
        }
        #expect((suppressed["silencedBy"] as? [String]) == [silenceID], "\(suppressed)")

        let silences = try await LiveHTTP.json(alertmanager.url.appendingPathComponent("api/v2/silences")) as? [[String: Any]] ?? []
        let listed = silences.first { $0["id"] as? String == silenceID }
        #expect((listed?["status"] as? [String: Any])?["state"] as? String == "active", "\(silences)")
    }

    /// The alert called `name` in Alertmanager's `GET /api/v2/alerts`, if listed.
    static func alert(named name: String, at url: URL) async throws -> [String: Any]? {
        let list = try await LiveHTTP.json(url) as? [[String: Any]] ?? []
        return list.first { ($0["labels"] as? [String: String])?["alertname"] == name }
    }

    static func rfc3339(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: date)
    }
}
