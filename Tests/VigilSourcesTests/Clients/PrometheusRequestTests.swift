import Foundation
import Testing
import VigilCore
import VigilSources
import VigilPrometheus
import VigilTestFakes

@Suite(.timeLimit(.minutes(5))) struct PrometheusRequestTests {
    private typealias F = ClientFixtures

    /// Every character PromQL uses that URLs give a meaning to.
    static let trickyQuery = #"sum by (job) (rate(http_requests_total{path=~"/a+b&c=d", le!="+Inf", x="50% {}"}[5m])) + 1 / 2"#

    @Test func getEncodesEveryPromQLCharacter() async throws {
        try await withServer({ _ in .json(F.okVector) }) { server in
            try await withPrometheus(EndpointOptions(baseURL: server.baseURL)) { client in
                _ = try await client.query(Self.trickyQuery, at: Date(timeIntervalSince1970: 1_700_000_000.25))
            }
            let request = try #require(server.requests.first)
            #expect(request.method == "GET")
            #expect(request.path == "/api/v1/query")
            #expect(request.query == ["query": Self.trickyQuery, "time": "1700000000.250"])
            // Nothing that a server could read as a separator or a space is left bare.
            #expect(!request.rawQuery.contains("+") && !request.rawQuery.contains(" ") && !request.rawQuery.contains("{"))
            #expect(request.header("Accept") == "application/json")
        }
    }

    @Test func formEncodingEscapesReservedCharacters() {
        #expect(FormEncoding.escape("a+b c&d=e/f\"{}~._-é") == "a%2Bb%20c%26d%3De%2Ff%22%7B%7D~._-%C3%A9")
        #expect(FormEncoding.encode([(name: "query", value: "up == 1"), (name: "time", value: "1.5")])
            == "query=up%20%3D%3D%201&time=1.5")
    }

    @Test func longQueryIsPostedAsForm() async throws {
        let long = "up{job=\"" + String(repeating: "a+b&c", count: 1000) + "\"}"   // 5 KB
        try await withServer({ _ in .json(F.okVector) }) { server in
            try await withPrometheus(EndpointOptions(baseURL: server.baseURL)) { client in
                _ = try await client.queryRange(long, start: Date(timeIntervalSince1970: 0),
                                                end: Date(timeIntervalSince1970: 60), step: 0.5)
            }
            #expect(server.requestCount == 1)
            let request = try #require(server.requests.first)
            #expect(request.method == "POST" && request.uri == "/api/v1/query_range")
            #expect(request.header("Content-Type") == "application/x-www-form-urlencoded")
            #expect(request.form == ["query": long, "start": "0.000", "end": "60.000", "step": "0.5"])
        }
    }

    @Test(arguments: [405, 414])
    func refusedGetIsRetriedAsPost(status: Int) async throws {
        try await withServer({ request in
            request.method == "GET" ? .text("use POST", status: status) : .json(F.okVector)
        }) { server in
            let response = try await withPrometheus(EndpointOptions(baseURL: server.baseURL)) { client in
                try await client.query("up")
            }
            #expect(server.requests.map(\.method) == ["GET", "POST"])
            #expect(server.requests.last?.form["query"] == "up")
            #expect(response.result == .vector([Sample(name: "up", labels: [:], value: 1,
                                                       timestamp: Date(timeIntervalSince1970: 1_700_000_000))]))
        }
    }

    @Test func basePathPrefixAndHeaders() async throws {
        try await withServer({ _ in .json(#"{"status":"success","data":["up"]}"#) }) { server in
            let base = try #require(URL(string: "http://127.0.0.1:\(server.port)/prometheus/"))
            let options = EndpointOptions(baseURL: base, headers: [(name: "X-Scope-OrgID", value: "tenant-a")])
            #expect(try await withPrometheus(options) { try await $0.metricNames() } == ["up"])
            let request = try #require(server.requests.first)
            #expect(request.uri == "/prometheus/api/v1/label/__name__/values")
            #expect(request.header("X-Scope-OrgID") == "tenant-a")
            #expect(request.header("Authorization") == nil)
        }
    }

    @Test func sameOriginRedirectIsFollowedOtherOriginIsNot() async throws {
        try await withServer({ request in
            switch request.path {
            case "/old/api/v1/label/__name__/values":
                FakeResponse(status: 302, headers: [(name: "Location", value: "/new/api/v1/label/__name__/values")])
            case "/new/api/v1/label/__name__/values": .json(#"{"status":"success","data":["a"]}"#)
            default: FakeResponse(status: 307, headers: [(name: "Location", value: "https://elsewhere.invalid/login")])
            }
        }) { server in
            let old = try #require(URL(string: "http://127.0.0.1:\(server.port)/old"))
            let options = EndpointOptions(baseURL: old, auth: .bearer(.literal(TestSecrets.literalToken)))
            #expect(try await withPrometheus(options) { try await $0.metricNames() } == ["a"])
            #expect(server.requests.last?.header("Authorization") == "Bearer \(TestSecrets.literalToken)")

            let other = try #require(URL(string: "http://127.0.0.1:\(server.port)/other"))
            let error = try await withPrometheus(EndpointOptions(baseURL: other)) { client in
                await sourceError { try await client.buildInfo() }
            }
            #expect(error == SourceError(kind: .httpStatus(307), message:
                "307 redirect from /api/v1/status/buildinfo to https://elsewhere.invalid:443 not followed (other origin)"))
        }
    }
}
