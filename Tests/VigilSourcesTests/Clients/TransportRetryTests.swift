import Foundation
import Synchronization
import Testing
import VigilCore
@testable import VigilSources
@testable import VigilPrometheus
import VigilTestFakes

@Suite(.timeLimit(.minutes(5))) struct TransportRetryTests {
    private typealias F = ClientFixtures

    @Test func serviceUnavailableThenSuccess() async throws {
        let calls = Mutex(0)
        try await withServer({ _ in
            calls.withLock { n in n += 1; return n } <= 2 ? .text("busy", status: 503) : .json(F.okVector)
        }) { server in
            let response = try await withPrometheus(EndpointOptions(baseURL: server.baseURL)) { try await $0.query("up") }
            #expect(server.requestCount == 3)
            guard case .vector(let samples) = response.result else { Issue.record("not a vector"); return }
            #expect(samples.count == 1)
        }
    }

    @Test func retriesRunOutOnPersistentFailure() async throws {
        try await withServer({ _ in .text("gateway", status: 502) }) { server in
            let options = EndpointOptions(baseURL: server.baseURL, retries: 1)
            let error = try await withPrometheus(options) { client in await sourceError { try await client.query("up") } }
            #expect(error == SourceError(kind: .httpStatus(502), message: "HTTP 502 from /api/v1/query"))
            #expect(server.requestCount == 2)
        }
    }

    @Test func badRequestIsNotRetried() async throws {
        try await withServer({ _ in
            .json(#"{"status":"error","errorType":"bad_data","error":"parse error at char 5: unclosed"}"#, status: 400)
        }) { server in
            let error = try await withPrometheus(EndpointOptions(baseURL: server.baseURL)) { client in
                await sourceError { try await client.query("sum(") }
            }
            #expect(error == SourceError(kind: .apiError("bad_data"), message: "bad_data: parse error at char 5: unclosed"))
            #expect(server.requestCount == 1)
        }
    }

    @Test func droppedConnectionIsRetried() async throws {
        let calls = Mutex(0)
        try await withServer({ _ in
            calls.withLock { n in n += 1; return n } == 1 ? .closeConnection : .json(F.okVector)
        }) { server in
            _ = try await withPrometheus(EndpointOptions(baseURL: server.baseURL)) { try await $0.query("up") }
            #expect(server.requestCount == 2)
        }
    }

    @Test func smallRetryAfterIsHonouredLargeOneEndsRetrying() async throws {
        let calls = Mutex(0)
        try await withServer({ request in
            if request.query["query"] == "large" {
                return .text("slow down", status: 429).withHeader("Retry-After", "3600")
            }
            return calls.withLock { n in n += 1; return n } == 1
                ? FakeResponse.text("slow down", status: 429).withHeader("Retry-After", "1") : .json(F.okVector)
        }) { server in
            try await withPrometheus(EndpointOptions(baseURL: server.baseURL)) { client in
                let took = await F.timed { _ = try? await client.query("small") }
                // The retry waited as told: only a lower bound, which a slow machine cannot break.
                #expect(took >= 0.9)
                #expect(server.requestCount == 2)
                let error = await sourceError { try await client.query("large") }
                #expect(error?.kind == .httpStatus(429))
                #expect(server.requestCount == 3)
            }
        }
    }

    @Test func backoffIsExponentialJitteredAndCapped() {
        let policy = RetryPolicy(retries: 10)
        #expect(policy.ceiling(attempt: 0) == .milliseconds(200))
        #expect(policy.ceiling(attempt: 1) == .milliseconds(400))
        #expect(policy.ceiling(attempt: 3) == .milliseconds(1600))
        #expect(policy.ceiling(attempt: 4) == .seconds(2))
        #expect(policy.ceiling(attempt: 1000) == .seconds(2))
        for attempt in 0..<50 {
            for _ in 0..<20 {
                let wait = policy.backoff(attempt: attempt, unit: Double.random(in: 0..<1))
                #expect(wait >= .zero && wait <= policy.ceiling(attempt: attempt))
            }
        }
        #expect(policy.backoff(attempt: 2, unit: 0) == .zero)
        #expect(policy.backoff(attempt: 2, unit: 0.5) == .milliseconds(400))
        #expect(policy.delay(attempt: 0, retryAfter: "2", unit: 0.5) == .seconds(2))
        #expect(policy.delay(attempt: 0, retryAfter: "120", unit: 0.5) == nil)
        #expect(policy.delay(attempt: 0, retryAfter: "Wed, 21 Oct 2015 07:28:00 GMT", unit: 0.5) == .milliseconds(100))
        #expect([408, 429, 500, 502, 503, 504].allSatisfy(RetryPolicy.isRetryable))
        #expect(![400, 401, 403, 404, 405, 422, 501].contains(where: RetryPolicy.isRetryable))
    }
}

extension FakeResponse {
    func withHeader(_ name: String, _ value: String) -> FakeResponse {
        var copy = self
        copy.headers.append((name: name, value: value))
        return copy
    }
}
