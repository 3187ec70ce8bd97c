import VigilSources
import Foundation

/// Merging layers: flags over environment over config file.
extension LiveSettings {
    /// `self` over `lower`: each field set here wins; headers are concatenated (lower first) with
    /// same-name headers (case-insensitively) replaced by this layer's.
    ///
    /// Credentials go as a group: if this layer sets any way to authenticate (a bearer token, a
    /// token file or command, basic auth), none of `lower`'s is kept. Otherwise a token file
    /// from the command line and a token command from the config file would both be set, and
    /// which one is used would depend on the collector's order of checks, not on precedence.
    public func overriding(_ lower: LiveSettings) -> LiveSettings {
        var merged = LiveSettings()
        merged.prometheus = prometheus ?? lower.prometheus
        merged.alertmanager = alertmanager ?? lower.alertmanager
        let credentials = hasCredentials ? self : lower
        merged.bearerToken = credentials.bearerToken
        merged.bearerTokenFile = credentials.bearerTokenFile
        merged.bearerTokenCommand = credentials.bearerTokenCommand
        merged.basicAuthUser = credentials.basicAuthUser
        merged.basicAuthPasswordFile = credentials.basicAuthPasswordFile
        let amCredentials = hasAlertmanagerCredentials ? self : lower
        merged.alertmanagerBearerTokenFile = amCredentials.alertmanagerBearerTokenFile
        merged.alertmanagerBearerTokenCommand = amCredentials.alertmanagerBearerTokenCommand
        merged.alertmanagerBasicAuthUser = amCredentials.alertmanagerBasicAuthUser
        merged.alertmanagerBasicAuthPasswordFile = amCredentials.alertmanagerBasicAuthPasswordFile
        let amReplaced = Set(alertmanagerHeaders.map(Self.headerName))
        merged.alertmanagerHeaders = lower.alertmanagerHeaders.filter { !amReplaced.contains(Self.headerName($0)) } + alertmanagerHeaders
        merged.caFile = caFile ?? lower.caFile
        merged.insecureSkipTLSVerify = insecureSkipTLSVerify ?? lower.insecureSkipTLSVerify
        let replaced = Set(headers.map(Self.headerName))
        merged.headers = lower.headers.filter { !replaced.contains(Self.headerName($0)) } + headers
        merged.refresh = refresh ?? lower.refresh
        merged.profile = profile ?? lower.profile
        merged.maxConcurrentRequests = maxConcurrentRequests ?? lower.maxConcurrentRequests
        return merged
    }

    /// Whether this layer says how to authenticate.
    public var hasCredentials: Bool {
        bearerToken != nil || bearerTokenFile != nil || bearerTokenCommand != nil
            || basicAuthUser != nil || basicAuthPasswordFile != nil
    }

    /// Whether this layer says how to authenticate to Alertmanager.
    public var hasAlertmanagerCredentials: Bool {
        alertmanagerBearerTokenFile != nil || alertmanagerBearerTokenCommand != nil
            || alertmanagerBasicAuthUser != nil || alertmanagerBasicAuthPasswordFile != nil
    }

    /// The header's name, lowercased (HTTP header names are case-insensitive); the whole text
    /// for a malformed one, which `parsedHeaders()` reports.
    static func headerName(_ header: String) -> String {
        let name = header.firstIndex(of: ":").map { header[..<$0] } ?? Substring(header)
        return name.trimmingCharacters(in: .whitespaces).lowercased()
    }
}
