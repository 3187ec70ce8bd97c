import VigilSources
import Foundation

/// Every failure of a source, in words an operator understands; never contains a secret.
public struct SourceError: Error, Sendable, CustomStringConvertible, Equatable {
    public enum Kind: Sendable, Equatable {
        case connectionRefused, timeout, unauthorized, forbidden, httpStatus(Int), malformedResponse
        case responseTooLarge, tls, apiError(String), tokenCommandFailed, invalidURL, other
    }

    public var kind: Kind
    public var message: String
    public var description: String { message }

    public init(kind: Kind, message: String) {
        self.kind = kind; self.message = message
    }

    /// `10 s`, `0.5 s`: the form timeouts are reported in.
    static func seconds(_ d: Duration) -> String {
        let (s, atto) = d.components
        let value = Double(s) + Double(atto) / 1e18
        return value.rounded() == value ? "\(Int64(value)) s" : "\(String(format: "%g", value)) s"
    }

    /// `32 MB`, `512 KB`, `1000 bytes`: how the size cap is reported.
    static func bytes(_ n: Int) -> String {
        if n >= 1 << 20, n % (1 << 20) == 0 { return "\(n >> 20) MB" }
        if n >= 1 << 10, n % (1 << 10) == 0 { return "\(n >> 10) KB" }
        return "\(n) bytes"
    }
}
