import Foundation

/// One log line from one source.
public struct LogRecord: Hashable, Sendable {
    public var timestamp: Date
    public var source: String
    public var line: String
    /// What the source knows of the line beyond its text: a syslog header and structured data
    /// (host, app, procid, msgid, facility, severity, `sd_<id>_<param>`). Empty for files and stdin.
    public var labels: Labels
    public init(timestamp: Date, source: String, line: String, labels: Labels = Labels()) {
        self.timestamp = timestamp; self.source = source; self.line = line; self.labels = labels
    }
}
