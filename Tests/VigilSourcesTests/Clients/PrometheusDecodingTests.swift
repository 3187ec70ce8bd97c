import Foundation
import Testing
import VigilCore
import VigilSources
import VigilPrometheus

@Suite(.timeLimit(.minutes(5))) struct PrometheusDecodingTests {
    private typealias F = ClientFixtures

    @Test func vectorWithSpecialValuesAndNoName() async throws {
        let (client, _) = F.prometheus(#"""
        {"status":"success","data":{"resultType":"vector","result":[
          {"metric":{"__name__":"up","job":"node","instance":"n1:9100"},"value":[1700000000.5,"1"]},
          {"metric":{"job":"a"},"value":[1700000000,"NaN"]},
          {"metric":{"job":"b"},"value":[1700000000,"+Inf"]},
          {"metric":{"job":"c"},"value":[1700000000,"-Inf"]},
          {"metric":{"job":"d"},"value":[1700000000,"1.5e-3"]},
          {"metric":{"job":"h"},"histogram":[1700000000,{"count":"1","sum":"1"}]}
        ]},"warnings":["store eu-1 unavailable"]}
        """#)
        let response = try await client.query("up")
        guard case .vector(let samples) = response.result else { Issue.record("not a vector"); return }
        #expect(samples.count == 5)
        #expect(samples[0].key == SeriesKey(name: "up", labels: ["job": "node", "instance": "n1:9100"]))
        #expect(samples[0].value == 1)
        #expect(samples[0].timestamp == Date(timeIntervalSince1970: 1_700_000_000.5))
        #expect(samples[1].name == "" && samples[1].labels == ["job": "a"] && samples[1].value.isNaN)
        #expect(samples[2].value == .infinity)
        #expect(samples[3].value == -.infinity)
        #expect(samples[4].value == 0.0015)
        #expect(response.warnings == ["store eu-1 unavailable"])
    }

    @Test func matrix() async throws {
        let (client, stub) = F.prometheus(#"""
        {"status":"success","data":{"resultType":"matrix","result":[
          {"metric":{"__name__":"rate","pod":"p"},"values":[[1700000000,"1"],[1700000015,"NaN"],[1700000030,"+Inf"]]},
          {"metric":{},"values":[]}
        ]}}
        """#)
        let start = Date(timeIntervalSince1970: 1_700_000_000), end = start.addingTimeInterval(30)
        let response = try await client.queryRange("rate(x[5m])", start: start, end: end, step: 15)
        guard case .matrix(let series) = response.result else { Issue.record("not a matrix"); return }
        #expect(series.count == 2)
        #expect(series[0].key == SeriesKey(name: "rate", labels: ["pod": "p"]))
        #expect(series[0].times == [start, start.addingTimeInterval(15), end])
        #expect(series[0].values[0] == 1 && series[0].values[1].isNaN && series[0].values[2] == .infinity)
        #expect(series[1].key == SeriesKey(name: "", labels: [:]) && series[1].values.isEmpty)
        #expect(response.warnings.isEmpty)
        let params = FakeQuery.parameters(stub.sent[0].path)
        #expect(stub.sent[0].method == "GET")
        #expect(params["start"] == "1700000000.000" && params["end"] == "1700000030.000" && params["step"] == "15")
    }

    @Test func scalarAndString() async throws {
        let (scalarClient, _) = F.prometheus(#"{"status":"success","data":{"resultType":"scalar","result":[1700000000.25,"-Inf"]}}"#)
        #expect(try await scalarClient.query("-1/0").result == .scalar(Date(timeIntervalSince1970: 1_700_000_000.25), -.infinity))
        let (stringClient, _) = F.prometheus(#"{"status":"success","data":{"resultType":"string","result":[1700000000,"hello"]}}"#)
        #expect(try await stringClient.query(#""hello""#).result == .string(Date(timeIntervalSince1970: 1_700_000_000), "hello"))
    }

    @Test(arguments: [400, 422, 503, 200])
    func errorJSONBecomesAPIError(status: Int) async throws {
        let (client, _) = F.prometheus(#"""
        {"status":"error","errorType":"bad_data","error":"invalid parameter \"query\": 1:5: parse error: unexpected end of input"}
        """#, status: status)
        let error = await sourceError { try await client.query("sum(") }
        #expect(error?.kind == .apiError("bad_data"))
        #expect(error?.message == #"bad_data: invalid parameter "query": 1:5: parse error: unexpected end of input"#)
    }

    @Test func nonJSONErrorStatusNamesTheStatus() async throws {
        let (client, _) = F.prometheus("<html>502 Bad Gateway</html>", status: 502)
        let error = await sourceError { try await client.query("up") }
        #expect(error == SourceError(kind: .httpStatus(502), message: "HTTP 502 from /api/v1/query"))
    }

    @Test(arguments: [
        ("{not json", "not valid JSON"),
        (#"{"status":"success","data":{"resultType":"vector","result":[{"metric":{},"value":[1,"x"]}]}}"#,
         "is not a number"),
        (#"{"status":"success","data":{"resultType":"matrix","result":{}}}"#, "expected"),
        (#"{"status":"success","data":{"resultType":"histogram","result":[]}}"#, "unknown resultType"),
        (#"{"status":"success"}"#, "missing \"data\""),
    ])
    func malformedResponses(json: String, detail: String) async throws {
        let (client, _) = F.prometheus(json)
        let error = await sourceError { try await client.query("up") }
        #expect(error?.kind == .malformedResponse)
        #expect(error?.message.hasPrefix("malformed JSON from /api/v1/query: ") == true)
        #expect(error?.message.contains(detail) == true, "\(error?.message ?? "")")
    }

    @Test func alerts() async throws {
        let (client, stub) = F.prometheus(#"""
        {"status":"success","data":{"alerts":[
          {"labels":{"alertname":"NodeDown","severity":"critical","instance":"n1"},"annotations":{"summary":"down"},
           "state":"firing","activeAt":"2024-05-01T10:00:00.123456789Z","value":"1e+00"},
          {"labels":{"alertname":"HighLoad"},"state":"pending","activeAt":"2024-05-01T12:00:00+02:00","value":"3"}
        ]}}
        """#)
        let alerts = try await client.alerts()
        #expect(stub.sent.map(\.path) == ["/api/v1/alerts"])
        #expect(alerts.count == 2)
        #expect(alerts[0].name == "NodeDown" && alerts[0].state == .firing && alerts[0].severity == .critical)
        #expect(alerts[0].annotations == ["summary": "down"])
        let t = try #require(alerts[0].activeAt?.timeIntervalSince1970)
        #expect(abs(t - 1_714_557_600.123456789) < 1e-5)
        #expect(alerts[1].state == .pending && alerts[1].annotations.isEmpty)
        #expect(alerts[1].activeAt == Date(timeIntervalSince1970: 1_714_557_600))
    }

    @Test func targets() async throws {
        let (client, stub) = F.prometheus(#"""
        {"status":"success","data":{"activeTargets":[
          {"discoveredLabels":{"__address__":"n1:9100"},"labels":{"instance":"n1:9100","job":"node"},
           "scrapePool":"node","scrapeUrl":"http://n1:9100/metrics","globalUrl":"http://n1:9100/metrics",
           "lastError":"","lastScrape":"2024-05-01T10:00:00Z","lastScrapeDuration":0.01,"health":"up"},
          {"labels":{"job":"x"},"scrapeUrl":"http://x/metrics","lastError":"connection refused",
           "lastScrape":"0001-01-01T00:00:00Z","health":"unknown"}
        ],"droppedTargets":[]}}
        """#)
        let targets = try await client.targets()
        #expect(stub.sent.map(\.path) == ["/api/v1/targets?state=active"])
        #expect(targets == [
            ScrapeTarget(labels: ["instance": "n1:9100", "job": "node"], scrapeURL: "http://n1:9100/metrics",
                         health: "up", lastError: "", lastScrape: Date(timeIntervalSince1970: 1_714_557_600)),
            ScrapeTarget(labels: ["job": "x"], scrapeURL: "http://x/metrics", health: "unknown",
                         lastError: "connection refused", lastScrape: nil),
        ])
    }

    @Test func buildInfoAndMetricNames() async throws {
        let (info, _) = F.prometheus(#"""
        {"status":"success","data":{"version":"2.53.1","revision":"abc123","branch":"HEAD","goVersion":"go1.22"}}
        """#)
        #expect(try await info.buildInfo() == BuildInfo(version: "2.53.1", revision: "abc123"))
        let (names, stub) = F.prometheus(#"{"status":"success","data":["node_load1","up"]}"#)
        #expect(try await names.metricNames() == ["node_load1", "up"])
        #expect(stub.sent.map(\.path) == ["/api/v1/label/__name__/values"])
    }
}

/// Query-string decoding for checks on what a stub was sent.
enum FakeQuery {
    static func parameters(_ path: String) -> [String: String] {
        guard let q = path.firstIndex(of: "?") else { return [:] }
        var out: [String: String] = [:]
        for pair in path[path.index(after: q)...].split(separator: "&") {
            let kv = pair.split(separator: "=", maxSplits: 1).map { String($0).removingPercentEncoding ?? "" }
            if kv.count == 2 { out[kv[0]] = kv[1] }
        }
        return out
    }
}
