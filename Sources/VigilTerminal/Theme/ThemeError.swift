/// Why a theme file could not be used: the file, the 1-based line (0 when the whole file is at
/// fault, e.g. unreadable) and what was wrong, in words an operator can act on.
public struct ThemeError: Error, CustomStringConvertible, Sendable {
    public let file: String
    public let line: Int
    public let message: String

    public init(file: String, line: Int, message: String) {
        self.file = file; self.line = line; self.message = message
    }

    /// `file:line: message`, the shape editors and compilers use, so it can be jumped to.
    public var description: String { line > 0 ? "\(file):\(line): \(message)" : "\(file): \(message)" }
}
