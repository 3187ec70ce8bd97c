import Foundation
import Synchronization
import Testing
import VigilCore
@testable import VigilEngine
import VigilTerminal
@testable import VigilApp

enum TriageFixtures {
    static let t0 = Fixtures.t0

    static func line(_ text: String, template: String, at seconds: Double, score: Double = 0.9, flagged: Bool = true) -> ScoredLogLine {
        ScoredLogLine(record: LogRecord(timestamp: t0.addingTimeInterval(seconds), source: "etcd", line: text),
                      template: template, score: score, flagged: flagged)
    }

    /// A model on screen 3 with two log anomalies (two templates) and one normal line.
    static func model(readOnly: Bool = false) -> Model {
        var m = Model(config: AppConfig(theme: .fallback, glyphs: .unicode, readOnly: readOnly))
        _ = update(&m, .resize(width: 120, height: 40))
        _ = update(&m, .source(.clock(t0.addingTimeInterval(100))))
        _ = update(&m, .source(.scoredLogs([
            line("disk full on /var", template: "disk full on <*>", at: 10),
            line("all good", template: "all good", at: 20, score: 0.1, flagged: false),
            line("leader lost term 7", template: "leader lost term <*>", at: 30, score: 0.95),
            line("disk full on /tmp", template: "disk full on <*>", at: 40),
        ])))
        _ = update(&m, .key(.char("3")))
        refreshDerived(&m)
        return m
    }
}

@Suite(.timeLimit(.minutes(5))) struct TriageTests {
    let now = TriageFixtures.t0.addingTimeInterval(100)

    @Test func flaggedLinesOfOneTemplateGroupIntoOneAnomaly() {
        let m = TriageFixtures.model()
        let list = m.visibleAnomalies(now: now)
        #expect(list.map(\.subject) == ["leader lost term <*>", "disk full on <*>"])
        #expect(list.first { $0.subject == "disk full on <*>" }?.count == 2)
        #expect(m.engine.anomalies.notified == 2)
        #expect(m.screen == .anomalies)
    }

    @Test func falsePositiveHidesTheSubjectAndItsRepeatsAndAsksToStoreIt() {
        var m = TriageFixtures.model()
        // Select "disk full" (second row, newest first) and mark it false.
        _ = update(&m, .key(.char("j")))
        let effects = update(&m, .key(.char("f")))
        guard case .saveVerdicts(let saved)? = effects.first else { Issue.record("no save effect: \(effects)"); return }
        #expect(saved.map(\.fingerprint) == [Fingerprint.log(template: "disk full on <*>")])
        #expect(saved.first?.status == .falsePositive)
        #expect(m.message?.contains("u undoes") == true)
        #expect(m.visibleAnomalies(now: now).map(\.subject) == ["leader lost term <*>"])
        #expect(m.engine.anomalies.suppressedCount(now: now) == 1)
        // The same template an hour later is a new anomaly, but suppressed: not notified.
        _ = update(&m, .source(.scoredLogs([TriageFixtures.line("disk full on /srv", template: "disk full on <*>", at: 3_700)])))
        #expect(m.engine.anomalies.notified == 2)
        #expect(m.engine.anomalies.suppressedRepeats == 1)
        #expect(m.visibleAnomalies(now: now).count == 1)
        _ = update(&m, .key(.char("h")))
        #expect(m.visibleAnomalies(now: now).count == 3)
    }

    @Test func undoRestoresThePreviousVerdictAndAsksToRetract() {
        var m = TriageFixtures.model()
        _ = update(&m, .key(.char("c")))
        _ = update(&m, .key(.char("f")))
        let fp = TriageFixtures.line("x", template: "leader lost term <*>", at: 0).template
        #expect(m.engine.anomalies.verdicts[Fingerprint.log(template: fp)]?.status == .falsePositive)
        let effects = update(&m, .key(.char("u")))
        guard case .retractVerdicts(let gone, let restored)? = effects.first else { Issue.record("no retract"); return }
        #expect(gone.map(\.status) == [.falsePositive])
        #expect(restored.map(\.status) == [.correct])
        #expect(m.engine.anomalies.verdicts[Fingerprint.log(template: fp)]?.status == .correct)
        _ = update(&m, .key(.char("u")))
        #expect(m.engine.anomalies.verdicts.isEmpty)
        _ = update(&m, .key(.char("u")))
        #expect(m.message == "Nothing to undo")
    }

    @Test func markedItemsGetOneVerdictTogether() {
        var m = TriageFixtures.model()
        _ = update(&m, .key(.char("v")))
        _ = update(&m, .key(.char("v")))
        #expect(m.triage.marked.count == 2)
        let effects = update(&m, .key(.char("c")))
        guard case .saveVerdicts(let saved)? = effects.first else { Issue.record("no save"); return }
        #expect(saved.count == 2)
        #expect(m.triage.marked.isEmpty)
        #expect(m.visibleAnomalies(now: now).allSatisfy { m.engine.anomalies.status(of: $0, now: now) == .correct })
    }

    @Test func snoozeLastsTheChosenTime() {
        var m = TriageFixtures.model()
        _ = update(&m, .key(.char("s")))
        #expect(m.triage.snoozePrompt)
        let effects = update(&m, .key(.char("2")))
        guard case .saveVerdicts(let saved)? = effects.first else { Issue.record("no save"); return }
        #expect(saved.first?.until == now.addingTimeInterval(3_600))
        #expect(m.visibleAnomalies(now: now).count == 1)
        _ = update(&m, .source(.clock(now.addingTimeInterval(3_601))))
        #expect(m.visibleAnomalies(now: now.addingTimeInterval(3_601)).count == 2)
    }

    @Test func overviewPanelKeysDoNothingHere() {
        var m = TriageFixtures.model()
        for key in [Key.enter, .tab] { _ = update(&m, .key(key)) }
        #expect(m.overlay == nil)
        #expect(m.focus == .operators)
        #expect(m.screen == .anomalies)
    }

    @Test func readOnlyRefusesVerdicts() {
        var m = TriageFixtures.model(readOnly: true)
        #expect(update(&m, .key(.char("f"))).isEmpty)
        #expect(m.engine.anomalies.verdicts.isEmpty)
        #expect(m.message?.contains("--read-only") == true)
    }

    @Test func filterNarrowsTheList() {
        var m = TriageFixtures.model()
        _ = update(&m, .key(.char("/")))
        for c in "disk" { _ = update(&m, .key(.char(c))) }
        _ = update(&m, .key(.enter))
        #expect(m.visibleAnomalies(now: now).map(\.subject) == ["disk full on <*>"])
        _ = update(&m, .key(.escape))
        #expect(m.triage.list.filter == nil)
    }

    @Test func aNoteIsAddedToTheVerdictAndUndoTakesItBack() {
        var m = TriageFixtures.model()
        let fp = Fingerprint.log(template: "leader lost term <*>")
        // No verdict yet: nothing to annotate.
        #expect(update(&m, .key(.char("a"))).isEmpty)
        #expect(m.triage.noteDraft == nil)
        #expect(m.message?.contains("c, f or s first") == true)
        _ = update(&m, .key(.char("f")))
        _ = update(&m, .key(.char("a")))
        #expect(m.triage.noteDraft == "")
        // Keys are text while typing: q does not quit, j does not move.
        for c in "quorum lost: jepsen run" { #expect(update(&m, .key(.char(c))).isEmpty) }
        #expect(!m.quitRequested)
        _ = update(&m, .key(.backspace))
        let effects = update(&m, .key(.enter))
        guard case .saveVerdicts(let saved)? = effects.first else { Issue.record("no save effect: \(effects)"); return }
        #expect(saved.map(\.note) == ["quorum lost: jepsen ru"])
        #expect(saved.map(\.status) == [.falsePositive] && saved.map(\.fingerprint) == [fp])
        #expect(m.engine.anomalies.verdicts[fp]?.note == "quorum lost: jepsen ru")
        #expect(m.message?.contains("note saved") == true)
        // The detail pane shows it (hidden ones shown: the subject was called false).
        _ = update(&m, .key(.char("h")))
        #expect(view(m, width: 120, height: 30).lines.contains { $0.contains("note") && $0.contains("quorum lost: jepsen ru") })
        // u takes the note back; the verdict stays.
        let undone = update(&m, .key(.char("u")))
        guard case .retractVerdicts(let gone, let restored)? = undone.first else { Issue.record("no retract"); return }
        #expect(gone.map(\.note) == ["quorum lost: jepsen ru"] && restored.map(\.note) == [""])
        #expect(m.engine.anomalies.verdicts[fp]?.status == .falsePositive && m.engine.anomalies.verdicts[fp]?.note == "")
    }

    @Test func escCancelsANoteAndReadOnlyRefusesOne() {
        var m = TriageFixtures.model()
        _ = update(&m, .key(.char("c")))
        _ = update(&m, .key(.char("a")))
        _ = update(&m, .key(.char("x")))
        #expect(update(&m, .key(.escape)).isEmpty)
        #expect(m.triage.noteDraft == nil && m.message == "Note cancelled")
        #expect(m.engine.anomalies.verdicts.values.allSatisfy { $0.note.isEmpty })
        var r = TriageFixtures.model(readOnly: true)
        #expect(update(&r, .key(.char("a"))).isEmpty)
        #expect(r.triage.noteDraft == nil && r.message?.contains("--read-only") == true)
    }

    @Test func screenSnapshot() {
        var m = TriageFixtures.model()
        _ = update(&m, .key(.char("j")))
        _ = update(&m, .key(.char("f")))
        _ = update(&m, .key(.char("h")))
        let b = view(m, width: 120, height: 30)
        assertSnapshot(b.lines, named: "anomalies-120x30")
        assertSnapshot(styleLines(b, theme: m.theme), named: "anomalies-120x30.styles")
        assertSnapshot(view(m, width: 50, height: 12).lines, named: "anomalies-50x12")
    }
}

/// A verdict store in memory, as the runner sees the fact store.
final class MemoryVerdictStore: VerdictStore {
    let state = Mutex<(next: Int64, rows: [Verdict], retracted: Set<Int64>)>((1, [], []))
    func activeVerdicts() throws -> [Verdict] {
        state.withLock { s in
            var latest: [Fingerprint: Verdict] = [:]
            for v in s.rows where !s.retracted.contains(v.id ?? -1) { latest[v.fingerprint] = v }
            return Array(latest.values)
        }
    }
    func save(_ verdicts: [Verdict]) throws -> [Verdict] {
        state.withLock { s in
            verdicts.map { v in var v = v; v.id = s.next; s.next += 1; s.rows.append(v); return v }
        }
    }
    func retract(_ verdicts: [Verdict]) throws {
        state.withLock { s in for v in verdicts { if let id = v.id { s.retracted.insert(id) } } }
    }
}

@Suite(.timeLimit(.minutes(5))) struct TriageRunnerTests {
    /// The runner on one flagged log line, fed `keys` then `q`, with `store` behind it.
    static func run(_ keys: [Key], store: MemoryVerdictStore, logs: RecordingDetector? = nil) -> AppRunner {
        let term = MemoryTerminal(width: 120, height: 40)
        term.pending = keys.map { .key($0) } + [.key(.char("q"))]
        var model = Model(config: AppConfig(), engine: Engine(logs: logs))
        _ = update(&model, .source(.clock(TriageFixtures.t0.addingTimeInterval(100))))
        _ = update(&model, .source(.scoredLogs([TriageFixtures.line("disk full on /var", template: "disk full on <*>", at: 10)])))
        let runner = AppRunner(model: model, backend: term, mailbox: Mailbox<SourceMessage>(), playback: nil,
                               store: store)
        runner.run(pollMs: 0, maxIterations: 80)
        return runner
    }

    @Test func verdictsReachTheStoreAndComeBackAtStart() throws {
        let store = MemoryVerdictStore()
        let first = RecordingDetector(kind: .log)
        _ = Self.run([.char("3"), .char("f")], store: store, logs: first)
        #expect(try store.activeVerdicts().map(\.status) == [.falsePositive])
        #expect(try store.activeVerdicts().first?.id != nil)
        #expect(first.learned.map(\.status) == [.falsePositive])
        let learned = RecordingDetector(kind: .log)
        let second = Self.run([.char("3")], store: store, logs: learned)
        let fp = Fingerprint.log(template: "disk full on <*>")
        #expect(second.model.engine.anomalies.verdicts[fp]?.status == .falsePositive)
        #expect(second.model.visibleAnomalies(now: TriageFixtures.t0.addingTimeInterval(100)).isEmpty)
        #expect(learned.learned.map(\.status) == [.falsePositive])
    }

    /// A note is stored with its verdict and comes back at start; undoing it retracts the note's
    /// record only (the replay's clock does not move here, so the verdict and its note share a time).
    @Test func aNoteReachesTheStoreAndItsUndoKeepsTheVerdict() throws {
        let store = MemoryVerdictStore()
        _ = Self.run([.char("3"), .char("f"), .char("a")] + "batch job".map { Key.char($0) } + [.enter], store: store)
        #expect(try store.activeVerdicts().map(\.note) == ["batch job"])
        let second = Self.run([.char("3")], store: store)
        let fp = Fingerprint.log(template: "disk full on <*>")
        #expect(second.model.engine.anomalies.verdicts[fp]?.note == "batch job")
        _ = Self.run([.char("3"), .char("h"), .char("a"), .char("!"), .enter, .char("u")], store: store)
        // The edited note was stored, then retracted by `u`; the first note is in force again.
        #expect(store.state.withLock { s in s.rows.contains { $0.note == "batch job!" && s.retracted.contains($0.id ?? -1) } })
        #expect(try store.activeVerdicts().map(\.note) == ["batch job"])
        #expect(try store.activeVerdicts().map(\.status) == [.falsePositive])
    }
}

/// A store whose lock another process holds: `save` queues (as the fact store does) until `free`.
final class LockedVerdictStore: VerdictStore {
    let inner = MemoryVerdictStore()
    let state = Mutex<(locked: Bool, queue: [Verdict])>((true, []))
    func activeVerdicts() throws -> [Verdict] { try inner.activeVerdicts() }
    func save(_ verdicts: [Verdict]) throws -> [Verdict] {
        let queued: Int? = state.withLock { s in
            guard s.locked else { return nil }
            s.queue += verdicts
            return s.queue.count
        }
        if let queued { throw VerdictsQueued(saved: [], queued: queued, file: "/state/verdict-queue.jsonl") }
        return try inner.save(verdicts)
    }
    func retract(_ verdicts: [Verdict]) throws { try inner.retract(verdicts) }
    func queued() -> (count: Int, file: String) { (state.withLock { $0.queue.count }, "/state/verdict-queue.jsonl") }
    func flushQueue() -> (saved: [Verdict], failed: [(Verdict, String)]) {
        let queue: [Verdict]? = state.withLock { s in
            guard !s.locked else { return nil }
            defer { s.queue = [] }
            return s.queue
        }
        return ((try? inner.save(queue ?? [])) ?? [], [])
    }
}

@Suite(.timeLimit(.minutes(5))) struct LockedStoreRunnerTests {
    /// `f` while the store is locked: the verdict is in force on screen at once and the message
    /// says it is queued; once the lock is free the runner writes it and says so.
    @Test func aVerdictWaitsInTheQueueAndIsWrittenWhenTheLockIsFree() throws {
        let store = LockedVerdictStore()
        let term = MemoryTerminal(width: 120, height: 40)
        term.pending = [.key(.char("3")), .key(.char("f"))]
        var model = Model(config: AppConfig())
        _ = update(&model, .source(.clock(TriageFixtures.t0.addingTimeInterval(100))))
        _ = update(&model, .source(.scoredLogs([TriageFixtures.line("disk full on /var", template: "disk full on <*>", at: 10)])))
        let runner = AppRunner(model: model, backend: term, mailbox: Mailbox<SourceMessage>(), playback: nil, store: store)
        runner.run(pollMs: 0, maxIterations: 10)
        let fp = Fingerprint.log(template: "disk full on <*>")
        #expect(runner.model.engine.anomalies.verdicts[fp]?.status == .falsePositive)
        #expect(runner.model.message?.contains("queued in /state/verdict-queue.jsonl") == true)
        #expect(runner.queuedVerdicts.count == 1)
        #expect(try store.inner.activeVerdicts().isEmpty)
        store.state.withLock { $0.locked = false }
        // The runner tries the queue again every 2 s.
        let deadline = Date().addingTimeInterval(20)
        while runner.queuedVerdicts.count > 0, Date() < deadline { runner.run(pollMs: 50, maxIterations: 5) }
        #expect(try store.inner.activeVerdicts().map(\.status) == [.falsePositive])
        #expect(runner.model.engine.anomalies.verdicts[fp]?.id != nil)
        #expect(runner.model.message?.contains("queued verdict saved") == true)
    }
}

@Suite(.timeLimit(.minutes(5))) struct MetricTriageTests {
    /// A flat series with one spike: the spike becomes a raised anomaly as the data arrives (no
    /// frame drawn); a false verdict on it reaches the series' detector once the store has it.
    @Test func aSpikeIsRaisedAndAFalseVerdictTeachesItsDetector() {
        var m = Model(config: AppConfig())
        _ = update(&m, .resize(width: 120, height: 40))
        let key = SeriesKey(name: "queue_depth", labels: Labels(["queue": "jobs"]))
        for i in 0..<400 {
            let t = Fixtures.t0.addingTimeInterval(Double(i) * 30)
            let v = (300..<306).contains(i) ? 500.0 : 10 + Double(i % 3)
            _ = update(&m, .source(.metrics(MetricBatch(timestamp: t, samples: [Sample(key: key, value: v, timestamp: t)]))))
            _ = update(&m, .source(.clock(t)))
        }
        let now = m.clock ?? Fixtures.t0
        let items = m.visibleAnomalies(now: now).filter { $0.seriesKey == key }
        #expect(!items.isEmpty)
        guard let item = items.last else { return }
        #expect(item.fingerprint.kind == .metric)
        _ = update(&m, .key(.char("3")))
        m.triage.list.selection = m.visibleAnomalies(now: now).firstIndex { $0.id == item.id }
        let effects = update(&m, .key(.char("f")))
        // Given, not yet stored: in force for the list, not taught.
        #expect(m.engine.anomalies.verdicts[item.fingerprint]?.status == .falsePositive)
        #expect(m.state.anomalies.detectors[key]?.hasFeedback == false)
        guard case .saveVerdicts(let given)? = effects.first else { Issue.record("no save effect"); return }
        _ = update(&m, .verdictsSaved(given.map { var v = $0; v.id = 1; return v }))
        #expect(m.state.anomalies.detectors[key]?.hasFeedback == true)
    }
}

@Suite(.timeLimit(.minutes(5))) struct AlertHistoryTests {
    @Test func alertsFiringAroundATimeIncludeOnesResolvedSince() {
        var s = ClusterState()
        let t0 = Fixtures.t0
        func alert(_ name: String, _ sev: String) -> Alert {
            Alert(labels: Labels(["alertname": name, "severity": sev]), state: .firing, activeAt: t0)
        }
        s.setAlerts([alert("EtcdSlow", "warning"), alert("Watchdog", "none")], at: t0)
        s.setAlerts([alert("EtcdSlow", "warning"), alert("APIDown", "critical"), alert("Watchdog", "none")], at: t0.addingTimeInterval(600))
        s.setAlerts([alert("Watchdog", "none")], at: t0.addingTimeInterval(7_200))
        #expect(s.alertsFiring(around: t0.addingTimeInterval(300)) == ["APIDown", "EtcdSlow"])
        #expect(s.alertsFiring(around: t0.addingTimeInterval(5 * 3_600)).isEmpty)
    }
}

@Suite(.timeLimit(.minutes(5))) struct ReferenceVerdictTests {
    /// A verdict imported from the reference store names a raw message; the first flagged line
    /// carrying it gives its template that verdict, so the template is not raised.
    @Test func anImportedMessageVerdictSuppressesItsTemplate() {
        var m = Model(config: AppConfig())
        _ = update(&m, .verdictsLoaded([Verdict(anomalyID: nil, fingerprint: .message("disk full on /var/lib/etcd"),
                                                      kind: .log, subject: "disk full on /var/lib/etcd",
                                                      value: .falsePositive, at: TriageFixtures.t0)]))
        #expect(m.engine.anomalies.messageVerdicts.count == 1)
        _ = update(&m, .source(.scoredLogs([TriageFixtures.line("2026-11-28T08:00:00Z etcd disk full on /var/lib/etcd",
                                                                template: "<*> etcd disk full on <*>", at: 10)])))
        let now = TriageFixtures.t0.addingTimeInterval(100)
        #expect(m.visibleAnomalies(now: now).isEmpty)
        #expect(m.engine.anomalies.verdicts[Fingerprint.log(template: "<*> etcd disk full on <*>")]?.status == .falsePositive)
        #expect(m.engine.anomalies.messageVerdicts.isEmpty)
    }
}
