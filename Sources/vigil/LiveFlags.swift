import ArgumentParser
import Foundation
import VigilApp
import VigilCore
import VigilSources

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

    @Option(name: .long, help: "PEM file of the CA that signed the server's certificate (private CAs).")
    var caFile: String?

    @Flag(name: .long, help: "Do not verify TLS certificates (shown in the header while active).")
    var insecureSkipTLSVerify = false

    @Option(name: .long, help: "Extra request header 'Name: value' (repeatable).")
    var header: [String] = []

    @Option(name: .long, help: "Seconds between refreshes (default 30 for remote hosts, 5 for loopback; at least 30 for remote hosts).")
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
        s.headers = header; s.refresh = refresh; s.profile = profile; s.maxConcurrentRequests = maxConcurrentRequests
        return s
    }

    /// Flags over environment over config file.
    func effectiveSettings() throws -> LiveSettings {
        let env = ProcessInfo.processInfo.environment
        let path = config ?? LiveSettings.defaultConfigPath(environment: env)
        let file: LiveSettings
        do { file = try LiveSettings.loadConfigFile(path) } catch { throw UserError("\(error)") }
        return settings.overriding(LiveSettings.fromEnvironment(env).overriding(file))
    }
}

/// Builds the live clients and collector from settings.
enum LiveWiring {
    static func isLoopback(_ url: URL) -> Bool {
        guard let host = url.host?.lowercased() else { return false }
        return host == "localhost" || host == "::1" || host == "[::1]" || host.hasPrefix("127.")
    }

    /// "host:port" only: never a user, password or query string from the URL.
    static func displayName(_ url: URL) -> String {
        let host = url.host ?? "?"
        return url.port.map { "\(host):\($0)" } ?? host
    }

    static func url(_ text: String, flag: String) throws -> URL {
        guard let u = URL(string: text), let scheme = u.scheme?.lowercased(), scheme == "http" || scheme == "https", u.host != nil else {
            throw UserError("\(flag) '\(text)' is not an http(s) URL")
        }
        return u
    }

    static func endpoint(_ url: URL, settings s: LiveSettings) throws -> EndpointOptions {
        var auth = Auth.none
        if let cmd = s.bearerTokenCommand { auth = .bearer(.command(cmd)) }
        else if let file = s.bearerTokenFile { auth = .bearer(.file(file)) }
        else if let token = s.bearerToken { auth = .bearer(.literal(token)) }
        else if let user = s.basicAuthUser {
            guard let pw = s.basicAuthPasswordFile else { throw UserError("--basic-auth-user needs --basic-auth-password-file") }
            auth = .basic(user: user, passwordFile: pw)
        }
        let headers: [(name: String, value: String)]
        do { headers = try s.parsedHeaders() } catch { throw UserError("\(error)") }
        return EndpointOptions(baseURL: url, caFile: s.caFile, insecureSkipTLSVerify: s.insecureSkipTLSVerify ?? false,
                               headers: headers, auth: auth)
    }

    struct Live {
        var source: LiveSource
        var prometheus: PrometheusClient?
        var alertmanager: AlertmanagerClient?
        var config: AppConfig
        var notes: [String]
        func shutdown() async {
            await prometheus?.shutdown()
            await alertmanager?.shutdown()
        }
    }

    static func make(settings s: LiveSettings, base: AppConfig, sink: @escaping @Sendable (SourceMessage) -> Void) throws -> Live {
        var notes: [String] = []
        let promURL = try s.prometheus.map { try url($0, flag: "--prometheus") }
        let amURL = try s.alertmanager.map { try url($0, flag: "--alertmanager") }
        guard let main = promURL ?? amURL else { throw UserError("live mode needs --prometheus or --alertmanager") }
        let prometheus = try promURL.map { try PrometheusClient(options: endpoint($0, settings: s)) }
        let alertmanager = try amURL.map { try AlertmanagerClient(options: endpoint($0, settings: s)) }

        let loopback = isLoopback(main)
        // OpenShift asks API clients not to poll more often than every 30 s; loopback may go faster.
        let floor = loopback ? 1.0 : 30.0
        var refresh = s.resolvedRefresh()
        if refresh < floor {
            notes.append("refresh raised from \(Format.duration(refresh)) to \(Format.duration(floor)) for the remote host \(displayName(main))")
            refresh = floor
        }

        let loader = ProfileLoader(searchPaths: ProfileLoader.standardSearchPaths(
            environment: ProcessInfo.processInfo.environment, executablePath: Paths.executable,
            currentDirectory: FileManager.default.currentDirectoryPath))
        let choice: ProfileChoice
        do {
            if let name = s.profile { choice = .fixed(try loader.load(name)) }
            else { choice = .detect(among: try loader.bundled()) }
        } catch { throw UserError("\(error)") }

        let source = LiveSource(prometheus: prometheus, alertmanager: alertmanager, profile: choice,
                                refresh: refresh, minimumRefresh: floor, maxConcurrent: s.maxConcurrentRequests ?? 4,
                                sourceName: displayName(main), sink: sink)
        var config = base
        config.mode = .live(name: displayName(main))
        config.insecureTLS = s.insecureSkipTLSVerify ?? false
        return Live(source: source, prometheus: prometheus, alertmanager: alertmanager, config: config, notes: notes)
    }
}

extension LiveSource: PlaybackControl {}

/// Runs async work to completion from synchronous code (the command's run), off the main thread.
func runBlocking<T: Sendable>(_ work: @escaping @Sendable () async -> T) -> T {
    let box = ResultBox<T>()
    let done = DispatchSemaphore(value: 0)
    Task.detached {
        box.value = await work()
        done.signal()
    }
    done.wait()
    // The semaphore orders the write before this read.
    guard let value = box.value else { preconditionFailure("runBlocking: the task ended without a value") }
    return value
}

final class ResultBox<T>: @unchecked Sendable { var value: T? }
