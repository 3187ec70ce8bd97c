import Foundation

/// Why a recording could not be loaded, naming the file and what to do.
public enum ReplayError: Error, Hashable, Sendable, CustomStringConvertible, LocalizedError {
    case missingMetrics(path: String)
    case unreadable(path: String, reason: String)
    case invalidMetrics(path: String, OpenMetricsError)
    case noSamples(path: String)
    case invalidAlerts(path: String, reason: String)

    public var description: String {
        switch self {
        case .missingMetrics(let path):
            return "no metrics file at \(path): a recording needs one (create one with `vigil-lab sample-data --out DIR`)"
        case .unreadable(let path, let reason):
            return "cannot read \(path): \(reason)"
        case .invalidMetrics(let path, let error):
            return "\(path): line \(error.line): \(error.message)"
        case .noSamples(let path):
            return "\(path) holds no samples: nothing to replay"
        case .invalidAlerts(let path, let reason):
            return "\(path) is not an Alertmanager alert list (API v2 JSON array): \(reason)"
        }
    }

    public var errorDescription: String? { description }
}
