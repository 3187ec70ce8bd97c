import Foundation
import Synchronization
import Testing
import VigilCore
import VigilSources
import VigilPrometheus
import VigilTestFakes

/// Secrets the client tests use. No `SourceError` any test sees may contain one.
enum TestSecrets {
    static let staleToken = "stale-secret-token-1111"
    static let freshToken = "fresh-secret-token-2222"
    static let literalToken = "literal-secret-token-3333"
    static let password = "basic-secret-password-4444"
    static let fileToken = "file-secret-token-5555"
    static let all = [staleToken, freshToken, literalToken, password, fileToken]

    static func expectAbsent(in text: String, sourceLocation: SourceLocation = #_sourceLocation) {
        for secret in all {
            #expect(!text.contains(secret), "secret leaked into: \(text)", sourceLocation: sourceLocation)
        }
        // The basic-auth header value of the test password, base64 of "user:password".
        let encoded = Data("alice:\(password)".utf8).base64EncodedString()
        #expect(!text.contains(encoded), "basic auth header leaked into: \(text)", sourceLocation: sourceLocation)
    }
}

/// Runs `body`, which must fail with a `SourceError`, and returns it after checking it for secrets.
func sourceError<T>(sourceLocation: SourceLocation = #_sourceLocation,
                    _ body: () async throws -> T) async -> SourceError? {
    do {
        _ = try await body()
        Issue.record("expected a SourceError, got success", sourceLocation: sourceLocation)
        return nil
    } catch let error as SourceError {
        TestSecrets.expectAbsent(in: error.message, sourceLocation: sourceLocation)
        TestSecrets.expectAbsent(in: String(describing: error), sourceLocation: sourceLocation)
        TestSecrets.expectAbsent(in: String(reflecting: error), sourceLocation: sourceLocation)
        return error
    } catch {
        Issue.record("expected a SourceError, got \(error)", sourceLocation: sourceLocation)
        return nil
    }
}

/// A fake server for the duration of `body`, shut down afterwards whatever happens.
func withServer<T>(tls: TestCertificates? = nil, _ handler: @escaping FakeHTTPServer.Handler,
                   _ body: (FakeHTTPServer) async throws -> T) async throws -> T {
    try await FakeHTTPServer.with(tls: tls, handler, body)
}

/// A Prometheus client for `options` for the duration of `body`.
func withPrometheus<T>(_ options: EndpointOptions, _ body: (PrometheusClient) async throws -> T) async throws -> T {
    let client = try PrometheusClient(options: options)
    do {
        let result = try await body(client)
        await client.shutdown()
        return result
    } catch {
        await client.shutdown()
        throw error
    }
}

/// A transport answering from a closure, recording what it was sent: for decoding tests.
final class StubTransport: HTTPTransport {
    private let answer: @Sendable (HTTPRequestSpec) -> HTTPResponseData
    private let sentRequests = Mutex<[HTTPRequestSpec]>([])

    init(_ answer: @escaping @Sendable (HTTPRequestSpec) -> HTTPResponseData) { self.answer = answer }

    convenience init(status: Int = 200, json: String) {
        self.init { _ in HTTPResponseData(status: status, headers: [], body: Array(json.utf8)) }
    }

    var sent: [HTTPRequestSpec] { sentRequests.withLock { $0 } }

    func send(_ request: HTTPRequestSpec) async throws -> HTTPResponseData {
        sentRequests.withLock { $0.append(request) }
        return answer(request)
    }

    func shutdown() async {}
}

enum ClientFixtures {
    static let dummyURL = URL(string: "http://prometheus.invalid:9090") ?? URL(fileURLWithPath: "/")

    static func prometheus(_ json: String, status: Int = 200) -> (PrometheusClient, StubTransport) {
        let stub = StubTransport(status: status, json: json)
        return (PrometheusClient(options: EndpointOptions(baseURL: dummyURL), transport: stub), stub)
    }

    static func alertmanager(_ json: String, status: Int = 200) -> (AlertmanagerClient, StubTransport) {
        let stub = StubTransport(status: status, json: json)
        return (AlertmanagerClient(options: EndpointOptions(baseURL: dummyURL), transport: stub), stub)
    }

    /// `{"status":"success","data":[…]}` answering any query.
    static let okVector = #"{"status":"success","data":{"resultType":"vector","result":[{"metric":{"__name__":"up"},"value":[1700000000,"1"]}]}}"#

    /// A fresh temporary directory.
    static func tempDir() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-client-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    /// Seconds `body` took.
    static func timed(_ body: () async -> Void) async -> Double {
        let start = ContinuousClock.now
        await body()
        let d = ContinuousClock.now - start
        return Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
    }
}
