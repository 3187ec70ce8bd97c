import Foundation
import Synchronization
import Testing
import VigilCore
@testable import VigilSources
@testable import VigilLogSources

/// Most cases step the follower's poll by hand (no timing at all); one runs the real loop with a
/// short poll interval and waits with a deadline.
@Suite(.timeLimit(.minutes(5))) struct FileFollowerTests {
    private let dir: URL
    private let now = Date(timeIntervalSince1970: 1_800_000_000)

    init() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-follow-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    }

    private func path(_ name: String) -> String { dir.appendingPathComponent(name).path }

    private func append(_ name: String, _ text: String) throws {
        let p = path(name)
        if !FileManager.default.fileExists(atPath: p) { _ = FileManager.default.createFile(atPath: p, contents: nil) }
        let h = try FileHandle(forWritingTo: URL(fileURLWithPath: p))
        defer { try? h.close() }
        try h.seekToEnd()
        try h.write(contentsOf: Data(text.utf8))
    }

    private func core(_ pattern: String, fromStart: Bool = false) -> FollowerCore {
        FollowerCore(pattern: path(pattern), fromStart: fromStart, healthName: "logs",
                     timestamps: LogTimestamp(year: 2026, timeZone: TimeZone(identifier: "UTC") ?? .current))
    }

    private static func lines(_ messages: [SourceMessage]) -> [String] {
        messages.flatMap { m -> [String] in if case .logs(let r) = m { return r.map(\.line) } else { return [] } }
    }

    private static func health(_ messages: [SourceMessage]) -> SourceHealth.State? {
        messages.compactMap { m -> SourceHealth.State? in if case .health(let h) = m { return h.state } else { return nil } }.last
    }

    @Test func startsAtTheEndAndFollowsAppends() throws {
        defer { try? FileManager.default.removeItem(at: dir) }
        try append("app.log", "old\n")
        let c = core("app.log")
        let first = c.poll(now: now)
        #expect(Self.lines(first).isEmpty)
        #expect(Self.health(first) == .ok)
        try append("app.log", "2026-11-29T12:00:00Z new one\npart")
        let second = c.poll(now: now)
        #expect(Self.lines(second) == ["new one"])
        guard case .logs(let records)? = second.first else { Issue.record("no batch"); return }
        #expect(records.first?.source == "app.log")
        #expect(records.first?.timestamp == RFC3339.parse("2026-11-29T12:00:00Z"))
        try append("app.log", "ial\n")
        let third = c.poll(now: now)
        #expect(Self.lines(third) == ["partial"])
        guard case .logs(let r3)? = third.first else { Issue.record("no batch"); return }
        #expect(r3.first?.timestamp == now, "no timestamp in the line: arrival time")
    }

    @Test func fromStartReadsWhatIsThere() throws {
        defer { try? FileManager.default.removeItem(at: dir) }
        try append("app.log", "a\nb\n")
        #expect(Self.lines(core("app.log", fromStart: true).poll(now: now)) == ["a", "b"])
    }

    /// `--once`: every matching file whole, the last line without its newline too, in one batch;
    /// past the byte budget the rest is left and the health says so.
    @Test func snapshotReadsEveryFileWholeOnce() throws {
        defer { try? FileManager.default.removeItem(at: dir) }
        try append("a.log", "one\ntwo\n")
        try append("b.log", String(repeating: "x", count: 100) + "\nlast without newline")
        let follower = FileFollower(pattern: path("*.log"), clock: { now }, sink: { _ in })
        let all = follower.snapshot()
        #expect(all.filter { if case .logs = $0 { true } else { false } }.count == 1)
        #expect(Set(Self.lines(all)) == ["one", "two", String(repeating: "x", count: 100), "last without newline"])
        #expect(Self.health(all) == .ok)
        // Big files: a poll reads at most 4 MB of a file; a 1-byte budget stops after the first.
        let partial = follower.snapshot(maxBytes: 1)
        #expect(!Self.lines(partial).isEmpty)
        guard case .stale(let reason)? = Self.health(partial) else { Issue.record("no stale health: \(partial)"); return }
        #expect(reason.contains("left unread"))
    }

    @Test func rotationFinishesTheOldFileThenReadsTheNew() throws {
        defer { try? FileManager.default.removeItem(at: dir) }
        try append("app.log", "")
        let c = core("app.log")
        _ = c.poll(now: now)
        try append("app.log", "before\nlast of old")
        try FileManager.default.moveItem(atPath: path("app.log"), toPath: path("app.log.1"))
        try append("app.log", "first of new\n")
        #expect(Self.lines(c.poll(now: now)) == ["before", "last of old", "first of new"])
        try append("app.log", "more\n")
        #expect(Self.lines(c.poll(now: now)) == ["more"])
    }

    @Test func renamedFileKeepsBeingReadUntilTheNewOneAppears() throws {
        defer { try? FileManager.default.removeItem(at: dir) }
        try append("app.log", "")
        let c = core("app.log")
        _ = c.poll(now: now)
        try FileManager.default.moveItem(atPath: path("app.log"), toPath: path("app.log.1"))
        try append("app.log.1", "late write\n")
        #expect(Self.lines(c.poll(now: now)) == ["late write"])
    }

    @Test func truncationReadsFromZero() throws {
        defer { try? FileManager.default.removeItem(at: dir) }
        try append("app.log", "one\ntwo\n")
        let c = core("app.log", fromStart: true)
        #expect(Self.lines(c.poll(now: now)) == ["one", "two"])
        let h = try FileHandle(forWritingTo: URL(fileURLWithPath: path("app.log")))
        try h.truncate(atOffset: 0)
        try h.close()
        try append("app.log", "3\n")
        #expect(Self.lines(c.poll(now: now)) == ["3"])
    }

    /// Issue 21, silent loss 3: copytruncate, then more written than was there, all between two
    /// polls: the size alone does not show the truncation; the bytes before the old offset do.
    @Test func truncatedAndRefilledBetweenTwoPollsIsReadFromZero() throws {
        defer { try? FileManager.default.removeItem(at: dir) }
        try append("app.log", "2025-11-28T08:00:00Z one\n2025-11-28T08:00:01Z two\n")
        let c = core("app.log", fromStart: true)
        #expect(Self.lines(c.poll(now: now)).count == 2)
        let h = try FileHandle(forWritingTo: URL(fileURLWithPath: path("app.log")))
        try h.truncate(atOffset: 0)
        try h.close()
        let refill = (0..<5).map { "2025-11-28T08:01:0\($0)Z after rotation \($0)\n" }.joined()
        try append("app.log", refill)
        let got = Self.lines(c.poll(now: now))
        #expect(got.count == 5 && got.first?.hasSuffix("after rotation 0") == true, "\(got)")
        // And following goes on from there as usual.
        try append("app.log", "2025-11-28T08:02:00Z later\n")
        #expect(Self.lines(c.poll(now: now)).map { $0.hasSuffix("later") } == [true])
    }

    /// Issue 21, silent loss 2: a glob matching more files than descriptors may be open (about
    /// 1,018 of 3,000 were read with `ulimit -n 1024`). Past the budget, files are opened per poll.
    @Test func moreFilesThanTheDescriptorBudgetAreAllRead() throws {
        defer { try? FileManager.default.removeItem(at: dir) }
        for i in 0..<7 { try append("f\(i).log", "first \(i)\n") }
        let c = FollowerCore(pattern: path("f*.log"), fromStart: true, healthName: "logs", timestamps: LogTimestamp(),
                             descriptorBudget: 2)
        let first = c.poll(now: now)
        #expect(Set(Self.lines(first)) == Set((0..<7).map { "first \($0)" }))
        #expect(Self.health(first) == .ok)
        #expect(c.files.values.filter { $0.fd >= 0 }.count == 2)
        for i in 0..<7 { try append("f\(i).log", "second \(i)\n") }
        #expect(Set(Self.lines(c.poll(now: now))) == Set((0..<7).map { "second \($0)" }))
        // A closed file rotated between polls: its new file is read from the start.
        try FileManager.default.moveItem(atPath: path("f6.log"), toPath: path("f6.log.1"))
        try append("f6.log", "new file\n")
        #expect(Self.lines(c.poll(now: now)).contains("new file"))
        c.close()
    }

    /// Issue 21's fault harness for following: three files rotated, copytruncated, deleted and
    /// recreated at random (seeded), lines appended in between, polls at random. Every line written
    /// while the follower had caught up is read once, in order, per file: none lost, none twice.
    @Test(arguments: [1, 2, 3, 4, 5] as [UInt64]) func rotationTruncationAndDeletionAtRandom(seed: UInt64) throws {
        defer { try? FileManager.default.removeItem(at: dir) }
        var rng = SplitMix64(seed: seed &* 0x9E37_79B9_7F4A_7C15)
        func next(_ n: Int) -> Int { Int(rng.next() % UInt64(n)) }
        let names = ["a.log", "b.log", "c.log"]
        for n in names { try append(n, "") }
        let c = FollowerCore(pattern: path("*.log"), fromStart: true, healthName: "logs", timestamps: LogTimestamp(),
                             descriptorBudget: 2)
        _ = c.poll(now: now)
        var written: [String: [String]] = [:], read: [String: [String]] = [:]
        var counter = 0
        func poll() {
            for m in c.poll(now: now) {
                guard case .logs(let records) = m else { continue }
                for r in records { read[r.source, default: []].append(r.line) }
            }
        }
        for _ in 0..<300 {
            let name = names[next(names.count)]
            switch next(10) {
            case 0:
                // Rotation: caught up first, then renamed away and a new file started.
                poll()
                try? FileManager.default.removeItem(atPath: path(name + ".1"))
                try FileManager.default.moveItem(atPath: path(name), toPath: path(name + ".1"))
                try append(name, "")
            case 1:
                // copytruncate: caught up first, then emptied in place.
                poll()
                let h = try FileHandle(forWritingTo: URL(fileURLWithPath: path(name)))
                try h.truncate(atOffset: 0)
                try h.close()
            case 2:
                // Deleted, then (sometimes after a poll) created again.
                poll()
                try FileManager.default.removeItem(atPath: path(name))
                if next(2) == 0 { poll() }
                try append(name, "")
            case 3, 4:
                poll()
            default:
                for _ in 0..<(1 + next(4)) {
                    counter += 1
                    let line = "line \(counter) of \(name) " + String(repeating: "x", count: next(80))
                    try append(name, line + "\n")
                    written[name, default: []].append(line)
                }
            }
        }
        poll()
        c.close()
        for name in names {
            #expect(read[name] ?? [] == written[name] ?? [], "seed \(seed), \(name): read \((read[name] ?? []).count) of \((written[name] ?? []).count)")
        }
    }

    @Test func hugeLineInAFileIsCut() throws {
        defer { try? FileManager.default.removeItem(at: dir) }
        try append("big.log", "")
        let c = core("big.log")
        _ = c.poll(now: now)
        try append("big.log", String(repeating: "y", count: 1 << 20) + "\nafter\n")
        let got = Self.lines(c.poll(now: now))
        #expect(got.count == 2)
        #expect(got.first?.hasSuffix(" …[cut \((1 << 20) - 64 * 1024) bytes]") == true)
        #expect(got.last == "after")
    }

    @Test func missingFileIsStaleUntilItAppears() throws {
        defer { try? FileManager.default.removeItem(at: dir) }
        let c = core("later.log")
        let first = c.poll(now: now)
        guard case .stale(let reason)? = Self.health(first) else { Issue.record("not stale: \(first)"); return }
        #expect(reason.contains("no such file"))
        #expect(c.poll(now: now).isEmpty, "health is sent when it changes only")
        try append("later.log", "hello\n")
        let after = c.poll(now: now)
        #expect(Self.lines(after) == ["hello"], "a file that appears later is read from its start")
        #expect(Self.health(after) == .ok)
    }

    @Test func unreadableFileIsStale() throws {
        defer { try? FileManager.default.removeItem(at: dir) }
        guard getuid() != 0 else { return }  // root reads everything
        try append("secret.log", "x\n")
        chmod(path("secret.log"), 0)
        guard case .stale(let reason)? = Self.health(core("secret.log").poll(now: now)) else {
            Issue.record("not stale"); return
        }
        #expect(reason.contains("secret.log"))
    }

    @Test func globFollowsEveryMatchAndNewOnes() throws {
        defer { try? FileManager.default.removeItem(at: dir) }
        try append("a.log", "")
        try append("b.log", "")
        try append("skip.txt", "")
        let c = core("*.log")
        _ = c.poll(now: now)
        try append("a.log", "from a\n")
        try append("b.log", "from b\n")
        try append("skip.txt", "no\n")
        let m = c.poll(now: now)
        #expect(Self.lines(m) == ["from a", "from b"])
        guard case .logs(let records)? = m.first else { Issue.record("no batch"); return }
        #expect(records.map(\.source) == ["a.log", "b.log"])
        try append("c.log", "from c\n")
        #expect(Self.lines(c.poll(now: now)) == ["from c"])
    }

    @Test func runLoopDeliversAppendsAndStopsOnCancel() async throws {
        defer { try? FileManager.default.removeItem(at: dir) }
        try append("run.log", "")
        let got = Mutex<[String]>([])
        let follower = FileFollower(pattern: path("run.log"), pollInterval: .milliseconds(20)) { m in
            if case .logs(let r) = m { got.withLock { $0 += r.map(\.line) } }
        }
        let task = Task { await follower.run() }
        defer { task.cancel() }
        // Appended until seen: the first poll may come after the first append (started at the end).
        let deadline = Date().addingTimeInterval(10)
        var n = 0
        while got.withLock({ $0.isEmpty }), Date() < deadline {
            n += 1
            try append("run.log", "line \(n)\n")
            try await Task.sleep(for: .milliseconds(30))
        }
        #expect(!got.withLock { $0 }.isEmpty)
        task.cancel()
        await task.value
    }
}
