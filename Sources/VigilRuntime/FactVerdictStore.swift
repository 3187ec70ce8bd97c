import Foundation
#if canImport(Glibc)
import Glibc
#endif
import VigilCore
import VigilEngine
import VigilFacts

/// The app's verdict store on the fact store: verdicts are stored with the anomaly they were
/// given on, by `$USER`, at the wall-clock time (the app's own time may be a replay's).
///
/// While another process holds the store's write lock (a large `feedback import`), a verdict is
/// not lost and the UI does not wait: it goes to a durable queue beside the store
/// (`verdict-queue.jsonl`, fsynced), `save` says so (`VerdictsQueued`), and `flushQueue` writes
/// the queue in order once the lock is free (the next start does it too). Undo of a queued
/// verdict takes it out of the queue.
public final class FactVerdictStore: VerdictStore {
    public static let detectorVersion = "1"
    public let store: FactStore
    public let user: String
    /// The durable queue.
    public let queueFile: URL
    private let lock = NSLock()

    public init(store: FactStore, user: String = ProcessInfo.processInfo.environment["USER"] ?? "unknown") {
        self.store = store
        self.user = user.isEmpty ? "unknown" : user
        self.queueFile = URL(fileURLWithPath: store.path).deletingLastPathComponent().appendingPathComponent("verdict-queue.jsonl")
    }

    public static func detector(_ kind: AnomalyKind) -> String {
        switch kind {
        case .metric: return "vigil-series"
        case .log: return "vigil-logs"
        case .fleet: return "vigil-fleet"
        }
    }

    public func activeVerdicts() throws -> [Verdict] {
        try store.activeVerdicts(now: .distantPast).values.filter { $0.value != .retracted }
    }

    /// A verdict as the store keeps it: detector, user; `wall` is when it was given by the clock
    /// on the wall (the app's `at` may be a replay's).
    private func stamped(_ v: Verdict) -> Verdict {
        var out = v
        out.detector = Self.detector(v.kind)
        out.detectorVersion = Self.detectorVersion
        out.user = user
        out.retracts = nil
        return out
    }

    /// Writes one verdict (and its anomaly); returns it with its id and the app's time.
    private func write(_ v: Verdict, wall: Date) throws -> Verdict {
        var out = v
        if let id = v.anomalyID {
            try store.record(AnomalyFact(id: id, kind: v.kind, fingerprint: v.fingerprint, subject: v.subject,
                                         detector: out.detector, detectorVersion: out.detectorVersion, score: v.score,
                                         startedAt: v.startedAt ?? v.at, detail: v.detail))
        }
        var stored = out
        stored.at = wall
        out.id = try store.add(stored).id
        return out
    }

    public func save(_ verdicts: [Verdict]) throws -> [Verdict] {
        lock.lock(); defer { lock.unlock() }
        let wall = Date()
        let entries = verdicts.map { QueuedVerdict(stamped($0), wall: wall) }
        // Behind what already waits, so verdicts keep their order.
        var queue = try readQueue()
        if !queue.isEmpty {
            queue += entries
            try writeQueue(queue)
            throw VerdictsQueued(saved: [], queued: queue.count, file: queueFile.path)
        }
        var saved: [Verdict] = []
        for (i, entry) in entries.enumerated() {
            do {
                saved.append(try write(entry.verdict, wall: entry.wall))
            } catch FactStoreError.busy {
                let rest = Array(entries[i...])
                try writeQueue(rest)
                throw VerdictsQueued(saved: saved, queued: rest.count, file: queueFile.path)
            }
        }
        return saved
    }

    public func retract(_ verdicts: [Verdict]) throws {
        lock.lock(); defer { lock.unlock() }
        // A verdict still queued is taken out of the queue instead.
        var queue = try readQueue()
        let before = queue.count
        for v in verdicts where v.id == nil {
            if let i = queue.lastIndex(where: { $0.verdict.fingerprint == v.fingerprint && abs($0.at - v.at.timeIntervalSince1970) < 0.001 && $0.value == v.value }) {
                queue.remove(at: i)
            }
        }
        if queue.count != before { try writeQueue(queue) }
        for v in verdicts {
            guard let id = v.id else { continue }
            try store.retract(verdictID: id, by: user, at: Date())
        }
    }

    public func queued() -> (count: Int, file: String) {
        lock.lock(); defer { lock.unlock() }
        return ((try? readQueue().count) ?? 0, queueFile.path)
    }

    public func flushQueue() -> (saved: [Verdict], failed: [(Verdict, String)]) {
        lock.lock(); defer { lock.unlock() }
        guard var queue = try? readQueue(), !queue.isEmpty else { return ([], []) }
        var saved: [Verdict] = [], failed: [(Verdict, String)] = []
        while let entry = queue.first {
            do {
                saved.append(try write(entry.verdict, wall: entry.wall))
            } catch FactStoreError.busy {
                break
            } catch {
                failed.append((entry.verdict, "\(error)"))
            }
            queue.removeFirst()
        }
        do { try writeQueue(queue) } catch { failed.append(contentsOf: saved.map { ($0, "saved, but the queue could not be rewritten: \(error)") }) }
        return (saved, failed)
    }

    // MARK: The queue file: one JSON object per line, replaced whole (temporary file, fsync, rename).

    private func readQueue() throws -> [QueuedVerdict] {
        guard FileManager.default.fileExists(atPath: queueFile.path) else { return [] }
        let data: Data
        do { data = try Data(contentsOf: queueFile) } catch {
            throw FactStoreError.io("cannot read the verdict queue \(queueFile.path): \(error.localizedDescription)")
        }
        let decoder = JSONDecoder()
        return data.split(separator: UInt8(ascii: "\n")).compactMap { try? decoder.decode(QueuedVerdict.self, from: Data($0)) }
    }

    private func writeQueue(_ queue: [QueuedVerdict]) throws {
        let path = queueFile.path
        if queue.isEmpty {
            if FileManager.default.fileExists(atPath: path) { try? FileManager.default.removeItem(atPath: path) }
            return
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        var data = Data()
        for entry in queue {
            data.append(try encoder.encode(entry))
            data.append(UInt8(ascii: "\n"))
        }
        let temporary = path + ".tmp"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw FactStoreError.io("cannot write the verdict queue \(temporary): \(String(cString: strerror(errno)))") }
        let ok = data.withUnsafeBytes { raw -> Bool in
            var offset = 0
            while offset < raw.count {
                let n = Glibc.write(fd, raw.baseAddress! + offset, raw.count - offset)
                if n < 0 { if errno == EINTR { continue }; return false }
                offset += n
            }
            return fsync(fd) == 0
        }
        let reason = String(cString: strerror(errno))
        close(fd)
        guard ok, rename(temporary, path) == 0 else {
            unlink(temporary)
            throw FactStoreError.io("cannot write the verdict queue \(path): \(reason)")
        }
        let dir = open(queueFile.deletingLastPathComponent().path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if dir >= 0 { fsync(dir); close(dir) }
    }
}

/// A verdict waiting in the queue, with the wall-clock time it was given.
struct QueuedVerdict: Codable {
    var anomalyID: String?
    var fingerprint: String
    var kind: AnomalyKind
    var subject: String
    var value: VerdictValue
    var at: Double
    var until: Double?
    var note: String
    var user: String
    var detector: String
    var detectorVersion: String
    var score: Double?
    var detail: String
    var startedAt: Double?
    var wallAt: Double

    init(_ v: Verdict, wall: Date) {
        anomalyID = v.anomalyID; fingerprint = v.fingerprint.stored; kind = v.kind; subject = v.subject; value = v.value
        at = v.at.timeIntervalSince1970; until = v.until?.timeIntervalSince1970; note = v.note; user = v.user
        detector = v.detector; detectorVersion = v.detectorVersion; score = v.score.isFinite ? v.score : nil; detail = v.detail
        startedAt = v.startedAt?.timeIntervalSince1970; wallAt = wall.timeIntervalSince1970
    }

    var verdict: Verdict {
        Verdict(anomalyID: anomalyID, fingerprint: Fingerprint(stored: fingerprint), kind: kind, subject: subject, value: value,
                user: user, at: Date(timeIntervalSince1970: at), until: until.map { Date(timeIntervalSince1970: $0) },
                detector: detector, detectorVersion: detectorVersion, note: note, score: score ?? 0, detail: detail,
                startedAt: startedAt.map { Date(timeIntervalSince1970: $0) })
    }

    var wall: Date { Date(timeIntervalSince1970: wallAt) }
}
