import Foundation
import Synchronization
import Testing
import VigilCore
@testable import VigilSources
@testable import VigilLogSources

/// Standard input and journald sources fed through pipes, with deadlines rather than fixed sleeps.
@Suite(.timeLimit(.minutes(5))) struct StreamLogSourceTests {
    @Test func stdinSourceReadsLinesUntilEndOfInput() async throws {
        let p = try TestPipe.make()
        defer { close(p.read) }
        let got = Mutex<[SourceMessage]>([])
        let arrival = Date(timeIntervalSince1970: 5)
        let source = StdinLogSource(fd: p.read, timestamps: LogTimestamp(year: 2026, timeZone: TimeZone(identifier: "UTC") ?? .current),
                                    clock: { arrival }) { m in got.withLock { $0.append(m) } }
        let task = Task { await source.run() }
        TestPipe.send(p.write, "2026-11-29T12:00:00Z started\r\nplain")
        TestPipe.send(p.write, " line\nunterminated")
        close(p.write)
        await task.value  // ends by itself at end of input
        let messages = got.withLock { $0 }
        let records = messages.flatMap { m -> [LogRecord] in if case .logs(let r) = m { return r } else { return [] } }
        #expect(records.map(\.line) == ["started", "plain line", "unterminated"])
        #expect(records.first?.timestamp == RFC3339.parse("2026-11-29T12:00:00Z"))
        #expect(records.last?.timestamp == arrival)
        #expect(records.allSatisfy { $0.source == "stdin" })
        #expect(messages.last == .health(SourceHealth(source: "stdin", state: .finished, lastSuccess: arrival)))
    }

    @Test func stdinSourceStopsOnCancelWithoutInput() async throws {
        let p = try TestPipe.make()
        defer { close(p.read); close(p.write) }
        let delivered = Mutex(0)
        let source = StdinLogSource(fd: p.read) { _ in delivered.withLock { $0 += 1 } }
        let task = Task { await source.run() }
        task.cancel()
        await task.value  // returns although the pipe never ends (the suite's time limit catches a hang)
        #expect(delivered.withLock { $0 } == 0)
    }

    @Test func journalJSONWithStringAndByteArrayMessages() throws {
        let arrival = Date(timeIntervalSince1970: 1)
        let text = #"{"MESSAGE":"Started foo","__REALTIME_TIMESTAMP":"1764417600123456","_SYSTEMD_UNIT":"foo.service","SYSLOG_IDENTIFIER":"systemd"}"#
        let r = try #require(JournaldSource.record(fromJSONLine: text, arrival: arrival))
        #expect(r.line == "Started foo")
        #expect(r.source == "foo.service")
        #expect(abs(r.timestamp.timeIntervalSince1970 - 1_764_417_600.123456) < 1e-6)

        let bytes = #"{"MESSAGE":[104,105,255,10,33],"SYSLOG_IDENTIFIER":"kernel"}"#
        let b = try #require(JournaldSource.record(fromJSONLine: bytes, arrival: arrival))
        #expect(b.line == "hi\u{FFFD}\n!")
        #expect(b.source == "kernel")
        #expect(b.timestamp == arrival)

        #expect(JournaldSource.record(fromJSONLine: "not json", arrival: arrival) == nil)
        #expect(JournaldSource.record(fromJSONLine: #"{"PRIORITY":"6"}"#, arrival: arrival) == nil)
        let bare = try #require(JournaldSource.record(fromJSONLine: #"{"MESSAGE":"x"}"#, arrival: arrival))
        #expect(bare.source == "journald")
    }

    @Test func journaldFromAPipe() async throws {
        let p = try TestPipe.make()
        defer { close(p.read) }
        let got = Mutex<[SourceMessage]>([])
        let source = JournaldSource(input: .descriptor(p.read)) { m in got.withLock { $0.append(m) } }
        let task = Task { await source.run() }
        TestPipe.send(p.write, #"{"MESSAGE":"one","_SYSTEMD_UNIT":"a.service"}"# + "\n")
        TestPipe.send(p.write, #"{"MESSAGE":"two","SYSLOG_IDENTIFIER":"b"}"# + "\n")
        close(p.write)
        await task.value
        let records = got.withLock { $0 }.flatMap { m -> [LogRecord] in if case .logs(let r) = m { return r } else { return [] } }
        #expect(records.map(\.line) == ["one", "two"])
        #expect(records.map(\.source) == ["a.service", "b"])
    }

    @Test func missingJournalctlIsReported() async {
        let got = Mutex<[SourceMessage]>([])
        // An empty folder as the search path: journalctl is missing whatever the machine has.
        let empty = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-empty-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: empty) }
        let source = JournaldSource(input: .spawn(executable: nil), searchPath: empty.path) { m in
            got.withLock { $0.append(m) }
        }
        await source.run()
        #expect(got.withLock { $0 } == [.health(SourceHealth(source: "journald", state: .stale(reason: "journalctl not found")))])
    }

    @Test func journalctlFailingIsStale() async throws {
        let script = FileManager.default.temporaryDirectory.appendingPathComponent("fake-journalctl-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: script) }
        try Data("#!/bin/sh\necho '{\"MESSAGE\":\"hello\"}'\nexit 3\n".utf8).write(to: script)
        chmod(script.path, 0o755)
        let got = Mutex<[SourceMessage]>([])
        let source = JournaldSource(input: .spawn(executable: script.path)) { m in got.withLock { $0.append(m) } }
        await source.run()
        let messages = got.withLock { $0 }
        #expect(messages.contains { if case .logs(let r) = $0 { return r.map(\.line) == ["hello"] } else { return false } })
        #expect(messages.last == .health(SourceHealth(source: "journald", state: .stale(reason: "journalctl exited with status 3"))))
    }
}
