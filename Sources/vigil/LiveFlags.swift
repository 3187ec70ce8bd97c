import ArgumentParser
import Foundation
import VigilEngine
import VigilRuntime
import VigilApp
import VigilCore
import VigilSources
import VigilPrometheus

/// Connection flags for live mode. Flags beat environment variables, which beat the config file.
struct LiveFlags: ParsableArguments {
    @Option(name: .long, help: "Prometheus (or Thanos querier) base URL, e.g. https://thanos-querier-openshift-monitoring.apps.example:443")
    var prometheus: String?

    @Option(name: .long, help: "Alertmanager base URL (API v2).")
    var alertmanager: String?

    @Option(name: .long, help: "File holding a bearer token (re-read after a 401).")
    var bearerTokenFile: String?

    @Option(name: .long, help: "Command printing a bearer token, run at start and after a 401, e.g. 'oc whoami -t'. (VIGIL_BEARER_TOKEN also works; a token is never taken as a flag, where ps would show it.)")
    var bearerTokenCommand: String?

    @Option(name: .long, help: "Basic auth user (password from --basic-auth-password-file).")
    var basicAuthUser: String?

    @Option(name: .long, help: "File holding the basic auth password.")
    var basicAuthPasswordFile: String?

    @Option(name: .long, help: "Alertmanager's token file. Prometheus' credentials and headers are sent to Alertmanager only when it is on the same host.")
    var alertmanagerBearerTokenFile: String?

    @Option(name: .long, help: "Command printing Alertmanager's token, e.g. 'oc whoami -t'.")
    var alertmanagerBearerTokenCommand: String?

    @Option(name: .long, help: "Alertmanager's basic auth user (password from --alertmanager-basic-auth-password-file).")
    var alertmanagerBasicAuthUser: String?

    @Option(name: .long, help: "File holding Alertmanager's basic auth password.")
    var alertmanagerBasicAuthPasswordFile: String?

    @Option(name: .long, help: "Extra request header for Alertmanager only, 'Name: value' (repeatable).")
    var alertmanagerHeader: [String] = []

    @Option(name: .long, help: "PEM file of the CA that signed the server's certificate (private CAs).")
    var caFile: String?

    @Flag(name: .long, help: "Do not verify TLS certificates (shown in the header while active).")
    var insecureSkipTLSVerify = false

    @Option(name: .long, help: "Extra request header 'Name: value' (repeatable).")
    var header: [String] = []

    @Option(name: .long, parsing: .unconditional, help: "Seconds between refreshes (default 30 for remote hosts, 5 for loopback; at least 30 for remote hosts).")
    var refresh: Double?

    @Option(name: .long, help: "Dashboard profile: openshift, kubernetes, node, or a YAML file. Default: detected from the metric names.")
    var profile: String?

    @Option(name: .long, help: "Most requests in flight at once (each panel runs one query at a time).")
    var maxConcurrentRequests: Int?

    @Option(name: .long, help: "Config file (default $XDG_CONFIG_HOME/vigil/config.yaml).")
    var config: String?

    var settings: LiveSettings {
        var s = LiveSettings()
        s.prometheus = prometheus; s.alertmanager = alertmanager
        s.bearerTokenFile = bearerTokenFile; s.bearerTokenCommand = bearerTokenCommand
        s.basicAuthUser = basicAuthUser; s.basicAuthPasswordFile = basicAuthPasswordFile
        s.caFile = caFile; s.insecureSkipTLSVerify = insecureSkipTLSVerify ? true : nil
        s.alertmanagerBearerTokenFile = alertmanagerBearerTokenFile; s.alertmanagerBearerTokenCommand = alertmanagerBearerTokenCommand
        s.alertmanagerBasicAuthUser = alertmanagerBasicAuthUser; s.alertmanagerBasicAuthPasswordFile = alertmanagerBasicAuthPasswordFile
        s.alertmanagerHeaders = alertmanagerHeader
        s.headers = header; s.refresh = refresh; s.profile = profile; s.maxConcurrentRequests = maxConcurrentRequests
        return s
    }

    /// Flags over environment over config file.
    func effectiveSettings() throws -> LiveSettings {
        let env = ProcessInfo.processInfo.environment
        let path = config ?? LiveSettings.defaultConfigPath(environment: env)
        // A config file named on the command line must exist (the default one may not).
        if let config {
            var info = stat()
            guard stat(config, &info) == 0 else { throw UserError("--config \(config): \(String(cString: strerror(errno)))") }
            guard info.st_mode & S_IFMT == S_IFREG else { throw UserError("--config \(config): not a regular file") }
        }
        let file: LiveSettings
        do { file = try LiveSettings.loadConfigFile(path) } catch { throw UserError("\(error)") }
        let environment: LiveSettings
        do { environment = try LiveSettings.checkedFromEnvironment(env) } catch { throw UserError("\(error)") }
        return settings.overriding(environment.overriding(file))
    }
}

