import VigilSources
import Foundation
import VigilCore

/// `--logs PATH` (a glob allowed): follows files as `tail -F` does. Files present at start are
/// read from their end (or from their start with `fromStart`); files that appear later are read
/// from their start. A rename plus a new file (rotation) is seen by the inode changing: the old
/// file is read to its end, then the new one from its start. A file that shrinks (truncation) is
/// read again from 0. Polls every `pollInterval` with `Task.sleep`, so it never holds a thread.
public final class FileFollower: Sendable {
    public let pattern: String
    public let fromStart: Bool
    public let pollInterval: Duration
    /// The source name of health messages (`logs:<pattern>` unless given).
    public let healthName: String
    let timestamps: LogTimestamp
    let clock: @Sendable () -> Date
    let sink: @Sendable (SourceMessage) -> Void

    public init(pattern: String, fromStart: Bool = false, pollInterval: Duration = .milliseconds(200),
                healthName: String? = nil, timestamps: LogTimestamp = LogTimestamp(),
                clock: @escaping @Sendable () -> Date = { Date() },
                sink: @escaping @Sendable (SourceMessage) -> Void) {
        self.pattern = pattern
        self.fromStart = fromStart
        self.pollInterval = pollInterval
        self.healthName = healthName ?? "logs:\(pattern)"
        self.timestamps = timestamps
        self.clock = clock
        self.sink = sink
    }

    /// What the matching files hold now, for a one-frame snapshot (`--once`): every file read from
    /// its start — or, past `maxBytes` in all, the rest left unread and said in the health — its
    /// last line included even without a newline, then closed. The messages `run()` would send
    /// for that content, in one go.
    public func snapshot(maxBytes: Int64 = 64 << 20) -> [SourceMessage] {
        let core = FollowerCore(pattern: pattern, fromStart: true, healthName: healthName, timestamps: timestamps)
        defer { core.close() }
        let now = clock()
        var records: [LogRecord] = []
        var health: [SourceMessage] = []
        while true {
            let before = core.bytesRead
            for m in core.poll(now: now) {
                if case .logs(let r) = m { records += r } else { health.append(m) }
            }
            if core.bytesRead == before { break }
            if core.bytesRead >= maxBytes {
                health.append(.health(SourceHealth(source: healthName, state: .stale(
                    reason: "read the first \(maxBytes >> 20) MB of \(pattern) for this frame; the rest was left unread"))))
                break
            }
        }
        records += core.finish(now: now)
        return (records.isEmpty ? [] : [.logs(records)]) + health
    }

    /// Polls until the task is cancelled; closes every file it opened when it ends.
    public func run() async {
        let core = FollowerCore(pattern: pattern, fromStart: fromStart, healthName: healthName, timestamps: timestamps)
        defer { core.close() }
        while !Task.isCancelled {
            for m in core.poll(now: clock()) { sink(m) }
            try? await Task.sleep(for: pollInterval)
        }
    }
}

/// The state of one follower: open files by path. Used by one task at a time (`run()` or a test
/// stepping `poll` by hand), hence not Sendable.
final class FollowerCore {
    struct Tracked {
        var fd: Int32
        var identity: FileIdentity
        var offset: Int64
        var reader = LogLineReader()
        var builder: LogRecordBuilder
        /// The last bytes read (up to `tailLength`), ending at `offset`: if the file no longer holds
        /// them there, it was truncated and written again (copytruncate) within one poll.
        var tail: [UInt8] = []
    }

    static let tailLength = 64

    struct FileIdentity: Equatable {
        var device: UInt64
        var inode: UInt64
    }

    let pattern: String
    let fromStart: Bool
    let healthName: String
    let timestamps: LogTimestamp
    /// Most bytes read from one file per poll, so a big backlog does not stall the batches of
    /// other files (the rest comes next poll). Rotation reads the old file to its end regardless.
    let maxBytesPerPoll: Int64
    private(set) var files: [String: Tracked] = [:]
    /// Bytes read from all files so far.
    private(set) var bytesRead: Int64 = 0
    private var firstScan = true
    private var lastHealth: SourceHealth.State?
    private var chunk = [UInt8](repeating: 0, count: 64 * 1024)

    init(pattern: String, fromStart: Bool, healthName: String, timestamps: LogTimestamp,
         maxBytesPerPoll: Int64 = 4 << 20, descriptorBudget: Int? = nil) {
        self.descriptorBudget = descriptorBudget ?? Self.defaultDescriptorBudget()
        self.pattern = pattern
        self.fromStart = fromStart
        self.healthName = healthName
        self.timestamps = timestamps
        self.maxBytesPerPoll = maxBytesPerPoll
    }

    deinit { close() }

    func close() {
        for t in files.values where t.fd >= 0 { _ = Foundation.close(t.fd) }
        files.removeAll()
        heldOpen = 0
    }

    /// Files kept open between polls, at most (a quarter of the soft descriptor limit, so the rest
    /// of the process has room); the others are opened for each poll.
    let descriptorBudget: Int
    private var heldOpen = 0

    static func defaultDescriptorBudget() -> Int {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return 64 }
        let soft = limit.rlim_cur == rlim_t.max ? 65_536 : Int(clamping: limit.rlim_cur)
        return max(8, min(4096, soft / 4))
    }

    /// The last line of every file that has no newline yet (as if each file ended here).
    func finish(now: Date) -> [LogRecord] {
        var records: [LogRecord] = []
        for path in files.keys.sorted() {
            guard var t = files[path] else { continue }
            if let last = t.reader.finish() { records += t.builder.records([last], arrival: now) }
            files[path] = t
        }
        return records
    }

    /// One round: new lines of every file as one `.logs` batch, and the health when it changed.
    func poll(now: Date) -> [SourceMessage] {
        var records: [LogRecord] = []
        var problems: [String] = []
        let matched = Self.expand(pattern)
        if matched.isEmpty && files.isEmpty {
            var isDirectory: ObjCBool = false
            if !Self.hasGlob(pattern), FileManager.default.fileExists(atPath: pattern, isDirectory: &isDirectory) {
                problems.append(isDirectory.boolValue ? "\(pattern) is a directory (name its files: \(pattern)/*.log)" : "\(pattern) is not a regular file")
            } else {
                problems.append(Self.hasGlob(pattern) ? "no file matches \(pattern)" : "\(pattern): no such file")
            }
        }
        for path in Set(matched).union(files.keys).sorted() {
            let current = Self.identity(path: path)
            if var t = files[path], t.fd < 0 {
                // A file beyond the descriptor budget: opened for this poll only.
                guard let current else { continue }
                let fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
                guard fd >= 0 else { problems.append("\(path): \(String(cString: strerror(errno)))"); continue }
                t.fd = fd
                if current.id != t.identity || current.size < t.offset || !Self.stillHolds(t) {
                    // Rotated or truncated while closed: the new file from its start.
                    if let last = t.reader.finish() { records += t.builder.records([last], arrival: now) }
                    t.identity = current.id; t.offset = 0; t.tail = []; t.reader.reset()
                }
                records += read(&t, path: path, now: now, limit: maxBytesPerPoll, problems: &problems)
                _ = Foundation.close(fd)
                t.fd = -1
                files[path] = t
                continue
            }
            if var t = files[path] {
                if let current, current.id != t.identity {
                    // Rotated: finish the old file, then follow the new one from its start.
                    records += read(&t, path: path, now: now, limit: .max, problems: &problems)
                    if let last = t.reader.finish() { records += t.builder.records([last], arrival: now) }
                    _ = Foundation.close(t.fd)
                    heldOpen -= 1
                    files[path] = nil
                } else {
                    if let current, current.size < t.offset || !Self.stillHolds(t) {
                        // Truncated (and perhaps refilled past where we were): read it again from its start.
                        t.offset = 0
                        t.tail = []
                        t.reader.reset()
                    }
                    records += read(&t, path: path, now: now, limit: maxBytesPerPoll, problems: &problems)
                    files[path] = t
                    continue
                }
            }
            guard current != nil else { continue }
            let fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
            guard fd >= 0 else {
                problems.append("\(path): \(String(cString: strerror(errno)))")
                continue
            }
            guard let opened = Self.identity(fd: fd) else { _ = Foundation.close(fd); continue }
            let name = URL(fileURLWithPath: path).lastPathComponent
            var t = Tracked(fd: fd, identity: opened.id, offset: firstScan && !fromStart ? opened.size : 0,
                            builder: LogRecordBuilder(timestamps: timestamps, source: name))
            records += read(&t, path: path, now: now, limit: maxBytesPerPoll, problems: &problems)
            // Past the descriptor budget a file is opened for each poll and closed again, so a glob
            // of thousands of files is read whole instead of stopping at the process's limit.
            if heldOpen >= descriptorBudget {
                _ = Foundation.close(t.fd)
                t.fd = -1
            } else {
                heldOpen += 1
            }
            files[path] = t
        }
        firstScan = false
        var out: [SourceMessage] = []
        if !records.isEmpty { out.append(.logs(records)) }
        let state: SourceHealth.State = problems.isEmpty ? .ok : .stale(reason: problems.joined(separator: "; "))
        if state != lastHealth {
            lastHealth = state
            out.append(.health(SourceHealth(source: healthName, state: state, lastSuccess: problems.isEmpty ? now : nil)))
        }
        return out
    }

    /// Reads what was appended since the last poll (up to `limit` bytes).
    private func read(_ t: inout Tracked, path: String, now: Date, limit: Int64,
                      problems: inout [String]) -> [LogRecord] {
        var lines: [String] = []
        var total: Int64 = 0
        while total < limit {
            let n = chunk.withUnsafeMutableBytes { pread(t.fd, $0.baseAddress, $0.count, off_t(t.offset)) }
            if n < 0 {
                if errno == EINTR { continue }
                problems.append("\(path): \(String(cString: strerror(errno)))")
                break
            }
            if n == 0 { break }
            t.offset += Int64(n)
            t.tail = Array((t.tail + chunk[max(0, n - Self.tailLength)..<n]).suffix(Self.tailLength))
            total += Int64(n)
            bytesRead += Int64(n)
            lines += t.reader.feed(chunk[0..<n])
        }
        return lines.isEmpty ? [] : t.builder.records(lines, arrival: now)
    }

    /// Whether the file still holds, just before `offset`, the bytes last read there.
    static func stillHolds(_ t: Tracked) -> Bool {
        guard !t.tail.isEmpty, t.offset >= Int64(t.tail.count) else { return true }
        var bytes = [UInt8](repeating: 0, count: t.tail.count)
        let n = bytes.withUnsafeMutableBytes { pread(t.fd, $0.baseAddress, $0.count, off_t(t.offset - Int64(t.tail.count))) }
        return n == t.tail.count && bytes == t.tail
    }

    // MARK: File system

    static func hasGlob(_ pattern: String) -> Bool {
        pattern.contains { $0 == "*" || $0 == "?" || $0 == "[" }
    }

    /// The regular files the pattern names now, via glob(3).
    static func expand(_ pattern: String) -> [String] {
        guard hasGlob(pattern) else {
            return identity(path: pattern) == nil ? [] : [pattern]
        }
        var g = glob_t()
        defer { globfree(&g) }
        guard glob(pattern, 0, nil, &g) == 0 else { return [] }
        var paths: [String] = []
        for i in 0..<Int(g.gl_pathc) {
            if let p = g.gl_pathv[i], case let path = String(cString: p), identity(path: path) != nil {
                paths.append(path)
            }
        }
        return paths
    }

    /// Device, inode and size of a regular file; nil when missing or not a regular file.
    static func identity(path: String) -> (id: FileIdentity, size: Int64)? {
        var st = stat()
        guard stat(path, &st) == 0 else { return nil }
        return describe(st)
    }

    static func identity(fd: Int32) -> (id: FileIdentity, size: Int64)? {
        var st = stat()
        guard fstat(fd, &st) == 0 else { return nil }
        return describe(st)
    }

    private static func describe(_ st: stat) -> (id: FileIdentity, size: Int64)? {
        guard (st.st_mode & S_IFMT) == S_IFREG else { return nil }
        return (FileIdentity(device: UInt64(truncatingIfNeeded: st.st_dev), inode: UInt64(truncatingIfNeeded: st.st_ino)),
                Int64(st.st_size))
    }
}
