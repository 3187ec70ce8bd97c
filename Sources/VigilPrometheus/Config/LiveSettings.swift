import VigilSources
/// How to reach Prometheus and Alertmanager in live mode. Three layers of these are merged,
/// flags over environment over config file (`overriding`); nil means "not set in this layer".
public struct LiveSettings: Sendable, Hashable {
    public var prometheus: String?
    public var alertmanager: String?
    public var bearerTokenFile: String?
    /// A command whose output is the token (`oc whoami -t`), run when a token is needed.
    public var bearerTokenCommand: String?
    /// Only ever from `VIGIL_BEARER_TOKEN`: a flag would show the token in `ps`, and a config
    /// file is no place for a secret.
    public var bearerToken: String?
    public var basicAuthUser: String?
    public var basicAuthPasswordFile: String?
    public var caFile: String?
    public var insecureSkipTLSVerify: Bool?
    /// "Name: value", sent with every request (a tenant header, say).
    public var headers: [String]
    /// Alertmanager's own credentials and headers. The ones above are sent only to the host they
    /// were given for (Prometheus; Alertmanager too when it is on the same host, or the only source).
    public var alertmanagerBearerTokenFile: String?
    public var alertmanagerBearerTokenCommand: String?
    public var alertmanagerBasicAuthUser: String?
    public var alertmanagerBasicAuthPasswordFile: String?
    public var alertmanagerHeaders: [String] = []
    /// Seconds between refreshes; see `resolvedRefresh()` for the default.
    public var refresh: Double?
    public var profile: String?
    public var maxConcurrentRequests: Int?

    public init() {
        headers = []
    }
}
