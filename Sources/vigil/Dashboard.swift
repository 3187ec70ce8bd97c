import ArgumentParser
import Foundation
import VigilEngine
import VigilRuntime
import Logging
import VigilApp
import VigilCore
import VigilCurses
import VigilEngine
import VigilFacts
import VigilRuntime
import VigilSources
import VigilPrometheus
import VigilTerminal

/// The dashboard: full-screen in a terminal, or one text frame with `--once`.
struct Dashboard: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dashboard",
        abstract: "Show the cluster dashboard (the default command).")

    @Option(name: .long, help: "Replay a recording folder (metrics.om, cluster.log, alerts.json). Default: the bundled sample-data.")
    var replay: String?

    @Option(name: .long, parsing: .unconditional, help: "Replay speed: data seconds per real second.")
    var speed: Double = ReplayDefaults.speed

    // `.unconditional`: a value that starts with '-' ("-30m") is the option's value, not another option.
    @Option(name: .long, parsing: .unconditional,
            help: "Replay start: RFC 3339 time, 'start', '+2h' (after the recording's start) or '-30m' (before its end).")
    var start: String?

    @Flag(inversion: .prefixedNo, help: "Start the replay over when it reaches the end.")
    var loop: Bool = false

    @Option(name: .long, help: "Theme name (themes/ and $XDG_CONFIG_HOME/vigil/themes) or path to a .theme file.")
    var theme: String = "default"

    @Flag(name: .long, help: "No colours (same as NO_COLOR=1).")
    var noColor = false

    @Flag(name: .long, help: "ASCII glyphs only (borders, sparklines).")
    var ascii = false

    @Flag(name: .long, help: "Print one frame as plain text and exit.")
    var once = false

    @Option(name: .long, parsing: .unconditional, help: "Frame width for --once.")
    var width: Int?

    @Option(name: .long, parsing: .unconditional, help: "Frame height for --once.")
    var height: Int?

    @Option(name: .long, parsing: .unconditional, help: "Instant shown by --once (same forms as --start). Default: the replay start.")
    var at: String?

    @Option(name: .long, help: "Screen shown by --once: 1 overview, 2 alerts, 3 anomalies, 4 logs, 5 fleet.")
    var screen = 1

    @Option(name: .long, help: ArgumentHelp("Forget a series (its history and detector) once it has been missing this long (data time) or from 30 refreshes in a row, whichever comes first.", valueName: "duration"))
    var forgetSeriesAfter = "15m"

    @Flag(name: .long, help: "Verdict keys off (c, f, s, u): look without changing the fact store.")
    var readOnly = false

    @Flag(name: .long, help: "If the fact store (facts.sqlite in --state-dir) is corrupt or from a newer Vigil, move it aside and start a new one.")
    var freshStore = false

    @Option(name: .long, help: "Escape codes in --once output: auto, always, never.")
    var color: String = "never"

    @Option(name: .long, help: "Log file (never the terminal). Default: $XDG_STATE_HOME/vigil/vigil.log.")
    var logFile: String?

    @Option(name: .long, help: ArgumentHelp("Attach to a running vigil serve: also list the anomalies it has open (read from its /metrics every 5 s). With its --state-dir, a verdict given here quiets it too.", valueName: "url"))
    var attach: String?

    @OptionGroup(title: "Logs")
    var logFlags: LogFlags

    @OptionGroup(title: "Live mode (any of these, from flags, VIGIL_* variables or config.yaml, selects it)")
    var live: LiveFlags

    func validate() throws {
        guard speed > 0, speed.isFinite else { throw ValidationError("--speed must be a positive number") }
        guard ["auto", "always", "never"].contains(color) else { throw ValidationError("--color must be auto, always or never") }
        if let w = width, !(1...Self.maxFrameSide).contains(w) { throw ValidationError("--width must be from 1 to \(Self.maxFrameSide) columns") }
        guard let keep = TimeSpec.duration(forgetSeriesAfter), keep > 0 else {
            throw ValidationError("--forget-series-after '\(forgetSeriesAfter)': expected a duration such as 90s, 15m or 2h")
        }
        if let h = height, !(1...Self.maxFrameSide).contains(h) { throw ValidationError("--height must be from 1 to \(Self.maxFrameSide) rows") }
        if let attach {
            guard (try? LiveWiring.url(attach, flag: "--attach")) != nil else {
                throw ValidationError("--attach '\(attach)': expected the serve's http(s) URL, such as http://127.0.0.1:9469")
            }
            if once { throw ValidationError("--attach lists a running serve's anomalies as they come; it has no one-frame form (leave out --once)") }
        }
        guard Screen(rawValue: screen) != nil else {
            throw ValidationError("--screen must be " + Screen.allCases.map { "\($0.rawValue) (\($0.title))" }.joined(separator: ", "))
        }
    }

    /// Any error that is not a usage error (those exit 64) ends the dashboard with 3, UNKNOWN in
    /// the check-command convention: 1 is WARNING there, and a run that could not look at the
    /// cluster has found nothing, so it must not read as a finding.
    static let errorExitCode: Int32 = 3

    /// The largest --width or --height: a frame of 10,000 × 10,000 cells is already 100 M cells
    /// (a 100,000-square one would need 320 GB).
    static let maxFrameSide = 10_000

    func run() throws {
        do {
            try runDashboard()
        } catch let e as ExitCode {
            throw e
        } catch let e as ValidationError {
            throw e
        } catch let e as CleanExit {
            throw e
        } catch {
            FileHandle.standardError.write(Data("Error: \(Vigil.message(for: error))\n".utf8))
            throw ExitCode(Self.errorExitCode)
        }
    }

    private func runDashboard() throws {
        // Under the state folder (--state-dir included) unless --log-file says otherwise.
        let logPath = logFile ?? logFlags.stateDirectory.appendingPathComponent("vigil.log").path
        FileLogHandler.bootstrap(path: logPath, level: .info)
        let logger = Logger(label: "vigil")

        let settings = try live.effectiveSettings()
        if replay == nil, settings.prometheus != nil || settings.alertmanager != nil {
            try runLive(settings: settings, logPath: logPath, logger: logger)
            return
        }

        let recording = try loadRecording()
        let startTime = try resolve(start, name: "--start", recording: recording, fallback: ReplayDefaults.start(of: recording))
        let (config, themeWarning) = makeConfig()
        // A frame prints it on stderr; the full-screen UI shows it in its message line (stderr
        // would be wiped by the screen).
        if let w = themeWarning, printsOneFrame { FileHandle.standardError.write(Data("vigil: \(w)\n".utf8)) }

        if printsOneFrame {
            let instant = try resolve(at, name: "--at", recording: recording, fallback: startTime)
            var cursor = ReplayCursor(recording: recording)
            let raw = cursor.seek(to: instant)
            try printFrame(config: config, logger: logger, note: "(use --once to choose its size)") { raw }
            return
        }

        logger.info("starting dashboard: replay from \(Format.clock(startTime)) at \(speed)x")
        try runInteractive(recording: recording, start: startTime, config: config, logPath: logPath, logger: logger,
                           notice: themeWarning)
    }

    /// `--once`, or no terminal to draw on: one frame as text.
    var printsOneFrame: Bool { once || !logFlags.terminalIsInteractive }

    /// The one `--once` flow, replay and live alike: the frame's source messages (from `collect`)
    /// and the `--logs`/stdin/journal lines go through the same log pipeline and engine as in the
    /// dashboard, with the stored verdicts taught first; the frame is printed to stdout.
    func printFrame(config: AppConfig, logger: Logger, note: String?, collect: () throws -> [SourceMessage]) throws {
        if !once, let why = logFlags.notInteractiveReason {
            FileHandle.standardError.write(Data("vigil: \(why); printing one frame instead\(note.map { " " + $0 } ?? "")\n".utf8))
        }
        let raw = try collect()
        let (extra, notes) = logFlags.snapshotMessages()
        for note in notes { FileHandle.standardError.write(Data("vigil: \(note)\n".utf8)) }
        let pipeline = logFlags.pipeline(logger: logger, inBackground: false)
        var engine = Engine(logs: pipeline, retention: retention)
        engine.load(try storedVerdicts())
        let w = width ?? 120, h = height ?? 40
        var model = Snapshot.model(messages: raw + extra, config: config, width: w, height: h, engine: engine)
        runBlocking { await pipeline.drain() }  // a model trained at the end of the input is saved
        model.screen = Screen(rawValue: screen) ?? .overview
        let colored = color == "always" || (color == "auto" && isatty(1) == 1 && !noColorRequested)
        try StandardOutput.write(Snapshot.lines(model, width: w, height: h, color: colored).joined(separator: "\n") + "\n")
        // The exit status of a check command (monitoring-plugins convention), the reasons on stderr.
        let status = ClusterStatus.of(model)
        if status.level != .ok {
            FileHandle.standardError.write(Data("vigil: \(status.summary)\n".utf8))
            throw ExitCode(status.level.rawValue)
        }
    }

    /// `sink`, with each source's outages and recoveries written to the log.
    static func loggingHealth(_ sink: @escaping @Sendable (SourceMessage) -> Void, logger: Logger) -> @Sendable (SourceMessage) -> Void {
        let log = HealthLog { level, text in
            switch level {
            case .warning: logger.warning("\(text)")
            case .info: logger.info("\(text)")
            }
        }
        return { message in
            if case .health(let h) = message { log.note(h) }
            sink(message)
        }
    }

    /// How long a series that went away is kept (`--forget-series-after`).
    var retention: ClusterState.Retention {
        ClusterState.Retention(seconds: TimeSpec.duration(forgetSeriesAfter) ?? 900)
    }

    var noColorRequested: Bool {
        noColor || !(ProcessInfo.processInfo.environment["NO_COLOR"] ?? "").isEmpty
    }

    func makeConfig() -> (AppConfig, String?) {
        var warning: String?
        let chosen: Theme
        if noColorRequested {
            chosen = .mono
        } else {
            let loaded = Paths.themeLoader().load(theme)
            chosen = loaded.theme
            warning = loaded.warning
        }
        let glyphs: Glyphs = (ascii || !TerminalFacts.localeIsUTF8) ? .ascii : .unicode
        let name = replay.map { URL(fileURLWithPath: $0).lastPathComponent } ?? "sample-data"
        return (AppConfig(theme: chosen, glyphs: glyphs, mode: .replay(name: name), readOnly: readOnly), warning)
    }

    func loadRecording() throws -> ReplayRecording {
        try Self.loadRecording(replay)
    }

    /// The recording in `replay`, or the bundled sample-data (the dashboard and `serve` alike).
    static func loadRecording(_ replay: String?) throws -> ReplayRecording {
        let dir: URL
        if let r = replay {
            dir = URL(fileURLWithPath: r)
        } else if let found = Paths.sampleData() {
            dir = found
        } else {
            throw UserError("cannot find the bundled sample-data/ (looked beside the executable and in the current directory); pass --replay DIR or set VIGIL_SAMPLE_DATA")
        }
        do {
            return try ReplayRecording.load(from: dir)
        } catch {
            throw UserError("cannot read the recording in \(dir.path): \(error)")
        }
    }

    func resolve(_ text: String?, name: String, recording: ReplayRecording, fallback: Date) throws -> Date {
        guard let text else { return fallback }
        guard let t = TimeSpec.parse(text, start: recording.start, end: recording.end) else {
            throw ValidationError("\(name) '\(text)': expected an RFC 3339 time, 'start', 'end', '+2h' or '-30m'")
        }
        return min(max(t, recording.start), recording.end)
    }

    func runInteractive(recording: ReplayRecording, start: Date, config: AppConfig, logPath: String, logger: Logger,
                        notice: String?) throws {
        let mailbox = Mailbox<SourceMessage>()
        let pipeline = logFlags.pipeline(logger: logger, inBackground: true)
        // The engine (every detector) runs off the UI thread; the UI's mailbox gets the rest at once
        // and log lines once scored.
        // A bounded backlog: a replay faster than the detectors waits for them instead of queueing
        // without end (a 100k-series recording with --loop once starved the UI).
        let host = EngineHost(engine: Engine(logs: pipeline, retention: retention), backlog: 16, scored: { mailbox.send(.scoredLogs($0)) })
        let sink = Self.loggingHealth(host.intake(alsoTo: Self.paced(mailbox)), logger: logger)
        let source = ReplaySource(recording: recording, start: start, speed: speed, loop: loop, sink: sink)
        let tasks = [Task.detached { await source.run() }] + logFlags.startSources(sink: sink) + (try attachSources(sink: sink))
        defer { for task in tasks { task.cancel() } }
        try runTerminal(config: config, mailbox: mailbox, playback: source, logPath: logPath, logger: logger,
                        host: host, notice: notice)
    }

    /// The full-screen UI on this thread until `q` or a signal; the terminal is restored on every path.
    func runTerminal(config: AppConfig, mailbox: Mailbox<SourceMessage>, playback: any PlaybackControl,
                     logPath: String, logger: Logger, host: EngineHost, notice: String?) throws {
        // The fact store opens before the screen is taken, so a problem with it reads as a plain error.
        let store = try openVerdictStore(logger: logger)
        TerminationSignals.install()
        // Anything written to stderr while ncurses runs would smear the screen: send it to the log.
        let savedStderr = StderrRedirect(toFile: logPath)
        defer { savedStderr.restore() }

        let terminal: NCursesTerminal
        do {
            terminal = try NCursesTerminal(colorMode: config.theme == .mono ? .none : .auto)
        } catch {
            savedStderr.restore()
            throw UserError("cannot start the terminal UI: \(error). Try --once for a text frame.")
        }
        defer { terminal.restore() }
        var model = Model(config: config, engine: host.current())
        model.message = notice
        let runner = AppRunner(model: model, backend: terminal, mailbox: mailbox,
                               playback: playback, store: store, host: host, shouldQuit: { TerminationSignals.requested })
        runner.run()
        logger.info("quit after \(runner.framesDrawn) frames")
        let queued = runner.queuedVerdicts
        if queued.count > 0 {
            terminal.restore()
            let text = "vigil: \(queued.count) verdict\(queued.count == 1 ? "" : "s") still queued in \(queued.file) (the fact store stayed locked by another process); they are saved the next time vigil starts"
            FileHandle.standardError.write(Data((text + "\n").utf8))
            logger.warning("\(text)")
        }
        // Ended by a signal: the terminal is restored (defer above), the status says which signal.
        if let sig = TerminationSignals.received {
            terminal.restore()
            throw ExitCode(128 + sig)
        }
    }
}


extension Dashboard {
    /// `--attach URL`: the open anomalies of a running serve, as a source.
    func attachSources(sink: @escaping @Sendable (SourceMessage) -> Void) throws -> [Task<Void, Never>] {
        guard let attach else { return [] }
        let url = try LiveWiring.url(attach, flag: "--attach")
        let transport = try AsyncHTTPTransport(options: EndpointOptions(baseURL: url, timeout: .seconds(5), retries: 0))
        let source = AttachSource(transport: transport, sink: sink)
        return [Task.detached { await source.run() }]
    }

    func runLive(settings: LiveSettings, logPath: String, logger: Logger) throws {
        do { try settings.validate() } catch { throw UserError("\(error)") }
        var (config, themeWarning) = makeConfig()
        if let w = themeWarning, printsOneFrame { FileHandle.standardError.write(Data("vigil: \(w)\n".utf8)) }
        let notice = themeWarning
        let mailbox = Mailbox<SourceMessage>()
        // A frame asks the sources itself (printFrame has its own engine); the dashboard's engine
        // takes every source's messages, the UI's mailbox the rest at once and log lines scored.
        let pipeline = printsOneFrame ? nil : logFlags.pipeline(logger: logger, inBackground: true)
        let host = EngineHost(engine: Engine(logs: pipeline, retention: retention), backlog: 16, scored: { mailbox.send(.scoredLogs($0)) })
        let toUI = Self.paced(mailbox)
        let ignore: @Sendable (SourceMessage) -> Void = { _ in }
        let sink = printsOneFrame ? ignore : Self.loggingHealth(host.intake(alsoTo: toUI), logger: logger)
        let wired = try LiveWiring.make(settings: settings, remoteAnomalies: true, sink: sink)
        for note in wired.notes { FileHandle.standardError.write(Data("vigil: \(note)\n".utf8)) }
        config.mode = .live(name: wired.sourceName)
        config.insecureTLS = wired.insecureTLS
        logger.info("live mode: \(settings.redactedDescription)")

        if printsOneFrame {
            let now = Date()
            var instant = now
            if let at {
                guard let t = TimeSpec.parse(at == "now" ? "end" : at, start: now, end: now) else {
                    throw ValidationError("--at '\(at)': expected an RFC 3339 time, 'now' or '-30m'")
                }
                instant = t
            }
            let source = wired.source
            let instantFixed = instant
            try printFrame(config: config, logger: logger, note: nil) {
                runBlocking {
                    let m = await source.startUpMessages(end: instantFixed) + (await source.refresh(at: instantFixed))
                    await wired.shutdown()
                    return m
                }
            }
            return
        }

        let source = wired.source
        let tasks = [Task.detached { await source.run() }] + logFlags.startSources(sink: sink) + (try attachSources(sink: sink))
        defer {
            for task in tasks { task.cancel() }
            runBlocking { await wired.shutdown() }
        }
        try runTerminal(config: config, mailbox: mailbox, playback: source, logPath: logPath, logger: logger,
                        host: host, notice: notice)
    }
}

/// Pause and speed steer the live collector's refreshes.
extension LiveSource: PlaybackControl {}

/// Points fd 2 at a file and back.
final class StderrRedirect {
    private var saved: Int32 = -1
    init(toFile path: String) {
        let fd = open(path, O_WRONLY | O_CREAT | O_APPEND, 0o600)
        guard fd >= 0 else { return }
        saved = dup(2)
        dup2(fd, 2)
        close(fd)
    }
    func restore() {
        guard saved >= 0 else { return }
        dup2(saved, 2)
        close(saved)
        saved = -1
    }
}

extension Dashboard {
    /// Sends to the UI's mailbox, first waiting (up to 2 s) while it holds more than 256 messages:
    /// a source faster than the UI is slowed to its pace instead of queueing without end.
    static func paced(_ mailbox: Mailbox<SourceMessage>) -> @Sendable (SourceMessage) -> Void {
        { message in
            var waited = 0
            while mailbox.count > 256, waited < 400, !TerminationSignals.requested {
                usleep(5_000)
                waited += 1
            }
            mailbox.send(message)
        }
    }

    /// The fact store in --state-dir. A corrupt or newer-schema file stops the start with a clear
    /// error (the file is left as it is) unless --fresh-store; with --read-only Vigil runs without it.
    func openVerdictStore(logger: Logger) throws -> FactVerdictStore? {
        do {
            let store = try FactStore.open(directory: logFlags.stateDirectory, fresh: freshStore)
            if let moved = store.movedAside {
                FileHandle.standardError.write(Data("vigil: \(moved)\n".utf8))
                logger.warning("\(moved)")
            }
            // The UI never waits long on another process's lock: its verdicts queue instead.
            try? store.setBusyTimeout(0.1)
            return FactVerdictStore(store: store)
        } catch {
            if readOnly {
                logger.warning("running without the fact store: \(error)")
                FileHandle.standardError.write(Data("vigil: \(error); --read-only: going on without it\n".utf8))
                return nil
            }
            throw UserError("\(error). --read-only runs without it.")
        }
    }

    /// Verdicts already given, for a --once frame, when a fact store exists (never creates one).
    /// A store that cannot be read is an error (a frame without the verdicts would show anomalies
    /// marked false as new), unless --read-only: then the frame goes on without them and says so.
    func storedVerdicts() throws -> [Verdict] {
        let file = logFlags.stateDirectory.appendingPathComponent("facts.sqlite").path
        guard FileManager.default.fileExists(atPath: file) else { return [] }
        do {
            let store = try FactStore.open(directory: logFlags.stateDirectory)
            return try FactVerdictStore(store: store).activeVerdicts()
        } catch {
            if readOnly {
                FileHandle.standardError.write(Data("vigil: \(error); --read-only: this frame shows no verdicts\n".utf8))
                return []
            }
            throw UserError("\(error). --read-only shows the frame without verdicts.")
        }
    }
}
