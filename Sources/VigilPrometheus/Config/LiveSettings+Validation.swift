import VigilSources
import Foundation

/// Checks of the merged settings that no single layer can make.
extension LiveSettings {
    /// Problems that would make live mode fail or behave surprisingly, found before any
    /// request: no Prometheus, a URL that is not http(s), two ways to authenticate at once,
    /// a malformed header, an impossible count.
    public func validate() throws {
        guard let prometheus, !prometheus.isEmpty else {
            throw ConfigError(message: "no Prometheus URL: give --prometheus URL, VIGIL_PROMETHEUS_URL or prometheus: in the config file")
        }
        try Self.checkURL(prometheus, what: "the Prometheus URL")
        if let alertmanager { try Self.checkURL(alertmanager, what: "the Alertmanager URL") }
        let bearerSources = [bearerToken.map { _ in "VIGIL_BEARER_TOKEN" }, bearerTokenFile.map { _ in "a bearer token file" },
                             bearerTokenCommand.map { _ in "a bearer token command" }].compactMap { $0 }
        if bearerSources.count > 1 {
            throw ConfigError(message: "more than one bearer token source (\(bearerSources.joined(separator: ", "))): keep one")
        }
        if !bearerSources.isEmpty, basicAuthUser != nil {
            throw ConfigError(message: "both a bearer token and basic auth are set: keep one")
        }
        if basicAuthPasswordFile != nil, basicAuthUser == nil {
            throw ConfigError(message: "a basic auth password file without a user")
        }
        if let maxConcurrentRequests, maxConcurrentRequests < 1 {
            throw ConfigError(message: "max concurrent requests must be at least 1, not \(maxConcurrentRequests)")
        }
        if let refresh, !(refresh > 0) {
            throw ConfigError(message: "refresh must be a positive duration")
        }
        _ = try parsedHeaders()
    }

    private static func checkURL(_ text: String, what: String) throws {
        guard let url = URLComponents(string: text), let scheme = url.scheme?.lowercased(), ["http", "https"].contains(scheme),
              let host = url.host, !host.isEmpty else {
            throw ConfigError(message: "\(what) '\(redactingURL(text))' is not an http:// or https:// URL")
        }
    }
}
