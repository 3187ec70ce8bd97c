import VigilSources
import Foundation

/// The environment layer.
extension LiveSettings {
    /// The variables read, each mapped to its setting.
    public static let environmentVariables = [
        "VIGIL_PROMETHEUS_URL", "VIGIL_ALERTMANAGER_URL", "VIGIL_BEARER_TOKEN", "VIGIL_BEARER_TOKEN_FILE",
        "VIGIL_ALERTMANAGER_BEARER_TOKEN_FILE",
        "VIGIL_CA_FILE", "VIGIL_PROFILE", "VIGIL_REFRESH",
    ]

    /// Settings from `VIGIL_*` variables; an empty variable counts as unset (`VAR= vigil` is how
    /// people unset one for a single run). A `VIGIL_REFRESH` that is not a duration is skipped
    /// here; `checkedFromEnvironment` reports it.
    public static func fromEnvironment(_ env: [String: String]) -> LiveSettings {
        read(env) { _ in }
    }

    /// As `fromEnvironment`, but a value that cannot be used is an error naming the variable.
    public static func checkedFromEnvironment(_ env: [String: String]) throws -> LiveSettings {
        var problem: ConfigError?
        let settings = read(env) { problem = problem ?? $0 }
        if let problem { throw problem }
        return settings
    }

    private static func read(_ env: [String: String], report: (ConfigError) -> Void) -> LiveSettings {
        func value(_ name: String) -> String? {
            guard let text = env[name], !text.trimmingCharacters(in: .whitespaces).isEmpty else { return nil }
            return text
        }
        var settings = LiveSettings()
        settings.prometheus = value("VIGIL_PROMETHEUS_URL")
        settings.alertmanager = value("VIGIL_ALERTMANAGER_URL")
        // A token pasted from a terminal often carries a trailing newline, which would break the
        // Authorization header.
        settings.bearerToken = value("VIGIL_BEARER_TOKEN")?.trimmingCharacters(in: .whitespacesAndNewlines)
        settings.bearerTokenFile = value("VIGIL_BEARER_TOKEN_FILE")
        settings.alertmanagerBearerTokenFile = value("VIGIL_ALERTMANAGER_BEARER_TOKEN_FILE")
        settings.caFile = value("VIGIL_CA_FILE")
        settings.profile = value("VIGIL_PROFILE")
        if let text = value("VIGIL_REFRESH") {
            if let seconds = DurationText.seconds(text), seconds > 0 {
                settings.refresh = seconds
            } else {
                report(ConfigError(file: "environment", message: "VIGIL_REFRESH='\(text)' is not a duration (e.g. 30s, 1m, 15)"))
            }
        }
        return settings
    }
}
