import VigilSources
import Foundation

/// Sends requests to one API. Implementations add auth, retry and enforce limits, so clients
/// and test doubles only deal in paths and bodies.
public protocol HTTPTransport: Sendable {
    /// Throws `SourceError` only. Answers with any status but 401 and 403, which become
    /// `.unauthorized` / `.forbidden` because only the transport knows which credential failed.
    func send(_ request: HTTPRequestSpec) async throws -> HTTPResponseData
    func shutdown() async
}

public struct HTTPRequestSpec: Sendable {
    public var method: String
    /// Relative to the base URL, with the query string: `/api/v1/query?query=up`.
    public var path: String
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]?

    public init(method: String = "GET", path: String, headers: [(name: String, value: String)] = [],
                body: [UInt8]? = nil) {
        self.method = method; self.path = path; self.headers = headers; self.body = body
    }

    /// The path without its query string: what error messages name (queries can be long).
    public var route: String {
        path.firstIndex(of: "?").map { String(path[..<$0]) } ?? path
    }
}

public struct HTTPResponseData: Sendable {
    public var status: Int
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]

    public init(status: Int, headers: [(name: String, value: String)] = [], body: [UInt8] = []) {
        self.status = status; self.headers = headers; self.body = body
    }

    /// The first value of a header, names compared case-insensitively as HTTP says.
    public func header(_ name: String) -> String? {
        headers.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }?.value
    }
}
