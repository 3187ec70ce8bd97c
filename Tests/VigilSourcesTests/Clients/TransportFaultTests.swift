import Foundation
import Testing
import VigilCore
import VigilSources
import VigilPrometheus
import VigilTestFakes

@Suite(.timeLimit(.minutes(5))) struct TransportFaultTests {
    private typealias F = ClientFixtures

    @Test func slowServerTimesOut() async throws {
        try await withServer({ _ in FakeResponse.json(F.okVector).delayed(by: .seconds(4)) }) { server in
            let options = EndpointOptions(baseURL: server.baseURL, timeout: .seconds(1))
            try await withPrometheus(options) { client in
                // The answer would come after 4 s: a timeout error is the client giving up at its
                // 1 s (no duration is asserted: timing belongs to benchmarks).
                let error = await sourceError { try await client.query("up") }
                #expect(error == SourceError(kind: .timeout, message: "timeout after 1 s (127.0.0.1:\(server.port))"))
                // Timeouts are not retried: a dead server should not cost three timeouts per poll.
                #expect(server.requestCount == 1)
            }
        }
    }

    @Test func neverAnsweringServerTimesOut() async throws {
        try await withServer({ _ in .neverAnswer }) { server in
            let options = EndpointOptions(baseURL: server.baseURL, timeout: .milliseconds(1500))
            try await withPrometheus(options) { client in
                let error = await sourceError { try await client.buildInfo() }
                #expect(error?.kind == .timeout)
                #expect(error?.message == "timeout after 1.5 s (127.0.0.1:\(server.port))")
            }
        }
    }

    @Test func connectionRefusedNamesHostAndPort() async throws {
        // A port that was just bound and released: nothing listens there.
        let server = try await FakeHTTPServer { _ in .text("") }
        let port = server.port
        await server.shutdown()
        let url = try #require(URL(string: "http://127.0.0.1:\(port)"))
        try await withPrometheus(EndpointOptions(baseURL: url)) { client in
            let error = await sourceError { try await client.query("up") }
            #expect(error == SourceError(kind: .connectionRefused, message: "connection refused (127.0.0.1:\(port))"))
        }
    }

    @Test func unknownHostIsNamed() async throws {
        let url = try #require(URL(string: "http://nonexistent-host.invalid:9090"))
        let error = try await withPrometheus(EndpointOptions(baseURL: url, timeout: .seconds(3))) { c in
            await sourceError { try await c.query("up") }
        }
        // A resolver without network may time out instead of failing at once.
        #expect(error == SourceError(kind: .other, message: "cannot resolve host of nonexistent-host.invalid:9090")
            || error?.kind == .timeout)
    }

    @Test func malformedJSONFromServer() async throws {
        try await withServer({ _ in .json(#"{"status":"success","data":{"resultType":"vector","result":[{"metric":"#) }) { server in
            let error = try await withPrometheus(EndpointOptions(baseURL: server.baseURL)) { c in
                await sourceError { try await c.query("up") }
            }
            #expect(error == SourceError(kind: .malformedResponse, message: "malformed JSON from /api/v1/query: not valid JSON: unexpected end at byte 70"))
        }
    }

    @Test func hugeStreamedBodyIsCutOffAndTheConnectionDropped() async throws {
        try await withServer({ _ in .huge(bytes: 50 << 20) }) { server in
            let options = EndpointOptions(baseURL: server.baseURL, maxResponseBytes: 1 << 20)
            let error = try await withPrometheus(options) { c in
                let error = await sourceError { try await c.query("up") }
                // Dropped at once, not kept open (or drained) in the pool.
                #expect(await Self.eventually { server.openConnections == 0 })
                return error
            }
            // Not read whole: the server got rid of the cap plus what socket buffers hold.
            #expect(server.bytesSent < 25 << 20, "server sent \(server.bytesSent) bytes")
            #expect(error == SourceError(kind: .responseTooLarge, message: "response larger than 1 MB from /api/v1/query"))
            #expect(server.requestCount == 1)
        }
    }

    @Test func bodyPastTheCapIsNeverRead() async throws {
        // 256 MB offered. A client that kept reading (to buffer or to drain) would take all of
        // it; one that stops leaves the kernel holding the cap plus what socket buffers absorb
        // (a few MB; tens at most on loopback with a 32 MB tcp_rmem).
        try await withServer({ _ in .huge(bytes: 256 << 20, chunkSize: 256 << 10) }) { server in
            let options = EndpointOptions(baseURL: server.baseURL, maxResponseBytes: 1 << 20)
            let error = try await withPrometheus(options) { c in await sourceError { try await c.query("up") } }
            #expect(error?.kind == .responseTooLarge)
            try await Task.sleep(for: .milliseconds(500))
            #expect(server.bytesSent < 100 << 20, "server sent \(server.bytesSent) bytes")
        }
    }

    @Test func defaultCapIs32MB() async throws {
        try await withServer({ _ in .huge(bytes: 50 << 20, chunkSize: 256 << 10) }) { server in
            let error = try await withPrometheus(EndpointOptions(baseURL: server.baseURL)) { c in
                await sourceError { try await c.query("up") }
            }
            #expect(error == SourceError(kind: .responseTooLarge, message: "response larger than 32 MB from /api/v1/query"))
            #expect(await Self.eventually { server.openConnections == 0 })
        }
    }

    @Test func declaredOversizeIsRefusedBeforeReading() async throws {
        try await withServer({ _ in .huge(bytes: 50 << 20, declareLength: true) }) { server in
            let options = EndpointOptions(baseURL: server.baseURL, maxResponseBytes: 512 << 10)
            let error = try await withPrometheus(options) { c in await sourceError { try await c.metricNames() } }
            #expect(error == SourceError(kind: .responseTooLarge,
                                         message: "response larger than 512 KB from /api/v1/label/__name__/values"))
            #expect(await Self.eventually { server.openConnections == 0 })
        }
    }

    @Test func invalidBaseURLIsRejectedAtInit() throws {
        for text in ["ftp://host/x", "file:///tmp/x", "http://"] {
            let url = try #require(URL(string: text))
            #expect(throws: SourceError.self) { try AsyncHTTPTransport(options: EndpointOptions(baseURL: url)) }
            do {
                _ = try PrometheusClient(options: EndpointOptions(baseURL: url))
                Issue.record("accepted \(text)")
            } catch let error as SourceError {
                #expect(error.kind == .invalidURL)
                #expect(error.message.hasPrefix("invalid URL "))
            }
        }
    }

    @Test func credentialsInTheURLAreRefusedWithoutEchoingThem() throws {
        let url = try #require(URL(string: "https://alice:\(TestSecrets.password)@prom.example:9091/x"))
        do {
            _ = try PrometheusClient(options: EndpointOptions(baseURL: url))
            Issue.record("accepted credentials in the URL")
        } catch let error as SourceError {
            #expect(error == SourceError(kind: .invalidURL, message: "invalid URL https://prom.example:9091/x: "
                + "credentials in the URL are not supported (use basic auth with a password file)"))
            TestSecrets.expectAbsent(in: error.message)
        }
    }

    /// Whether `condition` holds within `seconds`, polling.
    static func eventually(within seconds: Double = 3, _ condition: () -> Bool) async -> Bool {
        let deadline = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
        while ContinuousClock.now < deadline {
            if condition() { return true }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return condition()
    }
}
