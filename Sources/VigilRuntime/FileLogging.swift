import Foundation
import Logging
import Synchronization

/// swift-log to a file: while ncurses owns the terminal nothing may be written to it.
public struct FileLogHandler: LogHandler {
    final class Sink: Sendable {
        let handle: Mutex<FileHandle?>
        init(path: String) {
            let fm = FileManager.default
            try? fm.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            if !fm.fileExists(atPath: path) { _ = fm.createFile(atPath: path, contents: nil) }
            let h = FileHandle(forWritingAtPath: path)
            h?.seekToEndOfFile()
            handle = Mutex(h)
        }
        func write(_ line: String) {
            handle.withLock { $0?.write(Data((line + "\n").utf8)) }
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
