import Foundation
import Synchronization
import Testing
import VigilCore
import VigilDetect
@testable import VigilApp
@testable import VigilEngine

/// Collects what the pipeline forwards.
final class Collected: Sendable {
    private let messages = Mutex<[SourceMessage]>([])
    var sink: @Sendable (SourceMessage) -> Void { { m in self.messages.withLock { $0.append(m) } } }
    var all: [SourceMessage] { messages.withLock { $0 } }
    var scored: [ScoredLogLine] {
        all.flatMap { m -> [ScoredLogLine] in if case .scoredLogs(let l) = m { return l } else { return [] } }
    }
}

extension LogPipeline {
    /// The pipeline alone as the engine drives it: log lines scored in order and handed on as
    /// `.scoredLogs`, the end of the input passed to the pipeline, the rest handed on.
    func sink(forwardingTo next: @escaping @Sendable (SourceMessage) -> Void) -> @Sendable (SourceMessage) -> Void {
        { message in
            switch message {
            case .logs(let records):
                let scored = self.score(records)
                if !scored.isEmpty { next(.scoredLogs(scored)) }
            case .health(let h) where h.state == .finished:
                next(message)
                self.endOfInput()
            default:
                next(message)
            }
        }
    }
}

@Suite(.timeLimit(.minutes(5))) struct LogPipelineTests {
    static let t0 = Date(timeIntervalSince1970: 1_764_316_800)

    /// Ordinary service lines, a few templates, one every second.
    static func records(_ range: Range<Int>) -> [LogRecord] {
        range.map { i in
            let text: String
            switch i % 4 {
            case 0: text = "GET /api/v1/pods status 200 took \(i % 13)ms"
            case 1: text = "lease renewed for node worker-\(i % 3)"
            case 2: text = "GET /api/v1/nodes status 200 took \(i % 7)ms"
            default: text = "synced \(i % 50) objects in cache"
            }
            return LogRecord(timestamp: t0.addingTimeInterval(Double(i)), source: "app", line: text)
        }
    }

    static func tempDir() -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-logpipeline-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    static func settings(_ dir: URL?, first: Int = 100_000, every: Int = 100_000) -> LogPipelineSettings {
        var s = LogPipelineSettings(stateDirectory: dir)
        s.firstTrainingAfter = first
        s.retrainEveryLines = every
        return s
    }

    @Test func scoresLogsInOrderAndPassesTheRestThrough() async {
        let pipeline = LogPipeline(settings: Self.settings(nil))
        let out = Collected()
        let sink = pipeline.sink(forwardingTo: out.sink)
        let clock = SourceMessage.clock(Self.t0)
        sink(clock)
        for start in stride(from: 0, to: 200, by: 20) { sink(.logs(Self.records(start..<start + 20))) }
        await pipeline.drain()
        #expect(out.all.first == clock)
        #expect(out.all.filter { if case .logs = $0 { return true } else { return false } }.isEmpty)
        #expect(out.scored.map(\.record) == Self.records(0..<200))
        #expect(out.scored.allSatisfy { (0...1).contains($0.score) })
        #expect(out.scored[0].template == LogLineText.analyze(out.scored[0].record.line).template)
        // Untrained: an empty model flags nothing.
        #expect(out.scored.allSatisfy { !$0.flagged })
        #expect(pipeline.counts.linesSeen == 200)
        #expect(pipeline.counts.modelsInstalled == 0)
    }

    @Test func trainsInTheBackgroundAndInstallsTheModel() async throws {
        let dir = Self.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let pipeline = LogPipeline(settings: Self.settings(dir, first: 120, every: 80))
        let out = Collected()
        let sink = pipeline.sink(forwardingTo: out.sink)
        sink(.logs(Self.records(0..<120)))
        await pipeline.drain()
        #expect(pipeline.counts.modelsInstalled == 1)
        let file = dir.appendingPathComponent(LogPipelineSettings.modelFileName)
        let saved = try LogScoringModel.load(from: file)
        #expect(saved.lineCount == 120)
        // The trained model knows the usual lines: an unseen, alarming one now scores higher.
        sink(.logs([LogRecord(timestamp: Self.t0.addingTimeInterval(130), source: "app", line: "lease renewed for node worker-1"),
                    LogRecord(timestamp: Self.t0.addingTimeInterval(131), source: "app",
                              line: "FATAL segmentation fault in allocator, core dumped")]))
        await pipeline.drain()
        let last2 = out.scored.suffix(2).map(\.score)
        #expect(last2[1] > last2[0])
        // Every `retrainEveryLines` lines another model comes.
        sink(.logs(Self.records(200..<280)))
        await pipeline.drain()
        #expect(pipeline.counts.modelsInstalled == 2)
    }

    @Test func retrainsAfterTheIntervalAndAtTheEndOfInput() async {
        let now = Mutex(Self.t0)
        var settings = Self.settings(nil, first: 150, every: 100_000)
        settings.retrainInterval = 600
        settings.now = { now.withLock { $0 } }
        let pipeline = LogPipeline(settings: settings)
        let sink = pipeline.sink(forwardingTo: { _ in })
        sink(.logs(Self.records(0..<100)))
        await pipeline.drain()
        #expect(pipeline.counts.modelsInstalled == 0)
        // The replay ended before the first N lines: train on what there is.
        sink(.health(SourceHealth(source: "replay", state: .finished)))
        await pipeline.drain()
        #expect(pipeline.counts.modelsInstalled == 1)
        sink(.logs(Self.records(100..<110)))
        await pipeline.drain()
        #expect(pipeline.counts.modelsInstalled == 1)
        now.withLock { $0 = $0.addingTimeInterval(601) }
        sink(.logs(Self.records(110..<111)))
        await pipeline.drain()
        #expect(pipeline.counts.modelsInstalled == 2)
    }

    @Test func reloadsTheSavedModel() async throws {
        let dir = Self.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        var settings = Self.settings(dir, first: 120)
        settings.trainInBackground = false
        let first = LogPipeline(settings: settings)
        _ = await first.process([.logs(Self.records(0..<120))])
        #expect(first.counts.modelsInstalled == 1)

        let second = LogPipeline(settings: Self.settings(dir))
        let out = await second.process([.logs(Self.records(120..<121))])
        #expect(second.counts.modelsInstalled == 1)
        // Scored against the loaded model, a well-known line is no first sighting.
        guard case .scoredLogs(let lines)? = out.last else { Issue.record("no scored lines: \(out)"); return }
        #expect(lines.first?.signals.firstSighting == 0)
    }

    /// The miner is saved with the model: after a restart a line joins the template its kind had
    /// widened to, instead of opening a new one (a first sighting, and a template count from zero).
    @Test func reloadsTheMinerWithTheModel() async throws {
        let dir = Self.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        var settings = Self.settings(dir, first: 120)
        settings.trainInBackground = false
        let jobs = ["alpha", "beta", "delta", "kappa"].enumerated().map { i, name in
            LogRecord(timestamp: Self.t0.addingTimeInterval(Double(200 + i)), source: "batch",
                      line: "job finished \(name) on worker north in region one today")
        }
        let first = LogPipeline(settings: settings)
        _ = await first.process([.logs(Self.records(0..<100) + jobs + Self.records(104..<120))])
        #expect(first.counts.modelsInstalled == 1)
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent(LogPipelineSettings.minerFileName).path))

        let probe = LogRecord(timestamp: Self.t0.addingTimeInterval(300), source: "batch",
                              line: "job finished gamma on worker north in region one today")
        let second = LogPipeline(settings: Self.settings(dir))
        let out = await second.process([.logs([probe])])
        guard case .scoredLogs(let lines)? = out.last else { Issue.record("no scored lines: \(out)"); return }
        #expect(lines.first?.template == "job finished <*> on worker north in region one today")
        #expect(lines.first?.signals.firstSighting == 0)

        // With an unreadable miner file: a warning naming it, the model still loads, and the line
        // opens a template of its own.
        let minerFile = dir.appendingPathComponent(LogPipelineSettings.minerFileName)
        try Data("{\"version\": 1, \"tokens\": [".utf8).write(to: minerFile)
        let warnings = Mutex<[String]>([])
        var third = Self.settings(dir)
        third.warn = { w in warnings.withLock { $0.append(w) } }
        let pipeline = LogPipeline(settings: third)
        let fresh = await pipeline.process([.logs([probe])])
        guard case .scoredLogs(let again)? = fresh.last else { Issue.record("no scored lines: \(fresh)"); return }
        #expect(again.first?.signals.firstSighting == 1)
        #expect(pipeline.counts.modelsInstalled == 1)
        #expect(warnings.withLock { $0 }.count == 1)
        #expect(warnings.withLock { $0 }.first?.contains(minerFile.path) == true)
    }

    @Test func aCorruptModelFileIsReportedAndReplaced() async throws {
        let dir = Self.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent(LogPipelineSettings.modelFileName)
        try Data("{\"version\": 1, \"config\": tru".utf8).write(to: file)
        let warnings = Mutex<[String]>([])
        var settings = Self.settings(dir, first: 120)
        settings.warn = { w in warnings.withLock { $0.append(w) } }
        let pipeline = LogPipeline(settings: settings)
        let out = Collected()
        let sink = pipeline.sink(forwardingTo: out.sink)
        sink(.logs(Self.records(0..<50)))
        await pipeline.drain()
        #expect(warnings.withLock { $0 }.count == 1)
        #expect(warnings.withLock { $0 }.first?.contains(file.path) == true)
        #expect(pipeline.counts.modelsInstalled == 0)
        #expect(out.scored.count == 50)
        sink(.logs(Self.records(50..<120)))
        await pipeline.drain()
        #expect(try LogScoringModel.load(from: file).lineCount == 120)
    }

    @Test func aModelFromAnotherVersionIsReportedToo() async throws {
        let dir = Self.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        try Data("{\"version\": 999}".utf8).write(to: dir.appendingPathComponent(LogPipelineSettings.modelFileName))
        let warnings = Mutex<[String]>([])
        var settings = Self.settings(dir)
        settings.warn = { w in warnings.withLock { $0.append(w) } }
        let pipeline = LogPipeline(settings: settings)
        _ = await pipeline.process([.logs(Self.records(0..<5))])
        #expect(warnings.withLock { $0 }.first?.contains("999") == true)
        #expect(pipeline.counts.modelsInstalled == 0)
    }
}

@Suite(.timeLimit(.minutes(5))) struct LogPipelineFeedbackTests {
    static let odd = "kernel: disk sda failed to respond, resetting link"

    /// A pipeline trained (in the foreground) on 400 ordinary lines, what it forwards, and its sink.
    static func trained() -> (LogPipeline, Collected, @Sendable (SourceMessage) -> Void) {
        var settings = LogPipelineTests.settings(nil, first: 200)
        settings.trainInBackground = false
        let pipeline = LogPipeline(settings: settings)
        let out = Collected()
        let sink = pipeline.sink(forwardingTo: out.sink)
        sink(.logs(LogPipelineTests.records(0..<400)))
        return (pipeline, out, sink)
    }

    /// The odd line again, 10 minutes after the last.
    static func novel(_ i: Int) -> SourceMessage {
        .logs([LogRecord(timestamp: LogPipelineTests.t0.addingTimeInterval(Double(1_000 + i * 600)), source: "node", line: odd)])
    }

    /// A novel line is flagged; once its template is called a false positive it is not; an undo
    /// brings the flag back. The verdicts go through the pipeline's queue, in order with the lines.
    @Test func falsePositiveVerdictsStopFlagsAndUndoBringsThemBack() async {
        let (pipeline, out, sink) = Self.trained()
        let odd = Self.odd, novel = Self.novel
        sink(novel(0))
        await pipeline.drain()
        let template = LogLineText.analyze(odd).template
        #expect(out.scored.last?.flagged == true)

        pipeline.applyFeedback([(template, false)])
        sink(novel(1))
        await pipeline.drain()
        #expect(out.scored.last?.flagged == false)

        pipeline.applyFeedback([(template, nil)])
        for i in 2..<4 { sink(novel(i)) }
        await pipeline.drain()
        #expect(out.scored.last.map { $0.score > out.scored[out.scored.count - 3].score } == true)
    }
}

extension LogPipelineFeedbackTests {
    /// A verdict imported from the reference store is keyed by the raw message: the pipeline
    /// takes it for the template of the first line ending with that message (here the line
    /// carries a `kernel:` prefix), so the line is not flagged; an undo brings the flag back.
    @Test func referenceMessageVerdictsActOnTheTemplateOfTheirFirstLine() async {
        let (pipeline, out, sink) = Self.trained()
        let novel = Self.novel
        pipeline.applyMessageFeedback([("disk sda failed to respond, resetting link", false)])
        sink(novel(0))
        await pipeline.drain()
        #expect(out.scored.last?.flagged == false)
        // An unrelated novel line is still flagged: the verdict took one template only.
        sink(.logs([LogRecord(timestamp: LogPipelineTests.t0.addingTimeInterval(5_000), source: "node",
                              line: "kernel: thermal zone 3 critical temperature reached, shutting down")]))
        await pipeline.drain()
        #expect(out.scored.last?.flagged == true)

        pipeline.applyMessageFeedback([("disk sda failed to respond, resetting link", nil)])
        for i in 2..<4 { sink(novel(i)) }
        await pipeline.drain()
        #expect(out.scored.suffix(2).contains { $0.flagged })
    }
}

@Suite(.timeLimit(.minutes(5))) struct LogPipelineTemplateTests {
    /// Lines that differ only inside one token the masker leaves (a pod name in a JSON value)
    /// share one template: the miner's, so one count and one verdict cover them.
    @Test func linesDifferingInOneTokenShareATemplate() async {
        let pipeline = LogPipeline(settings: LogPipelineTests.settings(nil))
        let out = Collected()
        let sink = pipeline.sink(forwardingTo: out.sink)
        let pods = ["console-7d9f-crbss", "oauth-openshift-5c8b-kfqvj", "apiserver-6f4d-mxgst"]
        let lines = pods.enumerated().map { i, pod in
            LogRecord(timestamp: LogPipelineTests.t0.addingTimeInterval(Double(i)), source: "etcd",
                      line: #"{"level":"warn","msg":"apply request took too long","request":"key:/pods/\#(pod)"}"#)
        }
        sink(.logs(lines))
        await pipeline.drain()
        let templates = out.scored.map(\.template)
        #expect(templates.count == 3)
        #expect(Set(templates.dropFirst()).count == 1)
        #expect(templates.last?.contains("<*>") == true)
    }
}
