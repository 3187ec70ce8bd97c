import VigilSources
import Foundation

/// How to reach one HTTP API.
public struct EndpointOptions: Sendable {
    /// e.g. `https://thanos-querier.example:9091` or `http://127.0.0.1:9090`; may carry a path prefix
    /// (`https://host/prometheus`), which every request path is appended to.
    public var baseURL: URL
    /// PEM bundle to trust instead of the system roots, so a private CA works.
    public var caFile: String?
    public var insecureSkipTLSVerify: Bool
    /// Sent with every request (e.g. `X-Scope-OrgID`); the `auth` header, when set, wins over one here.
    public var headers: [(name: String, value: String)]
    public var auth: Auth
    /// Per attempt: connect, send and read the whole body.
    public var timeout: Duration
    /// Larger bodies are cut off and reported as `.responseTooLarge`, never buffered whole.
    public var maxResponseBytes: Int
    /// Retries on 408/429/5xx and on a dropped connection, with exponential backoff and full jitter.
    public var retries: Int

    public init(baseURL: URL, caFile: String? = nil, insecureSkipTLSVerify: Bool = false,
                headers: [(name: String, value: String)] = [], auth: Auth = .none,
                timeout: Duration = .seconds(10), maxResponseBytes: Int = 32 << 20, retries: Int = 2) {
        self.baseURL = baseURL; self.caFile = caFile; self.insecureSkipTLSVerify = insecureSkipTLSVerify
        self.headers = headers; self.auth = auth; self.timeout = timeout
        self.maxResponseBytes = maxResponseBytes; self.retries = retries
    }
}

/// How requests authenticate.
public enum Auth: Sendable {
    case none
    case bearer(TokenSource)
    /// The password is read from the file (trailing newline trimmed) at first use and after a 401.
    case basic(user: String, passwordFile: String)
}

/// Where a bearer token comes from.
public enum TokenSource: Sendable {
    /// e.g. from `VIGIL_BEARER_TOKEN`.
    case literal(String)
    /// Re-read on each 401, since mounted service-account tokens rotate.
    case file(String)
    /// Run with `/bin/sh -c` at first use and again after a 401 (e.g. `oc whoami -t`); stdout trimmed.
    case command(String)
}

// Options end up in logs and debug dumps; these descriptions keep the literal token out of them.

extension TokenSource: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// Where the token comes from, in words, without the token itself.
    public var description: String {
        switch self {
        case .literal: "bearer token (literal, e.g. VIGIL_BEARER_TOKEN)"
        case .file(let path): "token from file \(path)"
        case .command(let command): "token from `\(command)`"
        }
    }
    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: ["source": description]) }
}

extension Auth: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public var description: String {
        switch self {
        case .none: "no auth"
        case .bearer(let source): source.description
        case .basic(let user, let file): "basic auth for user \(user) (password from \(file))"
        }
    }
    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: ["auth": description]) }
}

extension EndpointOptions: CustomStringConvertible, CustomReflectable {
    /// Header values may be API keys, so only their names are shown.
    public var description: String {
        var parts = [baseURL.absoluteString, auth.description, "timeout \(SourceError.seconds(timeout))"]
        if let caFile { parts.append("CA \(caFile)") }
        if insecureSkipTLSVerify { parts.append("TLS verification off") }
        if !headers.isEmpty { parts.append("headers " + headers.map(\.name).joined(separator: ", ")) }
        return parts.joined(separator: ", ")
    }
    public var customMirror: Mirror { Mirror(self, children: ["options": description]) }
}
