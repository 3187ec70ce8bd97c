import Foundation
import Testing
import VigilLiveHarness

/// Drives the release `vigil` binary inside a private tmux server, as a user would.
///
/// The binary runs as `sh -c '<bin>; echo EXIT=$?; stty -a …; sleep 30'`, so after it exits the
/// pane shows its exit status and the tty modes it left behind. Every wait polls
/// `capture-pane` against a deadline; nothing sleeps for a fixed long time.
@Suite(.timeLimit(.minutes(10)), .serialized)
struct TmuxEndToEndTests {
    /// Arguments for vigil, if the dashboard ever needs a flag (a demo/replay source) to start.
    static let vigilArguments: [String] = []
    static let panelTitles = ["Degraded operators", "Firing alerts", "API errors", "Down", "CPU", "Anomaly score"]

    /// A bad theme's warning is shown inside the UI (on stderr it was wiped by the screen).
    @Test func aThemeWarningIsShownOnTheScreen() async throws {
        guard let binary = vigilBinary() else { return }
        let tmux = try Tmux(name: "theme")
        defer { tmux.killServer() }
        try tmux.start(binary: binary, arguments: ["--theme", "no-such-theme"], width: 120, height: 40)
        try await tmux.waitFor("the theme warning in the message line", timeout: 20) { screen in
            screen.contains("no-such-theme") && Self.panelTitles.allSatisfy { screen.contains($0) }
        }
        try tmux.sendLiteral("q")
        let status = try await tmux.waitForExit()
        #expect(status.code == 0, "vigil exited with \(status.code) after `q`:\n\(status.screen)")
    }

    /// Live mode with a Prometheus that refuses: from the first frame the header says NO DATA and
    /// no panel shows an "all clear" text (they said "all operators available" in green).
    @Test func noDataAtStartIsNeverAllClear() async throws {
        guard let binary = vigilBinary() else { return }
        let tmux = try Tmux(name: "nodata")
        defer { tmux.killServer() }
        try tmux.start(binary: binary, arguments: ["--prometheus", "http://127.0.0.1:1"], width: 120, height: 40)
        try await tmux.waitFor("NO DATA and every panel title", timeout: 20) { screen in
            screen.contains("NO DATA") && Self.panelTitles.allSatisfy { screen.contains($0) }
        }
        let first = try tmux.capture()
        for allClear in ["all operators available", "no alerts firing", "all nodes Ready", "no API errors", " OK "] {
            #expect(!first.contains(allClear), "\"\(allClear)\" before any answer:\n\(first)")
        }
        // Then the refusal is said, and still nothing is called healthy.
        try await tmux.waitFor("the refusal in the header", timeout: 20) { $0.contains("refused") && $0.contains("NO DATA") }
        let screen = try tmux.capture()
        for allClear in ["all operators available", "no alerts firing", "all nodes Ready", "no API errors", " OK "] {
            #expect(!screen.contains(allClear), "\"\(allClear)\" with no data:\n\(screen)")
        }
        #expect(screen.contains("no data yet"), "\(screen)")
        try tmux.sendLiteral("q")
        let status = try await tmux.waitForExit()
        #expect(status.code == 0, "vigil exited with \(status.code) after `q`:\n\(status.screen)")
    }

    @Test func navigatesResizesAndQuitsCleanly() async throws {
        guard let binary = vigilBinary() else { return }
        let tmux = try Tmux(name: "nav")
        defer { tmux.killServer() }
        try tmux.start(binary: binary, arguments: Self.vigilArguments, width: 120, height: 40)

        try await tmux.waitFor("all panel titles", timeout: 20) { screen in
            Self.panelTitles.allSatisfy { screen.contains($0) }
        }

        // Help overlay: "Keys" must not be on screen before, so its appearance means the overlay.
        let before = try tmux.capture()
        #expect(!before.contains("Keys"), "\"Keys\" is on screen before `?` was pressed:\n\(before)")
        try tmux.sendLiteral("?")
        try await tmux.waitFor("the help overlay titled \"Keys\"") { $0.contains("Keys") }
        try tmux.sendKey("Escape")
        try await tmux.waitFor("the help overlay to close") { !$0.contains("Keys") }

        // The Alerts screen (2) lists the recording's alerts with their state; 1 comes back.
        try tmux.sendLiteral("2")
        try await tmux.waitFor("the Alerts screen with a firing alert") { $0.contains("Alerts · by severity") && $0.contains("FIRING") }
        try tmux.sendLiteral("1")
        try await tmux.waitFor("the overview again") { screen in Self.panelTitles.allSatisfy { screen.contains($0) } }

        // Focus moves; the focused panel gets a marker. Only assert that nothing broke.
        try tmux.sendKey("Tab")
        try tmux.sendKey("Tab")
        try await tmux.waitFor("the titles after Tab Tab") { screen in
            Self.panelTitles.allSatisfy { screen.contains($0) } && !screen.contains("EXIT=")
        }
        #expect(try tmux.vigilPID() != nil, "vigil is no longer running after Tab")

        // Shrink: the layout changes (titles may be cut), but something is drawn and vigil lives.
        // tmux resizes the pane's pty a moment after resize-window, so stay a second watching
        // that vigil survives the redraw rather than checking once.
        try tmux.resize(width: 60, height: 15)
        try await tmux.waitFor("a non-empty 60x15 screen") { screen in
            screen.contains { !$0.isWhitespace } && !screen.contains("EXIT=")
        }
        try await tmux.expectStaysAlive(seconds: 1)

        // Back to full size: every title returns, and content reaches beyond the 60x15 corner,
        // which proves vigil redrew at the new size instead of tmux showing the old frame.
        try tmux.resize(width: 120, height: 40)
        try await tmux.waitFor("all panel titles redrawn at 120x40") { screen in
            Self.panelTitles.allSatisfy { screen.contains($0) }
                && Self.hasContent(in: screen, beyondColumn: 60, orRow: 15)
        }

        try tmux.sendLiteral("q")
        let status = try await tmux.waitForExit()
        #expect(status.code == 0, "vigil exited with \(status.code) after `q`:\n\(status.screen)")
        Self.expectSaneTTY(status.screen)
    }

    @Test func sigtermRestoresTheTerminal() async throws {
        guard let binary = vigilBinary() else { return }
        let tmux = try Tmux(name: "term")
        defer { tmux.killServer() }
        try tmux.start(binary: binary, arguments: Self.vigilArguments, width: 120, height: 40)

        try await tmux.waitFor("all panel titles", timeout: 20) { screen in
            Self.panelTitles.allSatisfy { screen.contains($0) }
        }
        let pid = try #require(try tmux.vigilPID(), "cannot find the vigil process under the tmux pane")
        #expect(kill(pid, SIGTERM) == 0, "kill(\(pid), SIGTERM) failed: errno \(errno)")

        let status = try await tmux.waitForExit()
        #expect(status.code == 143, "vigil exited with \(status.code) after SIGTERM (want 128 + 15):\n\(status.screen)")
        Self.expectSaneTTY(status.screen)
    }

    /// Issue 21: SIGUSR1 (and the like) once ended vigil with the terminal raw; SIGPIPE too. Now
    /// SIGUSR1 quits with the terminal restored, and SIGPIPE is ignored (the dashboard goes on).
    @Test func sigusr1RestoresTheTerminalAndSigpipeIsIgnored() async throws {
        guard let binary = vigilBinary() else { return }
        let tmux = try Tmux(name: "usr1")
        defer { tmux.killServer() }
        try tmux.start(binary: binary, arguments: Self.vigilArguments, width: 120, height: 40)
        try await tmux.waitFor("all panel titles", timeout: 20) { screen in
            Self.panelTitles.allSatisfy { screen.contains($0) }
        }
        let pid = try #require(try tmux.vigilPID(), "cannot find the vigil process under the tmux pane")
        #expect(kill(pid, SIGPIPE) == 0)
        try await tmux.expectStaysAlive(seconds: 1)
        #expect(kill(pid, SIGUSR1) == 0)
        let status = try await tmux.waitForExit()
        #expect(status.code == 128 + Int(SIGUSR1), "vigil exited with \(status.code) after SIGUSR1:\n\(status.screen)")
        Self.expectSaneTTY(status.screen)
    }

    /// The overview's titles with the bundled node profile (operators become memory and filesystems).
    static let livePanelTitles = ["Memory & filesystems", "Firing alerts", "Down nodes & targets", "CPU", "Anomaly score"]

    /// Live mode against a real Prometheus scraping a real node_exporter: the node profile is
    /// detected and drawn with "prometheus ok"; Prometheus killed → the panels say STALE;
    /// restarted on the same port → "prometheus ok" again; `q` → exit 0 with the tty restored.
    @Test func liveModeRidesOutAPrometheusRestart() async throws {
        guard let binary = vigilBinary() else { return }
        let node = try await ProcessRunner.blocking { try RealServers.nodeExporter() }
        defer { node.stop() }
        let nodeTarget = "127.0.0.1:\(node.port)"
        let prometheus = try await ProcessRunner.blocking {
            try RealServers.prometheus(scrape: [(job: "node", target: nodeTarget)])
        }
        defer { prometheus.stop() }
        let tmux = try Tmux(name: "live")
        defer { tmux.killServer() }
        let started = Date()
        try tmux.start(binary: binary, arguments: ["--prometheus", "http://127.0.0.1:\(prometheus.port)", "--refresh", "1"],
                       width: 120, height: 40)

        try await tmux.waitFor("the node profile's panel titles and \"prometheus ok\"", timeout: 30) { screen in
            Self.livePanelTitles.allSatisfy { screen.contains($0) } && screen.contains("prometheus ok")
        }
        let up = Date()

        prometheus.kill()
        try await tmux.waitFor("STALE after Prometheus was killed", timeout: 15) { screen in
            screen.contains("STALE") && !screen.contains("prometheus ok")
                && screen.contains("connection refused (127.0.0.1:\(prometheus.port))")
        }
        let stale = Date()
        #expect(try tmux.vigilPID() != nil, "vigil is no longer running after Prometheus died")

        let restarted = try await ProcessRunner.blocking { try RealServers.restart(prometheus) }
        defer { restarted.stop() }
        let back = Date()
        try await tmux.waitFor("\"prometheus ok\" after the restart", timeout: 30) { screen in
            screen.contains("prometheus ok") && !screen.contains("STALE")
                && Self.livePanelTitles.allSatisfy { screen.contains($0) }
        }
        print("e2e: live dashboard up in \(Self.ms(up.timeIntervalSince(started))), STALE \(Self.ms(stale.timeIntervalSince(up))) "
              + "after the kill, ok \(Self.ms(Date().timeIntervalSince(back))) after the restart")

        try tmux.sendLiteral("q")
        let status = try await tmux.waitForExit()
        #expect(status.code == 0, "vigil exited with \(status.code) after `q`:\n\(status.screen)")
        Self.expectSaneTTY(status.screen)
    }

    /// Triage survives a restart: mark an anomaly false on the Anomalies screen, add a note, quit,
    /// start again on the same state folder, and the subject comes back already marked false (and
    /// hidden), with its note.
    @Test func aFalsePositiveIsRememberedAcrossARestart() async throws {
        guard let binary = vigilBinary() else { return }
        let tmux = try Tmux(name: "triage")
        defer { tmux.killServer() }
        // 08:00 in the recording at 300x: the incident's anomalies come within seconds.
        let args = ["--start", "+4h", "--speed", "300"]
        try tmux.start(binary: binary, arguments: args, width: 140, height: 40)
        try await tmux.waitFor("the overview", timeout: 20) { $0.contains("Anomaly score") }
        // A metric anomaly: it comes again after a restart, whereas a log line may not be flagged
        // by the log model the first run saved.
        try tmux.sendLiteral("3")
        try tmux.sendLiteral("/metric")
        try tmux.sendKey("Enter")
        try await tmux.waitFor("a new metric anomaly on the Anomalies screen", timeout: 30) { screen in
            screen.contains("Anomalies") && screen.split(separator: "\n").contains { $0.contains(" metric ") && $0.contains(" new ") }
        }
        try tmux.sendLiteral(" ")
        try await tmux.waitFor("the replay to pause") { $0.contains("PAUSED") }
        // The strongest one (sorted by score): the verdict also teaches its series' detector, and
        // a weaker event could then stay below the raise policy after the restart, never listed.
        try tmux.sendLiteral("o")
        try await tmux.waitFor("the list sorted by score") { $0.contains("by score") }
        try tmux.sendLiteral("g")
        try tmux.sendLiteral("f")
        try await tmux.waitFor("the verdict's confirmation") { $0.contains("marked false positive") && $0.contains("u undoes") }
        try tmux.sendLiteral("a")
        try await tmux.waitFor("the note prompt") { $0.contains("note on ") }
        try tmux.sendLiteral("nightly batch")
        try tmux.sendKey("Enter")
        try await tmux.waitFor("the note's confirmation") { $0.contains("note saved") }
        try tmux.sendLiteral("q")
        let first = try await tmux.waitForExit()
        #expect(first.code == 0, "vigil exited with \(first.code) after `q`:\n\(first.screen)")

        try tmux.killSession()
        try tmux.start(binary: binary, arguments: args, width: 140, height: 40)
        try await tmux.waitFor("the overview after the restart", timeout: 20) { $0.contains("Anomaly score") }
        try tmux.sendLiteral("3")
        try tmux.sendLiteral("h")
        try await tmux.waitFor("the subject marked false before the restart", timeout: 30) { screen in
            screen.split(separator: "\n").contains { $0.contains(" metric ") && $0.contains("false positive") }
        }
        // Only those marked false: the first is selected and its note is in the detail pane.
        try tmux.sendLiteral("/false positive")
        try tmux.sendKey("Enter")
        try await tmux.waitFor("the note given before the restart") { $0.contains("nightly batch") }
        try tmux.sendLiteral("q")
        let second = try await tmux.waitForExit()
        #expect(second.code == 0)
        Self.expectSaneTTY(second.screen)
    }

    static func ms(_ seconds: Double) -> String { "\(Int((seconds * 1000).rounded())) ms" }

    /// Whether any visible character sits at row >= `row` or column >= `column`.
    static func hasContent(in screen: String, beyondColumn column: Int, orRow row: Int) -> Bool {
        let lines = screen.split(separator: "\n", omittingEmptySubsequences: false)
        for (i, line) in lines.enumerated() {
            if i >= row, line.contains(where: { !$0.isWhitespace }) { return true }
            if line.dropFirst(column).contains(where: { !$0.isWhitespace }) { return true }
        }
        return false
    }

    /// The stty line printed after vigil exits must show canonical mode and echo back on.
    static func expectSaneTTY(_ screen: String, sourceLocation: SourceLocation = #_sourceLocation) {
        guard let line = screen.split(separator: "\n").first(where: { $0.contains("speed ") && $0.contains("baud") }) else {
            Issue.record("no `stty -a` output after exit:\n\(screen)", sourceLocation: sourceLocation)
            return
        }
        // Compare whole words: "-echoprt"/"-echonl" are normal, "-echo" is not.
        let words = Set(line.split(whereSeparator: { $0 == " " || $0 == ";" }).map(String.init))
        #expect(words.contains("icanon") && !words.contains("-icanon"),
                "tty left without icanon: \(line)", sourceLocation: sourceLocation)
        #expect(words.contains("echo") && !words.contains("-echo"),
                "tty left without echo: \(line)", sourceLocation: sourceLocation)
    }
}

/// The release binary under test: `VIGIL_BINARY`, else `<package root>/.build/release/vigil`.
/// A missing binary is a failure, never a silent skip: CI must build it first.
func vigilBinary(sourceLocation: SourceLocation = #_sourceLocation) -> String? {
    let env = ProcessInfo.processInfo.environment
    let path: String
    if let override = env["VIGIL_BINARY"], !override.isEmpty {
        path = override
    } else {
        path = packageRoot().appendingPathComponent(".build/release/vigil").path
    }
    guard FileManager.default.isExecutableFile(atPath: path) else {
        Issue.record("no vigil binary at \(path): build it first: swift build -c release --product vigil",
                     sourceLocation: sourceLocation)
        return nil
    }
    return path
}

/// Tests/EndToEndTests/<this file> → the package root, three levels up.
func packageRoot() -> URL {
    URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()
        .deletingLastPathComponent()
        .deletingLastPathComponent()
}

/// Quotes `s` for a POSIX shell.
func shellQuote(_ s: String) -> String {
    "'" + s.replacingOccurrences(of: "'", with: "'\"'\"'") + "'"
}

struct TmuxError: Error, CustomStringConvertible {
    var description: String
}

/// One private tmux server (its own socket, no user config) with one session.
final class Tmux: Sendable {
    let socket: String
    let session = "e2e"
    let executable: String
    let scratch: URL

    init(name: String) throws {
        socket = "vigil-e2e-\(getpid())-\(name)"
        guard let found = Self.findTmux() else {
            throw TmuxError(description: "tmux is not installed (needed for the end-to-end tests)")
        }
        executable = found
        // Config and state of the app under test go here, never into the user's home.
        scratch = FileManager.default.temporaryDirectory.appendingPathComponent(socket)
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
    }

    private static func findTmux() -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for dir in path.split(separator: ":") + ["/usr/bin", "/usr/local/bin"] {
            let candidate = "\(dir)/tmux"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    /// Starts the server and a detached `width`×`height` session running the binary.
    func start(binary: String, arguments: [String], width: Int, height: Int) throws {
        let root = packageRoot().path
        let state = scratch.appendingPathComponent("state").path
        let config = scratch.appendingPathComponent("config").path
        let script = [
            "cd \(shellQuote(root))",
            "export LANG=C.UTF-8 LC_ALL=C.UTF-8 TERM=tmux-256color",
            "export XDG_STATE_HOME=\(shellQuote(state)) XDG_CONFIG_HOME=\(shellQuote(config))",
            // As an operator's terminal: colours on, whatever the test runner's environment says.
            "unset NO_COLOR",
            // A crash must not sit waiting for a key in the interactive backtracer.
            "export SWIFT_BACKTRACE=interactive=no",
            ([binary] + arguments).map(shellQuote).joined(separator: " ") + " 2>\(shellQuote(scratch.appendingPathComponent("stderr.log").path))",
            "echo EXIT=$?",
            "stty -a | tr '\\n' ' '",
            "sleep 30",
        ].joined(separator: "; ")
        // default-terminal is set before the session exists so the pane's TERM is tmux-256color.
        try run(["start-server", ";",
                 "set-option", "-g", "default-terminal", "tmux-256color", ";",
                 "new-session", "-d", "-s", session, "-x", "\(width)", "-y", "\(height)",
                 "sh", "-c", script])
    }

    func capture() throws -> String {
        // -J joins wrapped lines, so the long stty line stays one line.
        try run(["capture-pane", "-p", "-J", "-t", session])
    }

    func sendKey(_ key: String) throws { try run(["send-keys", "-t", session, key]) }

    func sendLiteral(_ text: String) throws { try run(["send-keys", "-t", session, "-l", text]) }

    func resize(width: Int, height: Int) throws {
        try run(["resize-window", "-t", session, "-x", "\(width)", "-y", "\(height)"])
    }

    /// The pid of vigil: the child of the pane's shell; nil once it has exited.
    func vigilPID() throws -> pid_t? {
        let panePID = try run(["list-panes", "-t", session, "-F", "#{pane_pid}"])
            .trimmingCharacters(in: .whitespacesAndNewlines)
        guard !panePID.isEmpty else { return nil }
        let children = try Self.runProcess("/usr/bin/env", ["pgrep", "-P", panePID], allowFailure: true)
        // `sleep 30` is also a child once vigil has exited; the pane then shows EXIT=.
        if try capture().contains("EXIT=") { return nil }
        return children.split(whereSeparator: \.isNewline).compactMap { pid_t(String($0)) }.first
    }

    /// Polls the screen until `condition` holds, or fails with the last screen. Gives up early
    /// when vigil has exited (`EXIT=` shown) unless `untilExit`: waiting longer cannot help.
    func waitFor(_ what: String, timeout: Double = 10, untilExit: Bool = false,
                 sourceLocation: SourceLocation = #_sourceLocation,
                 _ condition: (String) -> Bool) async throws {
        let deadline = Date().addingTimeInterval(timeout)
        var screen = ""
        while Date() < deadline {
            screen = try capture()
            if condition(screen) { return }
            if !untilExit, screen.contains("EXIT=") { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        let log = (try? String(contentsOf: scratch.appendingPathComponent("stderr.log"), encoding: .utf8)) ?? ""
        Issue.record("timed out after \(timeout) s waiting for \(what). Screen:\n\(screen)\nstderr:\n\(log.suffix(2000))",
                     sourceLocation: sourceLocation)
        throw TmuxError(description: "timed out waiting for \(what)")
    }

    /// Fails if vigil exits (or the screen goes blank) within `seconds`.
    func expectStaysAlive(seconds: Double, sourceLocation: SourceLocation = #_sourceLocation) async throws {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            let screen = try capture()
            guard !screen.contains("EXIT="), screen.contains(where: { !$0.isWhitespace }),
                  try vigilPID() != nil else {
                Issue.record("vigil did not survive the resize. Screen:\n\(screen)", sourceLocation: sourceLocation)
                throw TmuxError(description: "vigil died")
            }
            try await Task.sleep(for: .milliseconds(100))
        }
    }

    /// Waits for the `EXIT=<code>` line and returns the code and the whole screen.
    func waitForExit(timeout: Double = 10,
                     sourceLocation: SourceLocation = #_sourceLocation) async throws -> (code: Int, screen: String) {
        var code: Int?
        var last = ""
        try await waitFor("vigil to exit (EXIT=)", timeout: timeout, untilExit: true,
                          sourceLocation: sourceLocation) { screen in
            last = screen
            guard let range = screen.range(of: "EXIT=") else { return false }
            let digits = screen[range.upperBound...].prefix { $0.isNumber }
            code = Int(digits)
            // The stty line follows the exit line; wait for it too.
            return code != nil && screen.contains("baud")
        }
        return (code ?? -1, last)
    }

    /// Ends the session (and what runs in it) but keeps the server's scratch folder: a restart sees the same state.
    func killSession() throws { try run(["kill-session", "-t", session]) }

    func killServer() {
        _ = try? run(["kill-server"], allowFailure: true)
        try? FileManager.default.removeItem(at: scratch)
        // tmux leaves its socket file behind: $TMUX_TMPDIR (or /tmp)/tmux-<uid>/<name>.
        let base = ProcessInfo.processInfo.environment["TMUX_TMPDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
        try? FileManager.default.removeItem(atPath: "\(base)/tmux-\(getuid())/\(socket)")
    }

    @discardableResult
    func run(_ args: [String], allowFailure: Bool = false) throws -> String {
        try Self.runProcess(executable, ["-L", socket, "-f", "/dev/null"] + args, allowFailure: allowFailure)
    }

    /// Runs a command to completion and returns its stdout.
    ///
    /// With VigilTestSupport's `ProcessRunner` (posix_spawn + waitpid, output through files), not
    /// Foundation's `Process`: on Linux `Process` decides a child has exited when a socket it
    /// hands the child reaches EOF, and the tmux server (forked by the first client) would keep
    /// it. `ProcessRunner` also starts children with an empty signal mask (a tmux server that
    /// inherited a worker thread's blocked SIGTERM survived kill-server) and closes every
    /// descriptor above stderr, so the tmux server holds none of this test process's sockets
    /// (the live test's HTTP clients, SwiftPM's pipes).
    static func runProcess(_ executable: String, _ args: [String], allowFailure: Bool = false) throws -> String {
        var env = ProcessInfo.processInfo.environment
        env["LANG"] = "C.UTF-8"
        env["LC_ALL"] = "C.UTF-8"
        // Inside another tmux, $TMUX would point commands at the user's server.
        env["TMUX"] = nil
        let result: ProcessResult
        do {
            result = try ProcessRunner.run(executable, args, environment: env, timeout: 30, allowFailure: allowFailure)
        } catch {
            throw TmuxError(description: "\(error)")
        }
        return result.stdout
    }
}
