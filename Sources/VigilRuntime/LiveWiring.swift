import Foundation
import VigilCore
import VigilSources
import VigilPrometheus

/// Builds the live clients and collector from settings.
public enum LiveWiring {
    /// "host:port" only: never a user, password or query string from the URL.
    public static func displayName(_ url: URL) -> String {
        let host = url.host ?? "?"
        return url.port.map { "\(host):\($0)" } ?? host
    }

    public static func url(_ text: String, flag: String) throws -> URL {
        guard let u = URL(string: text), let scheme = u.scheme?.lowercased(), scheme == "http" || scheme == "https", u.host != nil else {
            throw UserError("\(flag) '\(text)' is not an http(s) URL")
        }
        if let port = u.port, !(1...65_535).contains(port) {
            throw UserError("\(flag) '\(text)': port \(port) is out of range (1 to 65535)")
        }
        return u
    }

    public static func endpoint(_ url: URL, settings s: LiveSettings) throws -> EndpointOptions {
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

    /// Alertmanager's endpoint: its own credentials and headers when given; else Prometheus' only
    /// when both are on the same host (scheme, host and port) — credentials go only to the host
    /// they were given for. The note says when Prometheus' were held back.
    public static func alertmanagerEndpoint(_ url: URL, prometheus: URL?, settings s: LiveSettings) throws -> (EndpointOptions, note: String?) {
        if s.hasAlertmanagerCredentials || !s.alertmanagerHeaders.isEmpty {
            var own = LiveSettings()
            own.bearerTokenFile = s.alertmanagerBearerTokenFile; own.bearerTokenCommand = s.alertmanagerBearerTokenCommand
            own.basicAuthUser = s.alertmanagerBasicAuthUser; own.basicAuthPasswordFile = s.alertmanagerBasicAuthPasswordFile
            own.headers = s.alertmanagerHeaders; own.caFile = s.caFile; own.insecureSkipTLSVerify = s.insecureSkipTLSVerify
            do { return (try endpoint(url, settings: own), nil) } catch let e as UserError {
                throw UserError(e.description.replacingOccurrences(of: "--basic-auth", with: "--alertmanager-basic-auth"))
            }
        }
        guard let prometheus, !sameOrigin(prometheus, url) else { return (try endpoint(url, settings: s), nil) }
        var bare = s
        bare.bearerToken = nil; bare.bearerTokenFile = nil; bare.bearerTokenCommand = nil
        bare.basicAuthUser = nil; bare.basicAuthPasswordFile = nil; bare.headers = []
        let held = s.hasCredentials || !s.headers.isEmpty
        let note = held ? "the credentials and headers given for Prometheus are not sent to Alertmanager at \(displayName(url)) "
            + "(another host); give it its own with --alertmanager-bearer-token-command, --alertmanager-bearer-token-file "
            + "or --alertmanager-header" : nil
        return (try endpoint(url, settings: bare), note)
    }

    static func sameOrigin(_ a: URL, _ b: URL) -> Bool {
        func origin(_ u: URL) -> String {
            let scheme = u.scheme?.lowercased() ?? ""
            return "\(scheme)://\((u.host ?? "").lowercased()):\(u.port ?? (scheme == "https" ? 443 : 80))"
        }
        return origin(a) == origin(b)
    }

    /// The live source and its clients, and what to tell the operator about the settings.
    public struct Live: Sendable {
        public var source: LiveSource
        public var prometheus: PrometheusClient?
        public var alertmanager: AlertmanagerClient?
        /// "host:port" of the main source, for the header.
        public var sourceName: String
        public var insecureTLS: Bool
        public var notes: [String]
        public func shutdown() async {
            await prometheus?.shutdown()
            await alertmanager?.shutdown()
        }
    }

    /// `remoteAnomalies`: also list the anomalies of the `vigil serve` instances the Prometheus
    /// scrapes (the dashboard; never a serve).
    public static func make(settings s: LiveSettings, remoteAnomalies: Bool = false,
                            sink: @escaping @Sendable (SourceMessage) -> Void) throws -> Live {
        var notes: [String] = []
        let promURL = try s.prometheus.map { try url($0, flag: "--prometheus") }
        let amURL = try s.alertmanager.map { try url($0, flag: "--alertmanager") }
        guard let main = promURL ?? amURL else { throw UserError("live mode needs --prometheus or --alertmanager") }
        let prometheus = try promURL.map { try PrometheusClient(options: endpoint($0, settings: s)) }
        let alertmanager = try amURL.map { url -> AlertmanagerClient in
            let (options, note) = try alertmanagerEndpoint(url, prometheus: promURL, settings: s)
            if let note { notes.append(note) }
            return try AlertmanagerClient(options: options)
        }

        // One rule (LiveSettings+Refresh) for the default, the floor and the note.
        let floor = s.refreshFloor, refresh = s.resolvedRefresh()
        if let note = s.refreshRaisedNote { notes.append(note) }

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
                                sourceName: displayName(main), remoteAnomalies: remoteAnomalies, sink: sink)
        return Live(source: source, prometheus: prometheus, alertmanager: alertmanager, sourceName: displayName(main),
                    insecureTLS: s.insecureSkipTLSVerify ?? false, notes: notes)
    }
}

