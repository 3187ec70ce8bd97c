import Foundation
import Logging
import Synchronization
import VigilCore

/// swift-log to stderr for `vigil serve` (no terminal UI to protect): one line per event, as text
/// or as a JSON object (`--log-format json`: `time`, `level`, `logger`, `msg` and the metadata).
/// URLs in messages and metadata are redacted (`Redaction.urls`), so a token in a query string
/// never reaches the log; tokens and passwords are never logged at all.
public struct StderrLogHandler: LogHandler {
    public enum Format: String, Sendable, CaseIterable { case text, json }

    static let lock = Mutex(())
    let label: String
    let format: Format
    public var logLevel: Logger.Level = .info
    public var metadata: Logger.Metadata = [:]

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        let line = Self.line(time: Date(), level: event.level, label: label, message: "\(event.message)",
                             metadata: metadata.merging(event.metadata ?? [:]) { _, new in new }, format: format)
        let bytes = Array((line + "\n").utf8)
        Self.lock.withLock { _ in _ = bytes.withUnsafeBytes { Foundation.write(2, $0.baseAddress, $0.count) } }
    }

    /// One log line (tested without stderr).
    public static func line(time: Date, level: Logger.Level, label: String, message: String,
                            metadata: Logger.Metadata, format: Format) -> String {
        let ts = ISO8601DateFormatter().string(from: time)
        let msg = Redaction.urls(in: message)
        let meta = metadata.map { ($0.key, Redaction.urls(in: "\($0.value)")) }.sorted { $0.0 < $1.0 }
        switch format {
        case .text:
            let tail = meta.isEmpty ? "" : " " + meta.map { "\($0.0)=\($0.1)" }.joined(separator: " ")
            return "\(ts) \(level) \(label): \(msg)\(tail)"
        case .json:
            var object: [String: String] = ["time": ts, "level": "\(level)", "logger": label, "msg": msg]
            for (k, v) in meta where object[k] == nil { object[k] = v }
            guard let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]) else {
                return "{\"msg\":\"unencodable log line\"}"
            }
            return String(decoding: data, as: UTF8.self)
        }
    }

    /// Routes all loggers to stderr. Called once at start-up.
    public static func bootstrap(format: Format, level: Logger.Level) {
        LoggingSystem.bootstrap { label in
            var h = StderrLogHandler(label: label, format: format)
            h.logLevel = level
            return h
        }
    }
}
