import ArgumentParser
import Foundation
import Logging
import ServiceLifecycle
import Synchronization
import VigilApp
import VigilCore
import VigilEngine
import VigilFacts
import VigilLogSources
import VigilRuntime
import VigilServe
import VigilSources

/// `vigil serve`: the engine without a terminal. The same sources, detectors, raise policy and
/// fact store as the dashboard; the state is exported at /metrics for Prometheus to scrape and
/// alert on (docs/metrics.md).
struct Serve: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the detectors as a service: /metrics for Prometheus, /-/healthy, /-/ready.",
        discussion: """
        Sources as in the dashboard: live Prometheus/Alertmanager (flags, VIGIL_* variables or \
        config.yaml), --logs files or stdin, --journald, or --replay DIR (a recording, for demos \
        and tests). With none, the bundled sample-data is replayed. Verdicts given in a dashboard \
        on the same --state-dir take effect here within --verdict-poll. SIGTERM or SIGINT stop it \
        gracefully: the server stops answering, the sources stop, the log model is saved and the \
        fact store closed. Logs go to stderr (--log-format json for one JSON object per line); \
        tokens and passwords never appear in them.
        """)

    @Option(name: .long, help: ArgumentHelp("Address to listen on: host:port (':9469' listens on every interface).", valueName: "host:port"))
    var listen = "127.0.0.1:9469"

    @Option(name: .long, help: "Replay a recording folder (metrics.om, cluster.log, alerts.json) instead of live sources.")
    var replay: String?

    @Option(name: .long, help: "Replay speed: data seconds per real second.")
    var speed: Double = ReplayDefaults.speed

    @Flag(inversion: .prefixedNo, help: "Start the replay over when it reaches the end.")
    var loop: Bool = false

    @Flag(name: .long, help: "Also export each series in the Prometheus anomaly detector's form: <metric>_vigil{value_type=\"yhat|yhat_lower|yhat_upper|anomaly\"}.")
    var padMetrics = false

    @Option(name: .long, help: "Log format on stderr: text or json.")
    var logFormat = "text"

    @Option(name: .long, help: "Log level: debug, info, warning or error.")
    var logLevel = "info"

    @Option(name: .long, help: ArgumentHelp("How often verdicts given elsewhere (a dashboard on the same --state-dir) are read from the fact store.", valueName: "duration"))
    var verdictPoll = "5s"

    @Option(name: .long, help: ArgumentHelp("Forget a series (its history, detector and exported metrics) once it has been missing this long (data time) or from 30 refreshes in a row.", valueName: "duration"))
    var forgetSeriesAfter = "15m"

    @OptionGroup(title: "Logs")
    var logFlags: LogFlags

    @OptionGroup(title: "Live mode (any of these, from flags, VIGIL_* variables or config.yaml, selects it)")
    var live: LiveFlags

    func validate() throws {
        guard speed > 0, speed.isFinite else { throw ValidationError("--speed must be a positive number") }
        guard Self.parseListen(listen) != nil else {
            throw ValidationError("--listen '\(listen)': expected host:port with a port from 0 to 65535, such as 127.0.0.1:9469 or :9469")
        }
        guard StderrLogHandler.Format(rawValue: logFormat) != nil else { throw ValidationError("--log-format must be text or json") }
        guard Logger.Level(rawValue: logLevel) != nil else { throw ValidationError("--log-level must be debug, info, warning or error") }
        guard let poll = TimeSpec.duration(verdictPoll), poll > 0, poll <= 86_400 else {
            throw ValidationError("--verdict-poll '\(verdictPoll)': expected a duration such as 5s or 1m")
        }
        guard let keep = TimeSpec.duration(forgetSeriesAfter), keep > 0 else {
            throw ValidationError("--forget-series-after '\(forgetSeriesAfter)': expected a duration such as 90s, 15m or 2h")
        }
    }

    /// "host:port", ":port" (every interface) or "[v6]:port".
    static func parseListen(_ text: String) -> (host: String, port: Int)? {
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]),
              (0...65_535).contains(port) else { return nil }
        var host = String(text[..<colon])
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        return (host.isEmpty ? "0.0.0.0" : host, port)
    }

    func run() throws {
        ServeMemory.limitArenas()
        StderrLogHandler.bootstrap(format: StderrLogHandler.Format(rawValue: logFormat) ?? .text,
                                   level: Logger.Level(rawValue: logLevel) ?? .info)
        let logger = Logger(label: "vigil.serve")
        do {
            try serve(logger: logger)
        } catch let e as ExitCode {
            throw e
        } catch let e as ValidationError {
            throw e
        } catch {
            logger.error("\(Vigil.message(for: error))")
            throw ExitCode.failure
        }
    }

    private func serve(logger: Logger) throws {
        let settings = try live.effectiveSettings()
        let isLive = replay == nil && (settings.prometheus != nil || settings.alertmanager != nil)
        var expected: Set<String> = []
        if isLive {
            if settings.prometheus != nil { expected.insert("prometheus") }
            if settings.alertmanager != nil { expected.insert("alertmanager") }
        } else {
            expected.insert("replay")
        }
        let stats = ServeStats(expected: expected)
        let pipeline = logFlags.pipeline(logger: logger, inBackground: true)
        let retention = ClusterState.Retention(seconds: TimeSpec.duration(forgetSeriesAfter) ?? 900)
        // A bounded backlog: a replay at maximum speed waits for the detectors instead of queueing.
        let host = EngineHost(engine: Engine(logs: pipeline, retention: retention, footprint: .service), backlog: 16,
                              scored: { stats.note(scored: $0) })
        let sink = Dashboard.loggingHealth(host.intake(alsoTo: { stats.note($0) }), logger: logger)

        // The fact store: verdicts given anywhere on this state folder are in force here.
        let store = try FactStore.open(directory: logFlags.stateDirectory)
        if let moved = store.movedAside { logger.warning("\(moved)") }
        let verdicts = FactVerdictStore(store: store)
        let sync = VerdictSync(store: verdicts, host: host, logger: logger)
        try sync.poll()

        var liveWiring: LiveWiring.Live?
        var tasks: [Task<Void, Never>] = []
        if isLive {
            do { try settings.validate() } catch { throw UserError("\(error)") }
            let wired = try LiveWiring.make(settings: settings, sink: sink)
            for note in wired.notes { logger.warning("\(note)") }
            logger.info("live mode: \(settings.redactedDescription)")
            let source = wired.source
            tasks.append(Task.detached { await source.run() })
            liveWiring = wired
        } else {
            let recording = try Dashboard.loadRecording(replay)
            logger.info("replaying \(replay ?? "sample-data") from its start at \(speed)x\(loop ? ", looping" : "")")
            let source = ReplaySource(recording: recording, start: recording.start, speed: speed, loop: loop, sink: sink)
            tasks.append(Task.detached { await source.run() })
        }
        let syslog = logFlags.receivesSyslog ? logFlags.makeSyslogIntake() : nil
        tasks += logFlags.startSources(sink: sink, syslog: syslog)

        let exporter = MetricsExporter(help: { ServeMetrics.help($0) })
        let startedAt = Date()
        let pad = padMetrics
        let endpoints = ServeHTTP.Endpoints(metrics: { openMetrics in
            let engine = host.current()
            let context = ServeMetrics.Context(
                counts: stats.counts, logs: pipeline.status, now: Date(), startedAt: startedAt,
                version: Vigil.configuration.version, padCompatible: pad, residentBytes: ServeMetrics.residentBytes(),
                lastIngestSeconds: host.lastIngestSeconds, ready: stats.isReady,
                syslog: syslog.map { let c = $0.counts
                    return ServeMetrics.Syslog(received: c.received, dropped: c.dropped, truncated: c.truncated,
                                               connections: c.connections, connectionErrors: c.connectionErrors) })
            return exporter.render(ServeMetrics.samples(engine: engine, context: context), openMetrics: openMetrics)
        }, afterRender: { ServeMemory.releaseFreed() }, waitingFor: { stats.waitingFor })
        guard let (address, port) = Self.parseListen(listen) else { throw ValidationError("--listen '\(listen)'") }
        let app = ServeHTTP.application(host: address, port: port, endpoints: endpoints, logger: logger) { bound in
            logger.info("serving /metrics, /-/healthy and /-/ready on \(address):\(bound)")
        }
        let engineService = EngineService(sync: sync, poll: TimeSpec.duration(verdictPoll) ?? 5, tasks: tasks,
                                          pipeline: pipeline, host: host, live: liveWiring, logger: logger)
        let failure: String? = runBlocking {
            let group = ServiceGroup(configuration: .init(services: [engineService, app],
                                                           gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
            do {
                try await group.run()
                return nil
            } catch {
                return "\(error)"
            }
        }

        if let failure { throw UserError(Self.explain(failure, listen: listen)) }
        logger.info("stopped")
    }

    /// A bind failure, said plainly.
    static func explain(_ error: String, listen: String) -> String {
        if error.contains("Address already in use") || error.contains("EADDRINUSE") {
            return "cannot listen on \(listen): the address is in use (another vigil serve, or another exporter); choose one with --listen"
        }
        if error.contains("Permission denied") || error.contains("EACCES") {
            return "cannot listen on \(listen): permission denied (ports below 1024 need privileges)"
        }
        return "vigil serve stopped: \(error)"
    }
}

/// The sources and the engine as one service: runs until the group shuts down gracefully, then
/// stops the sources, waits for the log model to be saved and closes the live clients.
struct EngineService: Service {
    let sync: VerdictSync
    let poll: Double
    let tasks: [Task<Void, Never>]
    let pipeline: LogPipeline
    let host: EngineHost
    let live: LiveWiring.Live?
    let logger: Logger

    func run() async throws {
        // Verdicts from other processes until shutdown.
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                try? await Task.sleep(for: .seconds(poll))
                if Task.isCancelled { break }
                do { try sync.poll() } catch { logger.warning("reading verdicts from the fact store: \(error)") }
            }
        }
        logger.info("shutting down: stopping the sources")
        for task in tasks { task.cancel() }
        host.drain()
        await pipeline.drain()
        await live?.shutdown()
    }
}

