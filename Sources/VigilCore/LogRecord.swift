import Foundation

/// One log line from one source.
public struct LogRecord: Hashable, Sendable {
    public var timestamp: Date
    public var source: String
    public var line: String
    public init(timestamp: Date, source: String, line: String) {
        self.timestamp = timestamp; self.source = source; self.line = line
    }
}
