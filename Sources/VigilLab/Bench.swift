import ArgumentParser
import Foundation
import VigilEngine
import VigilRuntime
import VigilApp
import VigilCore
import VigilCurses
import VigilSources
import VigilTerminal

/// Benchmarks that print figures; tests never assert durations.
struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench", abstract: "Measure rendering, idle cost and live collection.",
        subcommands: [RenderBench.self, IdleBench.self, CollectBench.self, DetectBench.self, LogsBench.self, ChurnBench.self, DecodeBench.self, ServeBench.self, FleetBench.self])
}

struct RenderBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "render",
        abstract: "Time to build one overview frame, and bytes sent to a terminal per frame (through a pty).")

    @Option(name: .long) var width = 200
    @Option(name: .long) var height = 60
    @Option(name: .long, help: "Frames to time.") var frames = 2000
    @Option(name: .long, help: "Replay folder (default: bundled sample-data).") var replay: String?

    func run() throws {
        guard let dir = replay.map({ URL(fileURLWithPath: $0) }) ?? Paths.sampleData() else {
            throw UserError("cannot find sample-data/; pass --replay DIR")
        }
        let recording = try ReplayRecording.load(from: dir)
        let instant = ReplayDefaults.start(of: recording).addingTimeInterval(2 * 3600)
        let config = AppConfig(theme: Paths.themeLoader().load("default").theme, glyphs: .unicode)
        var model = Snapshot.model(recording: recording, at: instant, config: config, width: width, height: height)

        // 1. Frame build time: view() alone, and derive + view (what a frame with new data costs).
        var viewTimes: [Double] = [], fullTimes: [Double] = []
        var sink = 0
        for i in 0..<frames {
            let t0 = monotonicSeconds()
            let b = view(model, width: width, height: height)
            let t1 = monotonicSeconds()
            sink &+= b.cells.count
            viewTimes.append(t1 - t0)
            if i % 4 == 0 {
                model.needsDerive = true
                let t2 = monotonicSeconds()
                refreshDerived(&model)
                let b2 = view(model, width: width, height: height)
                fullTimes.append(monotonicSeconds() - t2)
                sink &+= b2.cells.count
            }
        }
        func pct(_ xs: [Double], _ p: Double) -> Double {
            let s = xs.sorted(); return s[min(s.count - 1, Int(Double(s.count - 1) * p))] * 1000
        }
        print("render \(width)x\(height), \(frames) frames (release build expected)")
        print(String(format: "  view():            median %.3f ms  p99 %.3f ms", pct(viewTimes, 0.5), pct(viewTimes, 0.99)))
        print(String(format: "  derive + view():   median %.3f ms  p99 %.3f ms", pct(fullTimes, 0.5), pct(fullTimes, 0.99)))

        // 2. Bytes through a real pty with ncurses on the other end.
        let probe = try PseudoTerminalProbe(width: width, height: height)
        defer { probe.close() }
        let first = view(model, width: width, height: height)
        probe.terminal.draw(first)
        let full = probe.drainBytes()
        probe.terminal.draw(first)
        let unchanged = probe.drainBytes()
        // Advance the data by one step: the sparklines move by one sample.
        var cursor = ReplayCursor(recording: recording)
        _ = cursor.seek(to: instant)
        var stepped = model
        for m in cursor.advance(to: instant.addingTimeInterval(30)) { _ = update(&stepped, .source(m)) }
        refreshDerived(&stepped)
        probe.terminal.draw(view(stepped, width: width, height: height))
        let advanced = probe.drainBytes()
        print("  bytes to terminal: first frame \(full), unchanged frame \(unchanged), one data step \(advanced)")
        print("  (target: <= 1 ms per frame, 0 bytes when nothing changed)  [checksum \(sink % 10)]")
    }
}

struct IdleBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "idle",
        abstract: "CPU used by the running dashboard at one data refresh per second, through a pty.")

    @Option(name: .long, help: "Seconds to measure.") var seconds = 60.0
    @Option(name: .long) var width = 120
    @Option(name: .long) var height = 40
    @Flag(name: .long, help: "Run the engine on the UI thread (as before it had a queue of its own), for comparison.")
    var inlineEngine = false

    func run() throws {
        guard let dir = Paths.sampleData() else { throw UserError("cannot find sample-data/") }
        let recording = try ReplayRecording.load(from: dir)
        let mailbox = Mailbox<SourceMessage>()
        // The dashboard's own wiring: the engine on a queue of its own, the UI drawing its snapshots.
        let host = inlineEngine ? nil : EngineHost(engine: Engine())
        // 30 data seconds per real second = one new 30 s sample each second, like a 1 s refresh.
        let source = ReplaySource(recording: recording, start: ReplayDefaults.start(of: recording), speed: 30, loop: true,
                                  sink: { host?.send($0); mailbox.send($0) })
        let task = Task.detached { await source.run() }
        defer { task.cancel() }
        let probe = try PseudoTerminalProbe(width: width, height: height)
        defer { probe.close() }
        let config = AppConfig(theme: Paths.themeLoader().load("default").theme, glyphs: .unicode)
        let deadline = monotonicSeconds() + seconds
        let before = cpuSeconds(), wall0 = monotonicSeconds()
        let runner = AppRunner(model: Model(config: config), backend: probe.terminal, mailbox: mailbox, playback: source,
                               host: host, shouldQuit: { monotonicSeconds() >= deadline })
        runner.run()
        let cpu = cpuSeconds() - before, wall = monotonicSeconds() - wall0
        print(String(format: "idle at 1 data step/s, %dx%d, %.0f s, engine %@: CPU %.2f s = %.2f %% of one core, %d frames",
                     width, height, wall, inlineEngine ? "on the UI thread" : "on its own queue", cpu, 100 * cpu / wall,
                     runner.framesDrawn))
    }

    func cpuSeconds() -> Double {
        var u = rusage()
        getrusage(RUSAGE_SELF.rawValue, &u)
        return Double(u.ru_utime.tv_sec) + Double(u.ru_utime.tv_usec) / 1e6 + Double(u.ru_stime.tv_sec) + Double(u.ru_stime.tv_usec) / 1e6
    }
}
