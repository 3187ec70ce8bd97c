import VigilSources
import Foundation
import Synchronization
import VigilCore

/// Journal entries as `journalctl -o json` writes them, one JSON object a line: either read from
/// a pipe (`journalctl -o json -f | vigil --logs journald:-`) or from a `journalctl` it spawns.
public final class JournaldSource: Sendable {
    public enum Input: Sendable {
        /// An open descriptor (a pipe from journalctl); not closed by the source.
        case descriptor(Int32)
        /// Spawn `journalctl -o json -f -n 0` (found on PATH, or at the given path).
        case spawn(executable: String? = nil, arguments: [String] = ["-o", "json", "-f", "-n", "0"])
    }

    public static let healthName = "journald"
    let input: Input
    /// Where `.spawn` looks for journalctl: PATH unless given (tests give an empty folder).
    let searchPath: String?
    let clock: @Sendable () -> Date
    let sink: @Sendable (SourceMessage) -> Void

    public init(input: Input, searchPath: String? = nil, clock: @escaping @Sendable () -> Date = { Date() },
                sink: @escaping @Sendable (SourceMessage) -> Void) {
        self.input = input
        self.searchPath = searchPath
        self.clock = clock
        self.sink = sink
    }

    /// One journal entry as a record; nil for lines that are no JSON object (journalctl prints
    /// none, but a pipe may carry anything) or have no MESSAGE.
    public static func record(fromJSONLine line: String, arrival: Date) -> LogRecord? {
        guard let data = line.data(using: .utf8),
              let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return nil }
        let message: String
        if let text = object["MESSAGE"] as? String {
            message = text
        } else if let bytes = object["MESSAGE"] as? [Any] {
            // journalctl writes messages that are not valid UTF-8 (or hold control bytes) as an
            // array of byte values.
            let raw = bytes.compactMap { ($0 as? NSNumber).map { UInt8(truncatingIfNeeded: $0.intValue) } }
            message = String(decoding: raw, as: UTF8.self)
        } else {
            return nil
        }
        var timestamp = arrival
        if let micros = (object["__REALTIME_TIMESTAMP"] as? String).flatMap({ Int64($0) }) {
            timestamp = Date(timeIntervalSince1970: Double(micros / 1_000_000) + Double(micros % 1_000_000) / 1e6)
        }
        let source = (object["_SYSTEMD_UNIT"] as? String) ?? (object["SYSLOG_IDENTIFIER"] as? String)
            ?? (object["_COMM"] as? String) ?? healthName
        return LogRecord(timestamp: timestamp, source: source, line: message)
    }

    /// Reads entries until the input ends, journalctl exits, or the task is cancelled.
    public func run() async {
        switch input {
        case .descriptor(let fd):
            let end = await pump(fd: fd)
            report(end, what: "journal input")
        case .spawn(let executable, let arguments):
            await spawn(executable: executable, arguments: arguments)
        }
    }

    private func pump(fd: Int32) async -> DescriptorPump.End {
        let clock = clock, sink = sink
        let health = Mutex(false)
        return await DescriptorPump(fd: fd).run { lines in
            let now = clock()
            let records = lines.compactMap { Self.record(fromJSONLine: $0, arrival: now) }
            // The first entry says the journal is readable: the header shows it fresh.
            if health.withLock({ first in defer { first = true }; return !first }) {
                sink(.health(SourceHealth(source: Self.healthName, state: .ok, lastSuccess: now)))
            }
            if !records.isEmpty { sink(.logs(records)) }
        }
    }

    private func report(_ end: DescriptorPump.End, what: String) {
        switch end {
        case .endOfFile:
            sink(.health(SourceHealth(source: Self.healthName, state: .finished, lastSuccess: clock())))
        case .failed(let reason):
            sink(.health(SourceHealth(source: Self.healthName, state: .stale(reason: "reading \(what): \(reason)"))))
        case .stopped:
            break
        }
    }

    private func spawn(executable: String?, arguments: [String]) async {
        guard let path = executable ?? ExecutablePath.find("journalctl", searchPath: searchPath) else {
            sink(.health(SourceHealth(source: Self.healthName, state: .stale(reason: "journalctl not found"))))
            return
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            sink(.health(SourceHealth(source: Self.healthName, state: .stale(
                reason: "cannot start journalctl: \(error.localizedDescription)"))))
            return
        }
        let end = await pump(fd: out.fileHandleForReading.fileDescriptor)
        if process.isRunning { process.terminate() }
        if end == .stopped { return }
        // Not waitUntilExit: that would hold a thread of the cooperative pool.
        while process.isRunning, !Task.isCancelled { try? await Task.sleep(for: .milliseconds(20)) }
        if process.isRunning { return }
        if process.terminationStatus != 0 {
            sink(.health(SourceHealth(source: Self.healthName, state: .stale(
                reason: "journalctl exited with status \(process.terminationStatus)"))))
        } else {
            report(end, what: "journalctl")
        }
    }
}
