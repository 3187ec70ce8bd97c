import VigilSources
import Foundation
import Synchronization
import VigilCore

/// Turns raw lines into records: the timestamp at the start of a line when it has one (and the
/// line without it, as replay shows lines), else the arrival time and the whole line.
struct LogRecordBuilder: Sendable {
    var timestamps: LogTimestamp
    var source: String

    func records(_ lines: [String], arrival: Date) -> [LogRecord] {
        lines.map { line in
            let p = timestamps.parsed(line)
            guard let date = p.date else { return LogRecord(timestamp: arrival, source: source, line: line) }
            return LogRecord(timestamp: date, source: source, line: String(p.rest))
        }
    }
}

/// Reads a file descriptor on a dedicated thread (blocking reads must stay off the cooperative
/// pool, which has only a few threads). It waits with `poll(2)` in short slices so a stop request
/// is seen within `pollMilliseconds` even when no data comes.
final class DescriptorPump: Sendable {
    enum End: Sendable, Equatable {
        case endOfFile
        case stopped
        case failed(String)
    }

    let fd: Int32
    let pollMilliseconds: Int32
    private let stopRequested = Mutex(false)

    init(fd: Int32, pollMilliseconds: Int32 = 100) {
        self.fd = fd
        self.pollMilliseconds = pollMilliseconds
    }

    func stop() { stopRequested.withLock { $0 = true } }

    /// Reads until end of file, an error, or cancellation of the calling task. `onLines` runs on
    /// the reading thread with the lines each read completed (and the last, unterminated line at
    /// end of file or when stopped).
    func run(onLines: @escaping @Sendable ([String]) -> Void) async -> End {
        let once = Mutex<CheckedContinuation<End, Never>?>(nil)
        return await withTaskCancellationHandler {
            await withCheckedContinuation { (c: CheckedContinuation<End, Never>) in
                once.withLock { $0 = c }
                let thread = Thread { [self] in
                    let end = self.loop(onLines: onLines)
                    once.withLock { $0.take() }?.resume(returning: end)
                }
                thread.name = "vigil-log-reader"
                thread.start()
            }
        } onCancel: {
            stop()
        }
    }

    private func loop(onLines: @Sendable ([String]) -> Void) -> End {
        var reader = LogLineReader()
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            if stopRequested.withLock({ $0 }) {
                // A last line without its newline is still a line (`--once` stops a pipe that went
                // quiet: `printf 'a\nb'; sleep 9` once lost "b").
                if let last = reader.finish() { onLines([last]) }
                return .stopped
            }
            var pfd = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            let ready = poll(&pfd, 1, pollMilliseconds)
            if ready < 0 {
                if errno == EINTR { continue }
                return .failed(String(cString: strerror(errno)))
            }
            if ready == 0 { continue }
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR || errno == EAGAIN { continue }
                return .failed(String(cString: strerror(errno)))
            }
            if n == 0 {
                if let last = reader.finish() { onLines([last]) }
                return .endOfFile
            }
            let lines = reader.feed(chunk[0..<n])
            if !lines.isEmpty { onLines(lines) }
        }
    }
}
