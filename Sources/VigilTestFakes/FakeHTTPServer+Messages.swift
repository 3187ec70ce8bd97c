import Foundation

/// One request as the fake server received it.
public struct FakeRequest: Sendable {
    public var method: String
    /// Path and query string as sent: `/api/v1/query?query=up`.
    public var uri: String
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]

    public init(method: String, uri: String, headers: [(name: String, value: String)], body: [UInt8]) {
        self.method = method; self.uri = uri; self.headers = headers; self.body = body
    }

    /// The path without the query string.
    public var path: String { uri.firstIndex(of: "?").map { String(uri[..<$0]) } ?? uri }

    /// The raw (still encoded) query string, empty when there is none.
    public var rawQuery: String { uri.firstIndex(of: "?").map { String(uri[uri.index(after: $0)...]) } ?? "" }

    /// Query-string parameters, decoded as Go's `url.ParseQuery` does (`+` is a space).
    public var query: [String: String] { Self.decodeForm(rawQuery) }

    /// Parameters of an `application/x-www-form-urlencoded` body.
    public var form: [String: String] { Self.decodeForm(String(decoding: body, as: UTF8.self)) }

    /// Query and form parameters together, as Prometheus reads them (form wins).
    public var parameters: [String: String] { query.merging(form) { _, formValue in formValue } }

    public var bodyText: String { String(decoding: body, as: UTF8.self) }

    public func header(_ name: String) -> String? {
        headers.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }?.value
    }

    /// First value of each name; pairs that do not decode are skipped.
    public static func decodeForm(_ text: String) -> [String: String] {
        var out: [String: String] = [:]
        for pair in text.split(separator: "&") where !pair.isEmpty {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ s: Substring) -> String? { s.replacingOccurrences(of: "+", with: " ").removingPercentEncoding }
            guard let name = decode(parts[0]) else { continue }
            let value = parts.count > 1 ? decode(parts[1]) : ""
            if out[name] == nil, let value { out[name] = value }
        }
        return out
    }
}

/// What the fake server does with one request.
public struct FakeResponse: Sendable {
    public enum Body: Sendable {
        case bytes([UInt8])
        /// `count` bytes written `chunkSize` at a time as fast as the client reads them (so the
        /// server holds one chunk, not the body); chunked unless `declareLength`.
        case stream(count: Int, chunkSize: Int, declareLength: Bool)
    }

    public enum Action: Sendable {
        case respond
        /// Keep the connection open and say nothing until the server shuts down.
        case neverAnswer
        /// Close the connection without a response (a dropped connection).
        case closeConnection
    }

    public var status: Int
    public var headers: [(name: String, value: String)]
    public var body: Body
    /// Waited before answering.
    public var delay: Duration?
    public var action: Action

    public init(status: Int = 200, headers: [(name: String, value: String)] = [], body: Body = .bytes([]),
                delay: Duration? = nil, action: Action = .respond) {
        self.status = status; self.headers = headers; self.body = body; self.delay = delay; self.action = action
    }

    public static func json(_ text: String, status: Int = 200, headers: [(name: String, value: String)] = []) -> Self {
        FakeResponse(status: status, headers: [(name: "Content-Type", value: "application/json")] + headers,
                     body: .bytes(Array(text.utf8)))
    }

    public static func text(_ text: String, status: Int = 200) -> Self {
        FakeResponse(status: status, headers: [(name: "Content-Type", value: "text/plain")], body: .bytes(Array(text.utf8)))
    }

    /// A large body streamed in chunks (50 MB by default).
    public static func huge(bytes: Int = 50 << 20, chunkSize: Int = 64 << 10, declareLength: Bool = false) -> Self {
        FakeResponse(headers: [(name: "Content-Type", value: "application/json")],
                     body: .stream(count: bytes, chunkSize: chunkSize, declareLength: declareLength))
    }

    public static let neverAnswer = FakeResponse(action: .neverAnswer)
    public static let closeConnection = FakeResponse(action: .closeConnection)

    public func delayed(by delay: Duration) -> Self {
        var copy = self
        copy.delay = delay
        return copy
    }
}
