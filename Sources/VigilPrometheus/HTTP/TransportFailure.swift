import VigilSources
import AsyncHTTPClient
import Foundation
import NIOCore
import NIOSSL

/// A failure after which the same request may well succeed (the connection dropped): the retry
/// loop retries it, and reports `error` once retries run out.
struct RetryableFailure: Error {
    var error: SourceError
}

/// Turns what async-http-client, NIO and BoringSSL throw into operator messages.
enum TransportFailure {
    /// Maps an error of one exchange with `hostPort`; `timeout` is the per-request limit.
    static func map(_ error: any Error, hostPort: String, timeout: Duration) -> any Error {
        if let e = error as? SourceError { return e }
        if let e = error as? RetryableFailure { return e }
        if error is CancellationError { return cancelled }
        if let e = error as? HTTPClientError { return map(e, hostPort: hostPort, timeout: timeout) }
        if let tls = tlsFailure(error, hostPort: hostPort) { return tls }
        if let io = find(IOError.self, in: error) { return map(io, hostPort: hostPort) }
        // Resolver failures come as NIOPosix types this target does not import; their text is stable.
        let text = String(describing: error)
        if text.contains("UnknownHost") || text.contains("DNS error") || text.contains("dnsAError") {
            return SourceError(kind: .other, message: "cannot resolve host of \(hostPort)")
        }
        return SourceError(kind: .other, message: "request to \(hostPort) failed: \(text.prefix(200))")
    }

    static let cancelled = SourceError(kind: .other, message: "request cancelled")

    static func timedOut(_ timeout: Duration, hostPort: String) -> SourceError {
        SourceError(kind: .timeout, message: "timeout after \(SourceError.seconds(timeout)) (\(hostPort))")
    }

    private static func map(_ e: HTTPClientError, hostPort: String, timeout: Duration) -> any Error {
        switch e {
        case .deadlineExceeded, .readTimeout, .writeTimeout, .connectTimeout, .tlsHandshakeTimeout,
             .getConnectionFromPoolTimeout:
            return timedOut(timeout, hostPort: hostPort)
        case .remoteConnectionClosed:
            return RetryableFailure(error: SourceError(
                kind: .other, message: "connection closed by \(hostPort) before the response was complete"))
        case .cancelled, .requestStreamCancelled:
            return cancelled
        case .invalidURL, .emptyHost, .emptyScheme:
            return SourceError(kind: .invalidURL, message: "invalid URL for \(hostPort)")
        case .alreadyShutdown:
            return SourceError(kind: .other, message: "HTTP client for \(hostPort) already shut down")
        default:
            return SourceError(kind: .other, message: "HTTP error talking to \(hostPort): \(e)")
        }
    }

    private static func map(_ io: IOError, hostPort: String) -> any Error {
        switch io.errnoCode {
        case ECONNREFUSED:
            return SourceError(kind: .connectionRefused, message: "connection refused (\(hostPort))")
        case ECONNRESET, EPIPE:
            return RetryableFailure(error: SourceError(kind: .other, message: "connection reset by \(hostPort)"))
        case ETIMEDOUT:
            return SourceError(kind: .timeout, message: "connect to \(hostPort) timed out")
        case EHOSTUNREACH, ENETUNREACH:
            return SourceError(kind: .other, message: "\(hostPort) unreachable (no route)")
        default:
            return SourceError(kind: .other, message: "network error talking to \(hostPort): \(io.description)")
        }
    }

    /// TLS errors: an untrusted certificate gets the hint operators need.
    private static func tlsFailure(_ error: any Error, hostPort: String) -> SourceError? {
        let isTLS = find(NIOSSLError.self, in: error) != nil || find(BoringSSLError.self, in: error) != nil
            || find(NIOSSLExtraError.self, in: error) != nil
        guard isTLS else { return nil }
        let text = String(describing: error)
        if text.contains("CERTIFICATE_VERIFY_FAILED") || text.contains("certificate verify failed") {
            return SourceError(kind: .tls, message:
                "TLS: certificate of \(hostPort) not trusted (pass --ca-file or --insecure-skip-tls-verify)")
        }
        if text.contains("failedToValidateHostname") || text.contains("hostname") {
            return SourceError(kind: .tls, message:
                "TLS: certificate does not match \(hostPort) (pass --insecure-skip-tls-verify to ignore)")
        }
        if text.contains("WRONG_VERSION_NUMBER") {
            return SourceError(kind: .tls, message: "TLS: \(hostPort) does not speak TLS (try http://)")
        }
        return SourceError(kind: .tls, message: "TLS handshake with \(hostPort) failed: \(text.prefix(200))")
    }

    /// The first value of type `T` in `value` or its stored properties, a few levels deep:
    /// connection errors arrive wrapped in types of modules this target does not import.
    static func find<T>(_ type: T.Type, in value: Any, depth: Int = 0) -> T? {
        if let found = value as? T { return found }
        guard depth < 5 else { return nil }
        for child in Mirror(reflecting: value).children {
            if let found = find(type, in: child.value, depth: depth + 1) { return found }
        }
        return nil
    }
}
