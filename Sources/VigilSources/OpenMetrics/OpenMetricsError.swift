import Foundation

/// A line of OpenMetrics or Prometheus text that could not be read, with its 1-based number.
public struct OpenMetricsError: Error, Hashable, Sendable, CustomStringConvertible, LocalizedError {
    public let line: Int
    public let message: String

    public init(line: Int, message: String) { self.line = line; self.message = message }

    /// `OpenMetricsError: line 12: expected '=' after label name`
    public var description: String { "OpenMetricsError: line \(line): \(message)" }
    public var errorDescription: String? { description }
}
