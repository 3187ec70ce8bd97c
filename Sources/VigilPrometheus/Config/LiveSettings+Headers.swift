import VigilSources
import Foundation

/// Extra request headers ("Name: value").
extension LiveSettings {
    /// Header strings parsed to pairs, in order; an error for a malformed one.
    public func parsedHeaders() throws -> [(name: String, value: String)] {
        try headers.map { header throws(ConfigError) in try Self.parseHeader(header) }
    }

    /// Splits at the first colon. The name must be an HTTP token, and neither part may hold a
    /// line break: a value with "\r\n" would smuggle a second header (or a body) into the request.
    static func parseHeader(_ header: String) throws(ConfigError) -> (name: String, value: String) {
        guard let colon = header.firstIndex(of: ":") else {
            throw ConfigError(message: "malformed header '\(header)': expected 'Name: value'")
        }
        let name = header[..<colon].trimmingCharacters(in: .whitespaces)
        let value = header[header.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        guard !name.isEmpty, name.unicodeScalars.allSatisfy(isTokenCharacter) else {
            throw ConfigError(message: "malformed header '\(header)': '\(name)' is not a header name")
        }
        guard !value.contains(where: \.isNewline) else {
            throw ConfigError(message: "malformed header '\(name)': its value holds a line break")
        }
        return (name, value)
    }

    /// RFC 9110 `tchar`.
    private static func isTokenCharacter(_ c: Unicode.Scalar) -> Bool {
        guard c.isASCII else { return false }
        if ("a"..."z").contains(c) || ("A"..."Z").contains(c) || ("0"..."9").contains(c) { return true }
        return "!#$%&'*+-.^_`|~".unicodeScalars.contains(c)
    }
}
