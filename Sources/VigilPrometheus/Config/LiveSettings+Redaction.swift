import VigilSources
import Foundation
import VigilCore

/// Showing settings without their secrets.
extension LiveSettings {
    static let redacted = "<redacted>"

    /// Header names whose values are credentials: exact names, then parts of names
    /// (`X-Auth-Token`, `X-API-Key`, `X-Vault-Token`, `Cookie`, …).
    private static let secretHeaderNames: Set<String> = ["authorization", "proxy-authorization", "cookie", "set-cookie"]
    private static let secretHeaderParts = ["auth", "token", "secret", "password", "passwd", "key", "cookie", "session", "credential", "signature"]

    /// A description safe to log or show: the token, the values of credential headers and any
    /// password in a URL are replaced by "<redacted>". File paths and the token command are
    /// shown as they are: they say where a secret is, not what it is.
    public var redactedDescription: String {
        var parts: [String] = []
        func add(_ key: String, _ value: String?) {
            if let value { parts.append("\(key)=\(value)") }
        }
        add("prometheus", prometheus.map(Self.redactingURL))
        add("alertmanager", alertmanager.map(Self.redactingURL))
        add("bearer_token", bearerToken.map { _ in Self.redacted })
        add("bearer_token_file", bearerTokenFile)
        add("bearer_token_command", bearerTokenCommand)
        add("basic_auth_user", basicAuthUser)
        add("basic_auth_password_file", basicAuthPasswordFile)
        add("ca_file", caFile)
        add("insecure_skip_tls_verify", insecureSkipTLSVerify.map { String($0) })
        if !headers.isEmpty { add("headers", "[" + headers.map(Self.redactingHeader).joined(separator: ", ") + "]") }
        add("alertmanager_bearer_token_file", alertmanagerBearerTokenFile)
        add("alertmanager_bearer_token_command", alertmanagerBearerTokenCommand)
        add("alertmanager_basic_auth_user", alertmanagerBasicAuthUser)
        add("alertmanager_basic_auth_password_file", alertmanagerBasicAuthPasswordFile)
        if !alertmanagerHeaders.isEmpty {
            add("alertmanager_headers", "[" + alertmanagerHeaders.map(Self.redactingHeader).joined(separator: ", ") + "]")
        }
        add("refresh", refresh.map { "\(Self.formatSeconds($0))s" })
        add("profile", profile)
        add("max_concurrent_requests", maxConcurrentRequests.map { String($0) })
        return parts.isEmpty ? "(no settings)" : parts.joined(separator: " ")
    }

    static func isSecretHeader(_ name: String) -> Bool {
        let name = name.lowercased()
        return secretHeaderNames.contains(name) || secretHeaderParts.contains { name.contains($0) }
    }

    static func redactingHeader(_ header: String) -> String {
        guard let colon = header.firstIndex(of: ":") else {
            // Malformed: no way to tell a name from a value, so show nothing of it.
            return redacted
        }
        let name = header[..<colon].trimmingCharacters(in: .whitespaces)
        return isSecretHeader(name) ? "\(name): \(redacted)" : header
    }

    /// `https://user:secret@host?token=t` → `https://user:<redacted>@host?token=<redacted>`
    /// (`Redaction.url`); the user name stays, as it helps to tell which account is in use.
    static func redactingURL(_ url: String) -> String { Redaction.url(url) }

    private static func formatSeconds(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
    }
}
