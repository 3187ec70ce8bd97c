import VigilSources
import Foundation

/// A setting that cannot be used, naming where it came from (a config file and line, or
/// the environment variable) and what to do instead.
public struct ConfigError: Error, Hashable, Sendable, CustomStringConvertible, LocalizedError {
    /// The config file, or where else the setting came from ("environment"); nil when the
    /// problem is in the merged settings.
    public var file: String?
    public var line: Int?
    public var message: String

    public init(file: String? = nil, line: Int? = nil, message: String) {
        self.file = file
        self.line = line
        self.message = message
    }

    public var description: String {
        guard let file else { return message }
        return line.map { "\(file):\($0): \(message)" } ?? "\(file): \(message)"
    }

    public var errorDescription: String? { description }
}
