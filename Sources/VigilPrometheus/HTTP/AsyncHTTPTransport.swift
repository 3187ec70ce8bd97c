import VigilSources
import AsyncHTTPClient
import Foundation
import NIOCore
import NIOSSL
import Synchronization

/// async-http-client based transport: TLS from the CA file or insecure flag, per-request
/// deadline, streamed size cap, auth with one refresh after a 401, and retries with backoff.
public final class AsyncHTTPTransport: HTTPTransport {
    let options: EndpointOptions
    let target: EndpointTarget
    let client: HTTPClient
    let credentials: CredentialStore
    let policy: RetryPolicy
    private let isShutDown = Mutex(false)

    /// Throws `SourceError` (`.invalidURL`, `.tls`) for a bad base URL or CA file.
    public init(options: EndpointOptions) throws {
        self.options = options
        target = try EndpointTarget(options.baseURL)
        let tls = try Self.tlsConfiguration(options)
        var config = HTTPClient.Configuration(
            tlsConfiguration: tls,
            // Redirects are followed here instead, to keep credentials on one origin.
            redirectConfiguration: .disallow,
            timeout: .init(connect: Self.timeAmount(options.timeout)))
        // Without this, a refused connection is retried until the connect timeout; we want to say
        // "connection refused" at once, and retry on our own terms.
        config.connectionPool.retryConnectionEstablishment = false
        client = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: config)
        credentials = CredentialStore(auth: options.auth, commandTimeout: max(options.timeout, .seconds(10)))
        policy = RetryPolicy(retries: max(0, options.retries))
    }

    deinit {
        // async-http-client traps in debug builds when a client is dropped running; a forgotten
        // shutdown() should leak nothing and crash nothing.
        if !isShutDown.withLock({ $0 }) { _ = client.shutdown() }
    }

    public func shutdown() async {
        let first = isShutDown.withLock { done in
            defer { done = true }
            return !done
        }
        if first { try? await client.shutdown() }
    }

    public func send(_ request: HTTPRequestSpec) async throws -> HTTPResponseData {
        var refreshed = false
        while true {
            let credential: CredentialStore.Credential
            do {
                credential = try await credentials.current()
            } catch let e as SourceError {
                throw e
            } catch {
                throw SourceError(kind: .other, message: "loading credentials failed")
            }
            let response = try await sendRetrying(request, authorization: credential.header)
            switch response.status {
            case 401:
                // Tokens rotate: a file or command may have a new one; ask once per request.
                if credentials.canRefresh, !refreshed {
                    refreshed = true
                    await credentials.invalidate(generation: credential.generation)
                    continue
                }
                // A credential passed as a raw header (--header 'Authorization: …') is what the
                // server rejected then, not "no credentials".
                let viaHeader = options.headers.contains { $0.name.lowercased() == "authorization" }
                throw SourceError(kind: .unauthorized, message: viaHeader && !credentials.hasConfiguredAuth
                                  ? "401: credentials in the Authorization header (--header) rejected"
                                  : credentials.rejectionMessage)
            case 403:
                throw SourceError(kind: .forbidden,
                                  message: "403: \(options.auth.description) may not read \(request.route) (forbidden)")
            default:
                return response
            }
        }
    }

    /// Sends, retrying retryable statuses and dropped connections with backoff.
    private func sendRetrying(_ request: HTTPRequestSpec, authorization: String?) async throws -> HTTPResponseData {
        var attempt = 0
        while true {
            let wait: Duration
            do {
                let response = try await exchange(request, authorization: authorization)
                guard attempt < policy.retries, RetryPolicy.isRetryable(status: response.status),
                      let delay = policy.delay(attempt: attempt, retryAfter: response.header("Retry-After"),
                                               unit: Double.random(in: 0..<1))
                else { return response }
                wait = delay
            } catch let failure as RetryableFailure {
                guard attempt < policy.retries else { throw failure.error }
                wait = policy.backoff(attempt: attempt, unit: Double.random(in: 0..<1))
            }
            do {
                try await Task.sleep(for: wait)
            } catch {
                throw TransportFailure.cancelled
            }
            attempt += 1
        }
    }

    private static func tlsConfiguration(_ options: EndpointOptions) throws -> TLSConfiguration {
        var tls = TLSConfiguration.makeClientConfiguration()
        if let caFile = options.caFile {
            // Parsed here rather than handed over as `.file(path)`, so that a missing or bad file
            // fails at start-up with its name instead of at every handshake.
            let certificates: [NIOSSLCertificate]
            do {
                certificates = try NIOSSLCertificate.fromPEMFile(caFile)
            } catch {
                throw SourceError(kind: .tls, message: "CA file \(caFile): cannot read PEM certificates")
            }
            guard !certificates.isEmpty else {
                throw SourceError(kind: .tls, message: "CA file \(caFile) holds no PEM certificate")
            }
            tls.trustRoots = .certificates(certificates)
        }
        if options.insecureSkipTLSVerify { tls.certificateVerification = .none }
        return tls
    }

    static func timeAmount(_ d: Duration) -> TimeAmount {
        let (s, atto) = d.components
        return .nanoseconds(s * 1_000_000_000 + atto / 1_000_000_000)
    }
}
