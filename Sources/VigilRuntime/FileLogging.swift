import Foundation
import VigilCore
import Logging
import Synchronization

/// swift-log to a file: while ncurses owns the terminal nothing may be written to it.
///
/// The file is created 0600 (it names hosts and accounts) and opened O_APPEND; each line goes out
/// in one write(2), so two processes logging to one file never tear each other's lines. URLs in
/// messages are redacted (`Redaction.urls`): a token in a query string never reaches the file.
public struct FileLogHandler: LogHandler {
    final class Sink: Sendable {
        let fd: Mutex<Int32>
        init(path: String) {
            try? FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent,
                                                     withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            fd = Mutex(open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o600))
        }
        deinit { fd.withLock { if $0 >= 0 { close($0) } } }
        func write(_ line: String) {
            let bytes = Array((Redaction.urls(in: line) + "\n").utf8)
            fd.withLock { fd in
                guard fd >= 0 else { return }
                _ = bytes.withUnsafeBytes { Foundation.write(fd, $0.baseAddress, $0.count) }
            }
        }
    }

    let label: String
    let sink: Sink
    public var logLevel: Logger.Level = .info
    public var metadata: Logger.Metadata = [:]

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        let ts = ISO8601DateFormatter().string(from: Date())
        sink.write("\(ts) \(event.level) \(label): \(event.message)")
    }

    /// Routes all loggers to `path`. Called once at start-up.
    public static func bootstrap(path: String, level: Logger.Level) {
        let sink = Sink(path: path)
        LoggingSystem.bootstrap { label in
            var h = FileLogHandler(label: label, sink: sink)
            h.logLevel = level
            return h
        }
    }
}
