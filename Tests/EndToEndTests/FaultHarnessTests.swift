import Foundation
import Testing

/// Issue 21's fault harness, end to end with the release binary in tmux: random sizes from 1×1 to
/// 400×120 and 10,000 random keys on every screen, then `q` quits with the terminal restored; and
/// every signal that ends the dashboard restores the terminal.
@Suite(.timeLimit(.minutes(10)), .serialized)
struct FaultHarnessTests {
    /// Keys as tmux names them: every screen's keys, prompts and their way out, but never `q` or
    /// Ctrl-C (the test quits at the end).
    static let keys = ["j", "k", "n", "p", "g", "G", "c", "f", "s", "u", "a", "v", "o", "h", "/", "?", "+", "-", "1", "2", "3",
                       "4", "5", "Up", "Down", "Left", "Right", "PageUp", "PageDown", "Home", "End", "Enter", "Escape", "Tab",
                       "BSpace", "Space", "x", "C-l", "F1", "é", "日"]

    @Test func randomSizesAndTenThousandKeysLeaveItAnsweringAndTheTerminalRestored() async throws {
        guard let binary = vigilBinary() else { return }
        let tmux = try Tmux(name: "chaos")
        defer { tmux.killServer() }
        try tmux.start(binary: binary, arguments: ["--speed", "64", "--loop"], width: 120, height: 40)
        try await tmux.waitFor("the overview", timeout: 30) { $0.contains("Anomaly score") }
        // VIGIL_FAULT_SEED repeats a run.
        var rng = SystemRandomNumberGenerator()
        var seed = ProcessInfo.processInfo.environment["VIGIL_FAULT_SEED"].flatMap { UInt64($0) } ?? UInt64.random(in: 1...UInt64.max, using: &rng)
        print("fault harness seed \(seed)")
        func next() -> UInt64 {   // SplitMix64: the run can be repeated from the printed seed
            seed &+= 0x9E37_79B9_7F4A_7C15
            var z = seed
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        for _ in 0..<100 {
            try tmux.resize(width: Int(next() % 400) + 1, height: Int(next() % 120) + 1)
            let batch = (0..<100).map { _ in Self.keys[Int(next() % UInt64(Self.keys.count))] }
            _ = try tmux.run(["send-keys", "-t", tmux.session] + batch)
        }
        try tmux.resize(width: 120, height: 40)
        // Out of any prompt, help or filter; then, once the keys are all taken and the screen drawn
        // again (a loaded machine takes a while), quit.
        for _ in 0..<4 { try tmux.sendKey("Escape") }
        try await tmux.waitFor("a drawn screen after the keys", timeout: 60) { screen in
            screen.contains("q quit") || screen.contains("Vigil")
        }
        try await tmux.expectStaysAlive(seconds: 1)
        try tmux.sendLiteral("q")
        let status = try await tmux.waitForExit(timeout: 30)
        #expect(status.code == 0, "vigil exited with \(status.code):\n\(status.screen)")
        TmuxEndToEndTests.expectSaneTTY(status.screen)
    }

    @Test(arguments: [SIGHUP, SIGINT, SIGUSR2, SIGQUIT])
    func everySignalThatEndsItRestoresTheTerminal(signal: Int32) async throws {
        guard let binary = vigilBinary() else { return }
        let tmux = try Tmux(name: "sig\(signal)")
        defer { tmux.killServer() }
        try tmux.start(binary: binary, arguments: [], width: 100, height: 30)
        try await tmux.waitFor("the overview", timeout: 30) { $0.contains("Anomaly score") }
        let pid = try #require(try tmux.vigilPID())
        #expect(kill(pid, signal) == 0)
        let status = try await tmux.waitForExit()
        #expect(status.code == 128 + Int(signal), "vigil exited with \(status.code) after signal \(signal):\n\(status.screen)")
        TmuxEndToEndTests.expectSaneTTY(status.screen)
    }
}
