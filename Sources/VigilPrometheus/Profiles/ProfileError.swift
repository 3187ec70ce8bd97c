import VigilSources
import Foundation

/// Why a profile could not be loaded: the file, and where known the line and the panel, so the
/// message reads like a compiler's ("openshift.yaml:12: panel 'alerts': query 2 has no expr").
public struct ProfileError: Error, Hashable, Sendable, CustomStringConvertible, LocalizedError {
    public var file: String
    public var line: Int?
    public var panel: String?
    public var message: String

    public init(file: String, line: Int? = nil, panel: String? = nil, message: String) {
        self.file = file
        self.line = line
        self.panel = panel
        self.message = message
    }

    public var description: String {
        var text = file
        if let line { text += ":\(line)" }
        text += ": "
        if let panel { text += "panel '\(panel)': " }
        return text + message
    }

    public var errorDescription: String? { description }
}
