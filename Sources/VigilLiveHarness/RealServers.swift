#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import Synchronization

/// A real server could not be found, started, or did not become ready.
public struct RealServerError: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// Where the server binaries are. Debian installs Prometheus' tools as `prometheus`, `promtool`,
/// `prometheus-alertmanager`, `amtool` and `prometheus-node-exporter`; upstream tarballs name the
/// last two `alertmanager` and `node_exporter`. Both spellings are tried.
public struct ServerBinaries {
    /// Environment variables that override a binary's path, e.g. `VIGIL_PROMETHEUS=/opt/prom/prometheus`.
    static let overrides = [
        "prometheus": "VIGIL_PROMETHEUS", "promtool": "VIGIL_PROMTOOL",
        "alertmanager": "VIGIL_ALERTMANAGER", "prometheus-alertmanager": "VIGIL_ALERTMANAGER",
        "node_exporter": "VIGIL_NODE_EXPORTER", "prometheus-node-exporter": "VIGIL_NODE_EXPORTER",
        "amtool": "VIGIL_AMTOOL",
    ]

    static let aliases = [
        "alertmanager": ["alertmanager", "prometheus-alertmanager"],
        "prometheus-alertmanager": ["prometheus-alertmanager", "alertmanager"],
        "node_exporter": ["node_exporter", "prometheus-node-exporter"],
        "node-exporter": ["prometheus-node-exporter", "node_exporter"],
        "prometheus-node-exporter": ["prometheus-node-exporter", "node_exporter"],
    ]

    /// The absolute path of `name` (an override variable, then `PATH`, then `/usr/local/bin`,
    /// `/usr/bin`, `/bin`, `/usr/sbin`, `/sbin`), or nil.
    public static func find(_ name: String) -> String? {
        let env = ProcessInfo.processInfo.environment
        if let variable = overrides[name], let path = env[variable], !path.isEmpty,
           FileManager.default.isExecutableFile(atPath: path) {
            return path
        }
        for candidate in aliases[name] ?? [name] {
            if let path = ProcessRunner.which(candidate) { return path }
        }
        return nil
    }

    /// `find`, or an error that says what to install.
    public static func require(_ name: String) throws -> String {
        guard let path = find(name) else {
            throw RealServerError("\(name) not found in PATH or /usr/bin: install the Debian packages "
                                  + "prometheus prometheus-alertmanager prometheus-node-exporter rsyslog rsyslog-openssl (see .ci/run)")
        }
        return path
    }
}

/// A server process started by `RealServers`, listening on 127.0.0.1:`port`.
///
/// `stop()` it in a `defer`; dropping the last reference stops it too. Its folder (config, log,
/// data unless a storage folder was given) is deleted when it is released, and whatever is
/// left at exit is swept (see `LiveScratch`).
public final class RunningServer: Sendable, CustomStringConvertible {
    public let name: String
    public let port: Int
    /// `http://127.0.0.1:<port>/`.
    public let url: URL
    /// The server's own temporary folder.
    public let directory: URL
    /// stdout and stderr of the server (appended to across restarts).
    public let logFile: URL
    /// Seconds from spawn until the server answered its readiness probe.
    public var startupSeconds: Double { state.withLock { $0.startupSeconds } }

    let launch: Launch

    private struct State {
        var pid: pid_t
        var watchdog: pid_t?
        var exitStatus: Int32?
        var ownsDirectory: Bool
        var startupSeconds: Double
    }

    private let state: Mutex<State>

    init(launch: Launch, pid: pid_t, watchdog: pid_t?) {
        self.launch = launch
        name = launch.name
        port = launch.port
        url = launch.url
        directory = launch.directory
        logFile = launch.logFile
        state = Mutex(State(pid: pid, watchdog: watchdog, exitStatus: nil, ownsDirectory: true, startupSeconds: 0))
    }

    deinit {
        stop()
        if state.withLock({ $0.ownsDirectory }) {
            try? FileManager.default.removeItem(at: directory)
        }
    }

    public var description: String { "\(name) on \(url.absoluteString) (pid \(pid))" }

    /// The server's process id.
    public var pid: pid_t { state.withLock { $0.pid } }

    /// Its exit status once it has exited and been reaped (128 + signal when killed).
    public var exitStatus: Int32? {
        state.withLock { s in
            if s.exitStatus == nil, let status = ProcessRunner.poll(s.pid) { Self.exited(&s, status) }
            return s.exitStatus
        }
    }

    /// Whether the process is still alive (reaps it if it has exited).
    public var isRunning: Bool { exitStatus == nil }

    /// SIGTERM, up to 5 s for it to exit, then SIGKILL. Idempotent.
    public func stop() {
        state.withLock { s in
            guard s.exitStatus == nil else { return }
            if let status = ProcessRunner.poll(s.pid) {
                Self.exited(&s, status)
                return
            }
            sendSignal(s.pid, SIGTERM)
            if let status = ProcessRunner.waitForExit(s.pid, timeout: 5) {
                Self.exited(&s, status)
                return
            }
            sendSignal(s.pid, SIGKILL)
            Self.exited(&s, ProcessRunner.waitForExit(s.pid, timeout: .infinity) ?? 128 + SIGKILL)
        }
    }

    /// SIGKILL now, as a crash would (fault tests). Idempotent.
    public func kill() {
        state.withLock { s in
            guard s.exitStatus == nil else { return }
            sendSignal(s.pid, SIGKILL)
            Self.exited(&s, ProcessRunner.waitForExit(s.pid, timeout: .infinity) ?? 128 + SIGKILL)
        }
    }

    /// The last `limit` characters of the log.
    public func logTail(_ limit: Int = 4000) -> String {
        Self.tail(of: logFile, limit: limit)
    }

    func markReady(after seconds: Double) {
        state.withLock { $0.startupSeconds = seconds }
    }

    /// Hands the folder to a restarted server, so releasing this one does not delete it.
    func relinquishDirectory() {
        state.withLock { $0.ownsDirectory = false }
    }

    /// Records the exit and retires the watchdog.
    private static func exited(_ s: inout State, _ status: Int32) {
        s.exitStatus = status
        LiveScratch.unregister(server: s.pid)
        if let watchdog = s.watchdog {
            sendSignal(watchdog, SIGKILL)
            _ = ProcessRunner.waitForExit(watchdog, timeout: 2)
            s.watchdog = nil
        }
    }

    static func tail(of file: URL, limit: Int) -> String {
        guard let data = try? Data(contentsOf: file) else { return "(no log at \(file.path))" }
        return String(decoding: data.suffix(limit), as: UTF8.self)
    }
}

/// How a server was started, kept so that `RealServers.restart` can start it again.
struct Launch: Sendable {
    var name: String
    var executable: String
    var arguments: [String]
    var port: Int
    var directory: URL
    var readyPath: String
    var readyTimeout: Double

    var url: URL { URL(string: "http://127.0.0.1:\(port)/") ?? URL(fileURLWithPath: "/") }
    var logFile: URL { directory.appendingPathComponent("\(name).log") }
}

/// Starts real Prometheus, Alertmanager and node_exporter processes for integration tests: on
/// 127.0.0.1, ephemeral ports, temporary folders, no system service or config touched.
public enum RealServers {
    /// A free loopback TCP port (bind port 0, read it, close).
    public static func freePort() throws -> Int { try Loopback.freePort() }

    /// node_exporter with a handful of cheap collectors (cpu, meminfo, loadavg, filesystem).
    /// Ready once `/metrics` answers 200.
    public static func nodeExporter(port: Int? = nil) throws -> RunningServer {
        let binary = try ServerBinaries.require("node_exporter")
        let directory = try LiveScratch.makeDirectory("node-exporter")
        return try start(port: port, in: directory) { port in
            Launch(name: "node_exporter", executable: binary,
                   arguments: ["--web.listen-address=127.0.0.1:\(port)",
                               "--collector.disable-defaults",
                               "--collector.cpu", "--collector.meminfo", "--collector.loadavg", "--collector.filesystem",
                               // Unused, but it carries the folder (and so the sweep marker) in the command line.
                               "--collector.textfile.directory=\(directory.path)"],
                   port: port, directory: directory, readyPath: "/metrics", readyTimeout: 30)
        }
    }

    /// Prometheus with the given scrape targets (`host:port`, grouped into one scrape config per
    /// job), rule files' contents, optional Alertmanager, storage in its folder or in `storage`
    /// (e.g. a backfill), retention 100 y (backfilled data can be old), scrape and evaluation
    /// every `interval` (alerts re-sent to Alertmanager as often), admin API and lifecycle
    /// endpoints on. An alert reaches Alertmanager 5-7 s after start. Ready once `/-/ready` answers 200
    /// (30 s at most; the error carries the log's tail).
    /// `targetLabels` adds labels to a target's series (target → labels), as a scrape config
    /// adds `cluster` to each cluster's `vigil serve`.
    public static func prometheus(scrape: [(job: String, target: String)] = [], rules: [String] = [],
                                  alertmanager: URL? = nil, storage: URL? = nil, interval: String = "1s",
                                  port: Int? = nil, targetLabels: [String: [String: String]] = [:]) throws -> RunningServer {
        let binary = try ServerBinaries.require("prometheus")
        let directory = try LiveScratch.makeDirectory("prometheus")
        var ruleFiles: [String] = []
        for (i, text) in rules.enumerated() {
            let file = directory.appendingPathComponent("rules-\(i).yml")
            try Data(text.utf8).write(to: file)
            ruleFiles.append(file.path)
        }
        let config = directory.appendingPathComponent("prometheus.yml")
        try Data(prometheusConfig(scrape: scrape, ruleFiles: ruleFiles, alertmanager: alertmanager,
                                  interval: interval, targetLabels: targetLabels).utf8).write(to: config)
        let data = storage ?? directory.appendingPathComponent("data")
        return try start(port: port, in: directory) { port in
            Launch(name: "prometheus", executable: binary,
                   arguments: ["--config.file=\(config.path)",
                               "--storage.tsdb.path=\(data.path)",
                               "--storage.tsdb.retention.time=100y",
                               "--web.listen-address=127.0.0.1:\(port)",
                               "--web.enable-admin-api", "--web.enable-lifecycle",
                               // Alerts evaluated before the Alertmanager is discovered (Prometheus
                               // refreshes discovered targets every 5 s) are dropped, and only sent
                               // again after this delay (default 1 m).
                               "--rules.alert.resend-delay=\(interval)",
                               "--log.level=info"],
                   port: port, directory: directory, readyPath: "/-/ready", readyTimeout: 30)
        }
    }

    /// Starts a stopped or killed server again with the same binary, flags, port, folder and
    /// storage (stopping it first if it still runs). The log is appended to.
    public static func restart(_ server: RunningServer) throws -> RunningServer {
        server.stop()
        server.relinquishDirectory()
        let launch = server.launch
        try? appendToLog(launch.logFile, "\n----- vigil: restarting \(launch.name) on port \(launch.port) -----\n")
        // The old socket can linger for a moment after SIGKILL; retry a few times.
        var lastError: (any Error)?
        for _ in 0..<5 {
            do {
                return try spawnAndWait(launch)
            } catch let error as AddressInUse {
                lastError = error.underlying
                usleep(300_000)
            }
        }
        throw lastError ?? RealServerError("cannot restart \(launch.name)")
    }

    /// `vigil serve` (the binary at `binary`) listening on a free loopback port, with `arguments`
    /// after `serve --listen`; its stderr goes to the log. Up once `/-/healthy` answers 200 (ready
    /// is for the test to wait for: it needs every source's first answer).
    public static func vigilServe(binary: String, arguments: [String]) throws -> RunningServer {
        let directory = try LiveScratch.makeDirectory("vigil-serve")
        return try start(port: nil, in: directory) { port in
            Launch(name: "vigil-serve", executable: binary,
                   arguments: ["serve", "--listen", "127.0.0.1:\(port)"] + arguments,
                   port: port, directory: directory, readyPath: "/-/healthy", readyTimeout: 30)
        }
    }

    /// rsyslogd in the foreground with only `config` (the system's configuration and sockets are
    /// not touched): receiving on 127.0.0.1:`port` over TCP (imtcp; `port` is the launcher's free
    /// port, `config` gets it as its argument) and whatever `config` adds (forwarding with omfwd).
    /// Up once that port accepts a connection.
    public static func rsyslog(config: @escaping (_ inputPort: Int, _ workDirectory: String) -> String) throws -> RunningServer {
        let binary = try ServerBinaries.require("rsyslogd")
        let directory = try LiveScratch.makeDirectory("rsyslog")
        return try start(port: nil, in: directory) { port in
            let file = directory.appendingPathComponent("rsyslog.conf")
            try? Data(config(port, directory.path).utf8).write(to: file)
            return Launch(name: "rsyslogd", executable: binary,
                          arguments: ["-n", "-f", file.path, "-i", directory.appendingPathComponent("rsyslogd.pid").path],
                          port: port, directory: directory, readyPath: "", readyTimeout: 30)
        }
    }

    /// Alertmanager with a minimal config (one receiver that does nothing), clustering off
    /// (`--cluster.listen-address=`), storage in its folder. Ready once `/-/ready` answers 200.
    public static func alertmanager(port: Int? = nil) throws -> RunningServer {
        let binary = try ServerBinaries.require("alertmanager")
        let directory = try LiveScratch.makeDirectory("alertmanager")
        let config = directory.appendingPathComponent("alertmanager.yml")
        try Data(alertmanagerConfig.utf8).write(to: config)
        let data = directory.appendingPathComponent("data")
        return try start(port: port, in: directory) { port in
            Launch(name: "alertmanager", executable: binary,
                   arguments: ["--config.file=\(config.path)",
                               "--storage.path=\(data.path)",
                               "--web.listen-address=127.0.0.1:\(port)",
                               "--cluster.listen-address=",
                               "--log.level=info"],
                   port: port, directory: directory, readyPath: "/-/ready", readyTimeout: 30)
        }
    }

    // MARK: - Configs

    static let alertmanagerConfig = """
        route:
          receiver: "null"
          group_by: ["alertname"]
          group_wait: 1s
          group_interval: 1s
          repeat_interval: 1h
        receivers:
          - name: "null"

        """

    static func prometheusConfig(scrape: [(job: String, target: String)], ruleFiles: [String],
                                 alertmanager: URL?, interval: String, targetLabels: [String: [String: String]] = [:]) -> String {
        var lines = [
            "global:",
            "  scrape_interval: \(interval)",
            "  scrape_timeout: \(interval)",
            "  evaluation_interval: \(interval)",
        ]
        if !ruleFiles.isEmpty {
            lines.append("rule_files:")
            lines += ruleFiles.map { "  - \(yamlString($0))" }
        }
        if let alertmanager, let host = alertmanager.host {
            let port = alertmanager.port ?? (alertmanager.scheme == "https" ? 443 : 80)
            lines += [
                "alerting:",
                "  alertmanagers:",
                "    - scheme: \(alertmanager.scheme ?? "http")",
                "      api_version: v2",
                "      timeout: 2s",
            ]
            let prefix = alertmanager.path
            if !prefix.isEmpty && prefix != "/" {
                lines.append("      path_prefix: \(yamlString(prefix))")
            }
            lines += [
                "      static_configs:",
                "        - targets: [\(yamlString("\(host):\(port)"))]",
            ]
        }
        if !scrape.isEmpty {
            lines.append("scrape_configs:")
            var jobs: [String] = []
            var targets: [String: [String]] = [:]
            for (job, target) in scrape {
                if targets[job] == nil { jobs.append(job) }
                targets[job, default: []].append(target)
            }
            for job in jobs {
                let all = targets[job] ?? []
                let plain = all.filter { targetLabels[$0] == nil }
                lines += ["  - job_name: \(yamlString(job))", "    static_configs:"]
                if !plain.isEmpty || all.isEmpty {
                    lines.append("      - targets: [\(plain.map(yamlString).joined(separator: ", "))]")
                }
                for target in all {
                    guard let labels = targetLabels[target] else { continue }
                    lines.append("      - targets: [\(yamlString(target))]")
                    lines.append("        labels: {\(labels.sorted { $0.key < $1.key }.map { "\($0.key): \(yamlString($0.value))" }.joined(separator: ", "))}")
                }
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// A double-quoted YAML scalar.
    static func yamlString(_ s: String) -> String {
        "\"" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }

    // MARK: - Starting and waiting

    /// The server lost the race for its port (another process took it after `freePort`).
    struct AddressInUse: Error { let underlying: RealServerError }

    /// Starts the launch `make` builds for a port; with no port given, retries on a new free port
    /// if the chosen one was taken in the meantime.
    static func start(port: Int?, in directory: URL, _ make: (Int) -> Launch) throws -> RunningServer {
        var lastError: (any Error)?
        for _ in 0..<(port == nil ? 3 : 1) {
            do {
                return try spawnAndWait(make(try port ?? freePort()))
            } catch let error as AddressInUse {
                lastError = error.underlying
            } catch {
                lastError = error
                break
            }
        }
        // The error carries the log's tail; nothing else in the folder is worth keeping.
        try? FileManager.default.removeItem(at: directory)
        throw lastError ?? RealServerError("cannot start the server")
    }

    static func spawnAndWait(_ launch: Launch) throws -> RunningServer {
        let started = Date()
        let pid = try ProcessRunner.spawn(launch.executable, launch.arguments, stdout: launch.logFile.path,
                                          append: true, environment: serverEnvironment(), newProcessGroup: true)
        let watchdog = LiveScratch.startWatchdog(for: pid)
        LiveScratch.register(server: pid, watchdog: watchdog)
        let server = RunningServer(launch: launch, pid: pid, watchdog: watchdog)
        // If waiting fails, `server` is released on the way out: that stops the process. The
        // folder stays for a retry; the caller deletes it if it gives up.
        let deadline = started.addingTimeInterval(launch.readyTimeout)
        var pause: UInt32 = 10_000
        while true {
            let up = launch.readyPath.isEmpty ? Loopback.accepts(port: launch.port)
                : Loopback.status(port: launch.port, path: launch.readyPath, timeout: 2) == 200
            if up {
                server.markReady(after: Date().timeIntervalSince(started))
                return server
            }
            if let status = server.exitStatus {
                server.relinquishDirectory()
                let log = server.logTail()
                let message = "\(launch.name) exited with status \(status) before it was ready "
                    + "(\(launch.executable) \(launch.arguments.joined(separator: " "))). Log:\n\(log)"
                if log.contains("address already in use") { throw AddressInUse(underlying: RealServerError(message)) }
                throw RealServerError(message)
            }
            if Date() >= deadline {
                let log = server.logTail()
                server.relinquishDirectory()
                server.stop()
                throw RealServerError("\(launch.name) on port \(launch.port) not ready (GET \(launch.readyPath) != 200) "
                                      + "after \(launch.readyTimeout) s. Log:\n\(log)")
            }
            usleep(pause)
            pause = min(pause * 2, 100_000)
        }
    }

    /// This process's environment without proxy settings (loopback must never go through one).
    static func serverEnvironment() -> [String: String] {
        var env = ProcessInfo.processInfo.environment
        for key in ["http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"] {
            env[key] = nil
        }
        env["LANG"] = "C.UTF-8"
        env["LC_ALL"] = "C.UTF-8"
        return env
    }

    static func appendToLog(_ file: URL, _ text: String) throws {
        let handle = try FileHandle(forWritingTo: file)
        defer { try? handle.close() }
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(text.utf8))
    }
}
