import VigilSources
import Foundation
import VigilCore

/// Reads Prometheus' (or a Thanos querier's) HTTP API. Every failure is a `SourceError`.
public final class PrometheusClient: Sendable {
    /// Longest URL sent as GET; longer queries go as a POST form, since proxies and servers
    /// commonly reject request lines near 8 KB and answer 414.
    static let maxGETURLLength = 4096

    private let options: EndpointOptions
    private let transport: any HTTPTransport

    public convenience init(options: EndpointOptions) throws {
        self.init(options: options, transport: try AsyncHTTPTransport(options: options))
    }

    public init(options: EndpointOptions, transport: any HTTPTransport) {
        self.options = options; self.transport = transport
    }

    public func shutdown() async { await transport.shutdown() }

    public func query(_ promql: String, at time: Date? = nil) async throws -> QueryResponse {
        var params = [(name: "query", value: promql)]
        if let time { params.append((name: "time", value: Self.seconds(time))) }
        return try await queryCall("/api/v1/query", params)
    }

    public func queryRange(_ promql: String, start: Date, end: Date, step: TimeInterval) async throws -> QueryResponse {
        let params = [(name: "query", value: promql), (name: "start", value: Self.seconds(start)),
                      (name: "end", value: Self.seconds(end)), (name: "step", value: Self.number(step))]
        return try await queryCall("/api/v1/query_range", params)
    }

    /// A query answer: read by the one-pass scanner when it is a successful one of the usual
    /// shape, else by `JSONDecoder` (whose errors say what was wrong).
    private func queryCall(_ route: String, _ params: [(name: String, value: String)]) async throws -> QueryResponse {
        let response = try await send(route, params, postable: true)
        if (200..<300).contains(response.status), let answer = QueryAnswerScanner.scan(response.body) {
            return QueryResponse(result: answer.result, warnings: answer.warnings)
        }
        let (data, warnings) = try PrometheusDecoding.decode(WireQueryData.self, from: response, route: route)
        return QueryResponse(result: data.result, warnings: warnings)
    }

    /// Firing and pending alerts of the rules Prometheus evaluates.
    public func alerts() async throws -> [Alert] {
        try await call("/api/v1/alerts", [], as: WireAlertsData.self).0.domain
    }

    /// Active scrape targets.
    public func targets() async throws -> [ScrapeTarget] {
        try await call("/api/v1/targets", [(name: "state", value: "active")], as: WireTargetsData.self).0.domain
    }

    public func buildInfo() async throws -> BuildInfo {
        let info = try await call("/api/v1/status/buildinfo", [], as: WireBuildInfo.self).0
        return BuildInfo(version: info.version, revision: info.revision ?? "")
    }

    public func metricNames() async throws -> [String] {
        try await call("/api/v1/label/__name__/values", [], as: [String].self).0
    }

    /// GET with the parameters in the query string, or a POST form when the URL would be too long
    /// or the server refuses the GET (405, 414); only endpoints that accept POST are `postable`.
    private func call<Payload: Decodable>(_ route: String, _ params: [(name: String, value: String)],
                                          as type: Payload.Type, postable: Bool = false)
        async throws -> (Payload, [String]) {
        try PrometheusDecoding.decode(type, from: try await send(route, params, postable: postable), route: route)
    }

    private func send(_ route: String, _ params: [(name: String, value: String)], postable: Bool) async throws -> HTTPResponseData {
        let form = FormEncoding.encode(params)
        let getPath = form.isEmpty ? route : route + "?" + form
        let post = HTTPRequestSpec(method: "POST", path: route,
                                   headers: [(name: "Content-Type", value: "application/x-www-form-urlencoded")],
                                   body: Array(form.utf8))
        var response: HTTPResponseData
        if postable, options.baseURL.absoluteString.utf8.count + getPath.utf8.count > Self.maxGETURLLength {
            response = try await transport.send(post)
        } else {
            response = try await transport.send(HTTPRequestSpec(path: getPath))
            if postable, response.status == 405 || response.status == 414 {
                response = try await transport.send(post)
            }
        }
        return response
    }

    /// Unix seconds with millisecond precision, as the API takes them.
    static func seconds(_ date: Date) -> String {
        String(format: "%.3f", date.timeIntervalSince1970)
    }

    /// `15`, `0.5`: a step in seconds without needless digits.
    static func number(_ value: Double) -> String {
        value.rounded() == value && abs(value) < 1e15 ? String(Int64(value)) : String(value)
    }
}
