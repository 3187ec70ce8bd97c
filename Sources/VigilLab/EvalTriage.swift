import ArgumentParser
import Foundation
import VigilEngine
import VigilRuntime
import VigilApp
import VigilCore
import VigilSources

/// `vigil-lab eval triage`: the replayed incident through the dashboard's own pipeline (metric
/// detectors, the log pipeline, `update`), with a scripted operator who calls every anomaly a
/// false positive the moment it is raised. Counts what would have been raised again.
struct EvalTriage: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "triage",
        abstract: "Replay a recording with a scripted operator marking anomalies false; count repeat notifications.",
        discussion: """
        Two runs over the same messages: without verdicts (how often a subject already raised is raised \
        again), and with an operator who marks each newly raised anomaly false at once. The second must \
        notify no subject it was told is false.
        """)

    @Option(name: .long, help: "Recording folder (default: the bundled sample-data).")
    var replay: String?

    @Option(name: .long, help: "Data seconds per step of the replay.")
    var step: Double = 30

    @Option(name: .long, help: "Also write every anomaly raised without verdicts to FILE (time, source, score, subject; tab-separated).")
    var list: String?

    func run() throws {
        guard let dir = replay.map({ URL(fileURLWithPath: $0) }) ?? Paths.sampleData() else {
            throw UserError("cannot find sample-data/; pass --replay DIR")
        }
        let recording: ReplayRecording
        do { recording = try ReplayRecording.load(from: dir) } catch {
            throw UserError("cannot read the recording in \(dir.path): \(error)")
        }
        let messages = Self.scoredMessages(recording, step: step)
        var raised: [TriageItem] = []
        let plain = Self.play(messages, operatorSaysFalse: false) { raised.append($0) }
        if let list {
            let rows = raised.map { "\(Format.clock($0.time))\t\($0.kind.rawValue)\t\(String(format: "%.2f", $0.score))\t\($0.subject)" }
            try (rows.joined(separator: "\n") + "\n").write(toFile: list, atomically: true, encoding: .utf8)
        }
        let scripted = Self.play(messages, operatorSaysFalse: true)
        print("\(dir.lastPathComponent): \(messages.count) messages, \(Format.clock(recording.start)) – \(Format.clock(recording.end))")
        print("run                      raised  subjects  repeats notified  repeats kept quiet  verdicts")
        for (name, r) in [("no verdicts", plain), ("every anomaly false", scripted)] {
            print(name.padding(toLength: 24, withPad: " ", startingAt: 0),
                  String(format: "%6d  %8d  %16d  %18d  %8d", r.raised, r.subjects, r.repeatsNotified, r.repeatsQuiet, r.verdicts))
        }
        print("raised by source: " + AnomalyKind.allCases.map { "\($0.rawValue) \(plain.byKind[$0] ?? 0)" }.joined(separator: ", "))
        print("repeat notifications of subjects marked false: \(scripted.repeatsOfFalse)")
    }

    /// The recording's messages in replay order, with log lines through the dashboard's log pipeline.
    static func scoredMessages(_ recording: ReplayRecording, step: Double) -> [SourceMessage] {
        var cursor = ReplayCursor(recording: recording)
        var raw: [SourceMessage] = []
        var t = recording.start
        while t < recording.end {
            raw += cursor.advance(to: t)
            t = t.addingTimeInterval(step)
        }
        raw += cursor.advance(to: recording.end)
        var settings = LogPipelineSettings(stateDirectory: nil)
        settings.trainInBackground = false
        let pipeline = LogPipeline(settings: settings)
        let input = raw
        return runBlocking {
            let out = await pipeline.process(input)
            await pipeline.drain()
            return out
        }
    }

    struct Outcome {
        var raised = 0, subjects = 0, repeatsNotified = 0, repeatsQuiet = 0, verdicts = 0, repeatsOfFalse = 0
        var byKind: [AnomalyKind: Int] = [:]
    }

    static func play(_ messages: [SourceMessage], operatorSaysFalse: Bool, raised: (TriageItem) -> Void = { _ in }) -> Outcome {
        var model = Model(config: AppConfig())
        _ = update(&model, .resize(width: 120, height: 40))
        var seen: Set<String> = [], subjects: Set<Fingerprint> = [], markedFalse: Set<Fingerprint> = []
        var out = Outcome()
        for m in messages {
            _ = update(&model, .source(m))
            refreshDerived(&model)
            let now = model.clock ?? Date(timeIntervalSince1970: 0)
            for item in model.engine.anomalies.items.values.sorted(by: { $0.time < $1.time }) where !seen.contains(item.id) {
                seen.insert(item.id)
                out.raised += 1
                out.byKind[item.kind, default: 0] += 1
                raised(item)
                let repeated = !subjects.insert(item.fingerprint).inserted
                if model.engine.anomalies.isSuppressed(item, now: now) {
                    if repeated { out.repeatsQuiet += 1 }
                    continue
                }
                if repeated { out.repeatsNotified += 1 }
                if markedFalse.contains(item.fingerprint) { out.repeatsOfFalse += 1 }
                if operatorSaysFalse {
                    _ = update(&model, .verdictsLoaded([Verdict(anomalyID: item.id, fingerprint: item.fingerprint, kind: item.kind,
                                                                      subject: item.subject, value: .falsePositive, at: now)]))
                    markedFalse.insert(item.fingerprint)
                    out.verdicts += 1
                }
            }
        }
        out.subjects = subjects.count
        return out
    }
}
