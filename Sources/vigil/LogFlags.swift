import ArgumentParser
import Foundation
import VigilEngine
import VigilRuntime
import Logging
import VigilApp
import VigilCore
import VigilSources
import VigilLogSources

/// Log sources and the log model's folder. In replay the recording's cluster.log is scored as
/// well; these add sources in replay and live mode alike.
struct LogFlags: ParsableArguments {
    @Option(name: .customLong("logs"), help: ArgumentHelp(
        "Log file to follow (repeatable; a glob like '/var/log/pods/*/*/*.log' is allowed). '-' reads standard input (only when it is not a terminal).",
        valueName: "path"))
    var logs: [String] = []

    @Flag(name: .long, help: "Read --logs files from their start instead of their end.")
    var fromStart = false

    @Flag(name: .long, help: "Follow the systemd journal (runs journalctl -o json -f; with --once, its last 2,000 entries).")
    var journald = false

    @Option(name: .customLong("syslog-udp"), help: ArgumentHelp(
        "Receive syslog (RFC 5424 or 3164) over UDP on host:port, e.g. ':5514' (repeatable).", valueName: "host:port"))
    var syslogUDP: [String] = []

    @Option(name: .customLong("syslog-tcp"), help: ArgumentHelp(
        "Receive syslog over TCP on host:port (octet counting or a line feed after each message; repeatable).", valueName: "host:port"))
    var syslogTCP: [String] = []

    @Option(name: .customLong("syslog-tls"), help: ArgumentHelp(
        "Receive syslog over TLS (RFC 5425) on host:port; needs --syslog-tls-cert and --syslog-tls-key (repeatable).", valueName: "host:port"))
    var syslogTLS: [String] = []

    @Option(name: .customLong("syslog-tls-cert"), help: ArgumentHelp("The TLS listener's certificate chain (PEM).", valueName: "file"))
    var syslogTLSCert: String?

    @Option(name: .customLong("syslog-tls-key"), help: ArgumentHelp("The TLS listener's private key (PEM).", valueName: "file"))
    var syslogTLSKey: String?

    @Option(name: .customLong("syslog-tls-client-ca"), help: ArgumentHelp("Require senders to present a certificate signed by this CA (PEM): mutual TLS.", valueName: "file"))
    var syslogTLSClientCA: String?

    @Option(name: .customLong("syslog-rate"), parsing: .unconditional, help: ArgumentHelp("Syslog lines per second each sender may send on average (bursts of 4 s above it pass); more are dropped and counted. 0: no limit.", valueName: "lines"))
    var syslogRate: Double = 5_000

    @Option(name: .customLong("syslog-queue"), parsing: .unconditional, help: ArgumentHelp("Syslog lines waiting for the log pipeline at most; more are dropped and counted.", valueName: "lines"))
    var syslogQueue: Int = 50_000

    @Option(name: .long, help: "Folder of the fact store facts.sqlite, the log model log-model.json and its template miner log-miner.json. Default: $XDG_STATE_HOME/vigil (~/.local/state/vigil).")
    var stateDir: String?

    func validate() throws {
        try validateSyslog()
        if logs.contains(where: { $0.isEmpty }) { throw ValidationError("--logs needs a path, a glob or '-'") }
        if logs.filter({ $0 == "-" }).count > 1 { throw ValidationError("--logs - can be given once") }
        for path in logs where path != "-" {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
                let dir = path.hasSuffix("/") ? String(path.dropLast()) : path
                throw ValidationError("--logs \(path) is a directory: name its files, e.g. --logs '\(dir)/*.log'")
            }
        }
        if readsStdin, isatty(0) == 1 {
            throw ValidationError("--logs - reads log lines from standard input, but stdin is a terminal; pipe lines in, e.g. journalctl -f | vigil --logs -")
        }
        if journald, ExecutablePath.find("journalctl") == nil {
            throw ValidationError("--journald runs journalctl, which is not on PATH; without systemd, follow files with --logs PATH or pipe lines to --logs -")
        }
    }

    var readsStdin: Bool { logs.contains("-") }

    var receivesSyslog: Bool { !(syslogUDP.isEmpty && syslogTCP.isEmpty && syslogTLS.isEmpty) }

    func validateSyslog() throws {
        for (flag, values) in [("--syslog-udp", syslogUDP), ("--syslog-tcp", syslogTCP), ("--syslog-tls", syslogTLS)] {
            for value in values where Serve.parseListen(value) == nil {
                throw ValidationError("\(flag) '\(value)': expected host:port with a port from 0 to 65535, such as 0.0.0.0:5514 or :5514")
            }
        }
        if !syslogTLS.isEmpty {
            guard let cert = syslogTLSCert, let key = syslogTLSKey else {
                throw ValidationError("--syslog-tls needs --syslog-tls-cert FILE and --syslog-tls-key FILE (PEM)")
            }
            for (flag, path) in [("--syslog-tls-cert", cert), ("--syslog-tls-key", key), ("--syslog-tls-client-ca", syslogTLSClientCA)]
            where path != nil && !FileManager.default.isReadableFile(atPath: path!) {
                throw ValidationError("\(flag) \(path!): no such readable file")
            }
        } else if syslogTLSCert != nil || syslogTLSKey != nil || syslogTLSClientCA != nil {
            throw ValidationError("--syslog-tls-cert, --syslog-tls-key and --syslog-tls-client-ca go with --syslog-tls host:port")
        }
        guard syslogRate >= 0, syslogRate.isFinite else { throw ValidationError("--syslog-rate must be 0 (no limit) or a positive number of lines per second") }
        guard syslogQueue > 0, syslogQueue <= 10_000_000 else { throw ValidationError("--syslog-queue must be from 1 to 10000000 lines") }
    }

    /// The intake the syslog receiver fills: its settings from the flags.
    func makeSyslogIntake() -> SyslogIntake {
        var settings = SyslogIntake.Settings()
        settings.ratePerSender = syslogRate
        settings.burst = max(1, syslogRate * 4)
        settings.queueCapacity = syslogQueue
        return SyslogIntake(settings: settings)
    }

    func syslogListeners() -> [SyslogReceiver.Listener] {
        var out: [SyslogReceiver.Listener] = []
        for (transport, values) in [(SyslogReceiver.Transport.udp, syslogUDP), (.tcp, syslogTCP), (.tls, syslogTLS)] {
            for value in values {
                if let (host, port) = Serve.parseListen(value) { out.append(.init(transport, host: host, port: port)) }
            }
        }
        return out
    }

    var stateDirectory: URL { stateDir.map { URL(fileURLWithPath: $0) } ?? Paths.stateDirectory() }

    /// The one log pipeline of a run; `inBackground` false trains in line (`--once`).
    func pipeline(logger: Logger, inBackground: Bool) -> LogPipeline {
        var settings = LogPipelineSettings(stateDirectory: stateDirectory)
        settings.trainInBackground = inBackground
        settings.warn = { logger.warning("\($0)") }
        return LogPipeline(settings: settings)
    }

    /// Starts a task per log source, each sending to `sink`; cancel them to stop.
    /// `syslog` is the intake of the syslog receiver (whose counts `serve` exports), when one listens.
    func startSources(sink: @escaping @Sendable (SourceMessage) -> Void,
                      syslog: SyslogIntake? = nil) -> [Task<Void, Never>] {
        var tasks: [Task<Void, Never>] = []
        if receivesSyslog {
            let tls = syslogTLS.isEmpty ? nil : syslogTLSCert.flatMap { cert in
                syslogTLSKey.map { SyslogReceiver.TLSFiles(certificate: cert, key: $0, clientCA: syslogTLSClientCA) }
            }
            let receiver = SyslogReceiver(listeners: syslogListeners(), tls: tls, intake: syslog ?? makeSyslogIntake(), sink: sink)
            tasks.append(Task.detached { await receiver.run() })
        }
        for path in logs {
            if path == "-" {
                let source = StdinLogSource(sink: sink)
                tasks.append(Task.detached { await source.run() })
            } else {
                let source = FileFollower(pattern: path, fromStart: fromStart, sink: sink)
                tasks.append(Task.detached { await source.run() })
            }
        }
        if journald {
            let source = JournaldSource(input: .spawn(), sink: sink)
            tasks.append(Task.detached { await source.run() })
        }
        return tasks
    }

    /// For a one-frame snapshot (`--once`): what the `--logs` files hold now, read from their
    /// start; what standard input holds (until it ends, or has been quiet for a second: a
    /// following pipe never ends); the recent journal (`journalctl -o json -n 2000`, without -f).
    /// `notes` says what was cut short, for stderr.
    func snapshotMessages() -> (messages: [SourceMessage], notes: [String]) {
        var messages: [SourceMessage] = []
        for path in logs where path != "-" {
            messages += FileFollower(pattern: path, fromStart: true, sink: { _ in }).snapshot()
        }
        var notes: [String] = []
        if receivesSyslog {
            notes.append("--syslog-*: one frame does not wait for senders; the receiver listens in the dashboard and in vigil serve")
        }
        if readsStdin {
            let r = runBlocking {
                await SourceDrain.collect(quiet: .seconds(1), limit: .seconds(10)) { sink in
                    await StdinLogSource(sink: sink).run()
                }
            }
            messages += r.messages
            if let cut = r.cutShort { notes.append("--logs -: this frame holds the \(r.lines) lines read from standard input; \(cut.description)") }
        }
        if journald {
            let r = runBlocking {
                await SourceDrain.collect(quiet: .seconds(5), limit: .seconds(20)) { sink in
                    await JournaldSource(input: .spawn(arguments: Self.journalSnapshotArguments), sink: sink).run()
                }
            }
            messages += r.messages
            if let cut = r.cutShort { notes.append("--journald: this frame holds the \(r.lines) entries read from journalctl; \(cut.description)") }
        }
        return (messages, notes)
    }

    /// The journal for one frame: its last 2,000 entries, no following.
    static let journalSnapshotArguments = ["-o", "json", "-n", "2000", "--no-pager"]

    /// Whether the full-screen UI can run. With `--logs -` stdin carries the lines and the
    /// keyboard is read from /dev/tty instead, as `less` does.
    var terminalIsInteractive: Bool {
        if TerminalFacts.isInteractive { return true }
        guard readsStdin, isatty(1) == 1, TerminalFacts.notInteractiveReason == "stdin is not a terminal" else { return false }
        return Self.hasControllingTerminal
    }

    /// Why the full-screen UI cannot run, or nil.
    var notInteractiveReason: String? {
        guard let why = TerminalFacts.notInteractiveReason else { return nil }
        if readsStdin, why == "stdin is not a terminal" {
            return Self.hasControllingTerminal ? nil : "stdin carries the log lines and there is no /dev/tty to read keys from"
        }
        return why
    }

    static var hasControllingTerminal: Bool {
        let fd = open("/dev/tty", O_RDWR | O_CLOEXEC)
        guard fd >= 0 else { return false }
        close(fd)
        return true
    }
}
