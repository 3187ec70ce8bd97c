import Foundation
import Testing
import VigilCore
import VigilSources
import VigilPrometheus
import VigilTestFakes

@Suite(.timeLimit(.minutes(5))) struct AlertmanagerClientTests {
    private typealias F = ClientFixtures

    static let alertsJSON = #"""
    [
      {"labels":{"alertname":"NodeDown","severity":"critical","instance":"n1"},"annotations":{"summary":"n1 down"},
       "startsAt":"2024-05-01T10:00:00.000Z","endsAt":"2024-05-01T11:00:00.000Z","updatedAt":"2024-05-01T10:01:00Z",
       "fingerprint":"abc","receivers":[{"name":"pager"}],"status":{"state":"active","silencedBy":[],"inhibitedBy":[]}},
      {"labels":{"alertname":"DiskFull","severity":"warning"},"annotations":{},
       "startsAt":"2024-05-01T09:00:00Z","endsAt":"2024-05-01T09:30:00Z","fingerprint":"def","receivers":[],
       "status":{"state":"suppressed","silencedBy":["8d3a6c0e-silence"],"inhibitedBy":[]}},
      {"labels":{"alertname":"PodCrash","severity":"info"},"annotations":{},
       "startsAt":"2024-05-01T09:00:00Z","endsAt":"0001-01-01T00:00:00Z","fingerprint":"ghi","receivers":[],
       "status":{"state":"suppressed","silencedBy":[],"inhibitedBy":["abc"]}}
    ]
    """#

    @Test func alertsIncludeSilencedAndInhibited() async throws {
        let (client, stub) = F.alertmanager(Self.alertsJSON)
        let alerts = try await client.alerts()
        #expect(FakeQuery.parameters(stub.sent[0].path) == ["active": "true", "silenced": "true", "inhibited": "true"])
        #expect(stub.sent[0].path.hasPrefix("/api/v2/alerts?"))
        #expect(alerts.map(\.name) == ["NodeDown", "DiskFull", "PodCrash"])
        #expect(alerts.allSatisfy { $0.state == .firing })
        #expect(!alerts[0].silenced && !alerts[0].inhibited)
        #expect(alerts[0].activeAt == Date(timeIntervalSince1970: 1_714_557_600))
        #expect(alerts[0].endsAt == Date(timeIntervalSince1970: 1_714_561_200))
        #expect(alerts[0].annotations == ["summary": "n1 down"])
        #expect(alerts[1].silenced && !alerts[1].inhibited)
        #expect(!alerts[2].silenced && alerts[2].inhibited)
        #expect(alerts[2].endsAt == nil)
    }

    @Test func status() async throws {
        let (client, stub) = F.alertmanager(#"""
        {"cluster":{"name":"01HX","peers":[],"status":"ready"},
         "config":{"original":"receivers:\n- name: x\n  slack_configs:\n  - api_url: https://hooks.invalid/secret\n"},
         "uptime":"2024-05-01T10:00:00.000Z",
         "versionInfo":{"branch":"HEAD","buildDate":"x","buildUser":"x","goVersion":"go1.22","revision":"r","version":"0.27.0"}}
        """#)
        #expect(try await client.status()
            == AlertmanagerStatus(version: "0.27.0", clusterStatus: "ready", uptime: Date(timeIntervalSince1970: 1_714_557_600)))
        #expect(stub.sent.map(\.path) == ["/api/v2/status"])
    }

    @Test func errorsAndMalformedBodies() async throws {
        let (bad, _) = F.alertmanager(#"{"code":400,"message":"bad matcher"}"#, status: 400)
        let error = await sourceError { try await bad.alerts() }
        #expect(error == SourceError(kind: .httpStatus(400), message: "HTTP 400 from /api/v2/alerts: bad matcher"))
        let (proxy, _) = F.alertmanager("<html>oops</html>", status: 502)
        #expect(await sourceError { try await proxy.status() }?.message == "HTTP 502 from /api/v2/status")
        let (malformed, _) = F.alertmanager(#"[{"labels":{}}]"#)
        let m = await sourceError { try await malformed.alerts() }
        #expect(m?.kind == .malformedResponse)
        #expect(m?.message == #"malformed JSON from /api/v2/alerts: missing "startsAt" at [0]"#)
    }

    @Test func overHTTP() async throws {
        try await withServer({ request in
            request.path == "/am/api/v2/alerts" ? .json(Self.alertsJSON) : .text("no", status: 404)
        }) { server in
            let url = try #require(URL(string: "http://127.0.0.1:\(server.port)/am/"))
            let client = try AlertmanagerClient(options: EndpointOptions(baseURL: url))
            let alerts = try await client.alerts()
            await client.shutdown()
            #expect(alerts.count == 3)
            #expect(server.requests.first?.query["silenced"] == "true")
        }
    }
}
