import Foundation
import Synchronization
import Testing
import VigilApp
@testable import VigilEngine
import VigilCore
import VigilSources
import VigilPrometheus
import VigilTestFakes

/// Live mode behind fake Prometheus servers that misbehave: each fault turns into the stale
/// reason an operator reads, on the panel whose request failed, while the data shown before stays.
@Suite(.timeLimit(.minutes(10)), .enabled(if: liveTestsEnabled))
struct LiveModeFaultTests {
    /// Two panels, one request each: `down` (the one the faults hit first) and `header`.
    static let profileYAML = """
        name: tiny
        description: two panels for fault tests
        panels:
          header:
            queries:
              - series: cluster:capacity_cpu_cores:sum
                expr: tiny_cores
          down:
            queries:
              - series: up
                expr: up
        """

    static func profile() throws -> DashboardProfile {
        try ProfileLoader.parse(profileYAML, file: "tiny.yaml")
    }

    /// A good answer to either query.
    static func answer(_ query: String) -> FakeResponse {
        let t = Date().timeIntervalSince1970
        switch query {
        case "up":
            return .json("""
                {"status":"success","data":{"resultType":"vector","result":[
                  {"metric":{"__name__":"up","job":"web","instance":"10.0.0.7:8080"},"value":[\(t),"0"]},
                  {"metric":{"__name__":"up","job":"web","instance":"10.0.0.8:8080"},"value":[\(t),"1"]}]}}
                """)
        case "tiny_cores":
            return .json("""
                {"status":"success","data":{"resultType":"vector","result":[{"metric":{},"value":[\(t),"8"]}]}}
                """)
        default:
            return .json(#"{"status":"error","errorType":"bad_data","error":"unknown query"}"#, status: 400)
        }
    }

    enum Fault: String, CaseIterable, Sendable, CustomTestStringConvertible {
        case slow, malformedJSON, unauthorized, hugeBody
        var testDescription: String { rawValue }

        static let tokenCommand = "echo live-mode-token"

        func options(_ base: URL) -> EndpointOptions {
            switch self {
            case .slow: EndpointOptions(baseURL: base, timeout: .seconds(1))
            case .malformedJSON: EndpointOptions(baseURL: base)
            case .unauthorized: EndpointOptions(baseURL: base, auth: .bearer(.command(Self.tokenCommand)))
            case .hugeBody: EndpointOptions(baseURL: base, maxResponseBytes: 1 << 20)
            }
        }

        var response: FakeResponse {
            switch self {
            case .slow: LiveModeFaultTests.answer("up").delayed(by: .seconds(4))
            case .malformedJSON: .json(#"{"status":"success","data":{"resultType":"vector","result":[{"metric":"#)
            case .unauthorized: .json(#"{"status":"error","errorType":"unauthorized","error":"bad token"}"#, status: 401)
            case .hugeBody: .huge(bytes: 50 << 20)
            }
        }

        /// What the stale reason must start with.
        func expectedReason(port: Int) -> String {
            switch self {
            case .slow: "timeout after 1 s (127.0.0.1:\(port))"
            case .malformedJSON: "malformed JSON from /api/v1/query"
            case .unauthorized: "401: token from `\(Self.tokenCommand)` rejected"
            case .hugeBody: "response larger than 1 MB from /api/v1/query"
            }
        }
    }

    /// Which requests the fake server answers with the fault.
    enum Scope: Sendable { case none, downPanel, everything }

    @Test(arguments: Fault.allCases)
    func faultMakesThePanelStaleAndKeepsTheData(_ fault: Fault) async throws {
        let scope = Mutex(Scope.none)
        let handler: FakeHTTPServer.Handler = { request in
            let query = request.parameters["query"] ?? ""
            let faulty = scope.withLock { s in s == .everything || (s == .downPanel && query == "up") }
            return faulty ? fault.response : Self.answer(query)
        }
        let profile = try Self.profile()
        try await LiveMode.withFakeServer(handler) { server in
            try await LiveMode.withPrometheus(fault.options(server.baseURL)) { client in
                let source = LiveSource(prometheus: client, alertmanager: nil, profile: .fixed(profile),
                                        refresh: 1, sourceName: "fault-\(fault)", history: 0, sink: { _ in })
                let expected = fault.expectedReason(port: server.port)

                // 1. Good: both panels, one batch.
                var all = await LiveMode.round(source)
                #expect(LiveMode.health(all, "prometheus") == .ok, "\(LiveMode.describeHealth(all))")
                let good = LiveMode.model(all)
                #expect(good.overview.header.cores == 8)
                #expect(good.overview.down.map(\.detail) == ["10.0.0.7:8080"])

                // 2. The down panel's request fails: that panel is stale, the batch carries its
                //    last good samples, the other panel and Prometheus as a whole are fine.
                scope.withLock { $0 = .downPanel }
                var started = Date()
                let partial = await LiveMode.round(source)
                let partialSeconds = Date().timeIntervalSince(started)
                all += partial
                let reason = try #require(LiveMode.staleReason(LiveMode.health(partial, "prometheus/down")),
                                          "prometheus/down not stale: \(LiveMode.describeHealth(partial))")
                #expect(reason.hasPrefix(expected), "\(fault): got \"\(reason)\", want \"\(expected)…\"")
                #expect(LiveMode.health(partial, "prometheus/header") == .ok)
                #expect(LiveMode.health(partial, "prometheus") == .ok)
                let batch = try #require(LiveMode.batches(partial).first, "no batch although one panel answered")
                let ups = batch.samples.filter { $0.name == "up" }.map { "\($0.labels["instance"] ?? "?")=\($0.value)" }.sorted()
                #expect(ups == ["10.0.0.7:8080=0.0", "10.0.0.8:8080=1.0"], "the failed panel's last good samples: \(ups)")
                let stalePanel = LiveMode.model(all)
                #expect(stalePanel.overview.down.map(\.detail) == ["10.0.0.7:8080"])
                #expect(stalePanel.staleReason(.down) == reason)
                #expect(stalePanel.staleReason(.cpu) == nil)
                let frame = LiveMode.frame(stalePanel)
                #expect(frame.contains("STALE") && frame.contains("10.0.0.7:8080"), "\(frame)")

                // 3. Everything fails: every panel and Prometheus are stale with the reason, no
                //    batch is sent, and the app still shows the last data.
                scope.withLock { $0 = .everything }
                started = Date()
                let failed = await LiveMode.round(source)
                let failedSeconds = Date().timeIntervalSince(started)
                all += failed
                for source in ["prometheus/down", "prometheus/header", "prometheus"] {
                    let r = LiveMode.staleReason(LiveMode.health(failed, source))
                    #expect(r?.hasPrefix(expected) == true, "\(source): \(String(describing: r))")
                }
                #expect(LiveMode.batches(failed).isEmpty)
                let kept = LiveMode.model(all)
                #expect(kept.overview.header.cores == 8)
                #expect(kept.overview.down.map(\.detail) == ["10.0.0.7:8080"])
                #expect(LiveMode.frame(kept).contains("prometheus: \(reason)"), "\(LiveMode.frame(kept))")

                // 4. Fixed: all fresh again.
                scope.withLock { $0 = .none }
                let back = await LiveMode.round(source)
                #expect(LiveMode.describeHealth(back) == "prometheus/header: ok; prometheus/down: ok; prometheus: ok")
                if fault == .hugeBody {
                    // The cap cut the 50 MB bodies short: far less than 2 × 50 MB was sent.
                    #expect(server.bytesSent < 20 << 20, "the server got \(server.bytesSent) bytes out")
                }
                liveLog("\(fault): \"\(reason)\" (one panel: \(ms(partialSeconds)), all: \(ms(failedSeconds)))")
            }
        }
    }

    /// A server whose certificate comes from a private CA: without the CA the collector says so
    /// (and how to fix it); with `caFile` it reads the data.
    @Test func tlsWithAPrivateCA() async throws {
        let certs = try TestCertificates.shared()
        let profile = try Self.profile()
        try await LiveMode.withFakeServer(tls: certs, { request in Self.answer(request.parameters["query"] ?? "") }) { server in
            let untrusted = try await LiveMode.withPrometheus(EndpointOptions(baseURL: server.baseURL)) { client in
                let source = LiveSource(prometheus: client, alertmanager: nil, profile: .fixed(profile),
                                        refresh: 1, sourceName: "tls", history: 0, sink: { _ in })
                return await LiveMode.round(source)
            }
            let reason = LiveMode.staleReason(LiveMode.health(untrusted, "prometheus"))
            #expect(reason == "TLS: certificate of 127.0.0.1:\(server.port) not trusted (pass --ca-file or --insecure-skip-tls-verify)",
                    "\(LiveMode.describeHealth(untrusted))")
            #expect(LiveMode.staleReason(LiveMode.health(untrusted, "prometheus/down")) == reason)
            #expect(LiveMode.batches(untrusted).isEmpty)

            let trusted = try await LiveMode.withPrometheus(EndpointOptions(baseURL: server.baseURL, caFile: certs.caPEMPath)) { client in
                let source = LiveSource(prometheus: client, alertmanager: nil, profile: .fixed(profile),
                                        refresh: 1, sourceName: "tls", history: 0, sink: { _ in })
                return await LiveMode.round(source)
            }
            #expect(LiveMode.health(trusted, "prometheus") == .ok, "\(LiveMode.describeHealth(trusted))")
            // The untrusted round, then the trusted one: the panels are fresh and filled.
            let model = LiveMode.model(untrusted + trusted)
            #expect(model.overview.header.cores == 8)
            #expect(model.overview.down.map(\.detail) == ["10.0.0.7:8080"])
            #expect(model.staleReason(.down) == nil)
            liveLog("TLS without the CA: \"\(reason ?? "-")\"; with --ca-file: \(LiveMode.describeHealth(trusted))")
        }
    }
}
