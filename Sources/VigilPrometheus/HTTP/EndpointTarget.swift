import VigilSources
import Foundation
import VigilCore

/// The parsed base URL of an endpoint: how request paths join it, what errors call it, and
/// which redirects stay on it.
struct EndpointTarget: Sendable {
    /// Scheme, host and port, lowercased: redirects elsewhere are not followed (they would
    /// carry the Authorization header to another server).
    let origin: String
    /// `host:port` as error messages name it.
    let hostPort: String
    /// The base URL without a trailing slash; request paths start with one.
    private let base: String

    init(_ url: URL) throws {
        guard let components = URLComponents(url: url, resolvingAgainstBaseURL: true),
              let scheme = components.scheme?.lowercased(), scheme == "http" || scheme == "https",
              let host = components.host, !host.isEmpty
        else {
            throw SourceError(kind: .invalidURL,
                              message: "invalid URL \(Self.redacted(url)): expected http(s)://host[:port][/prefix]")
        }
        // A password in the URL would show in process lists and logs; the basic-auth option
        // reads it from a file instead.
        guard components.user == nil, components.password == nil else {
            throw SourceError(kind: .invalidURL, message:
                "invalid URL \(Self.redacted(url)): credentials in the URL are not supported (use basic auth with a password file)")
        }
        origin = Self.origin(scheme: scheme, host: host, port: components.port)
        hostPort = "\(host):\(components.port ?? (scheme == "https" ? 443 : 80))"
        var stripped = components
        stripped.query = nil; stripped.fragment = nil
        var text = stripped.string ?? url.absoluteString
        while text.hasSuffix("/") { text.removeLast() }
        base = text
    }

    /// The absolute URL of `path` (which starts with `/`, query string included).
    func url(for path: String) -> String {
        base + (path.hasPrefix("/") ? path : "/" + path)
    }

    func isSameOrigin(_ url: URL) -> Bool {
        guard let scheme = url.scheme?.lowercased(), let host = url.host else { return false }
        return Self.origin(scheme: scheme, host: host, port: url.port) == origin
    }

    static func origin(scheme: String, host: String, port: Int?) -> String {
        "\(scheme)://\(host.lowercased()):\(port ?? (scheme == "https" ? 443 : 80))"
    }

    /// A URL for messages: user info (`user:password@`) removed.
    static func redacted(_ url: URL) -> String {
        guard var c = URLComponents(url: url, resolvingAgainstBaseURL: true) else { return "(unparsable)" }
        c.user = nil; c.password = nil
        return c.string.map { Redaction.url($0) } ?? "(unparsable)"
    }
}
