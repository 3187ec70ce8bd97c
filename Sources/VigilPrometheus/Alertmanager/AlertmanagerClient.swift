import VigilSources
import Foundation
import VigilCore

/// Reads Alertmanager's API v2. Every failure is a `SourceError`.
public final class AlertmanagerClient: Sendable {
    private let transport: any HTTPTransport

    public convenience init(options: EndpointOptions) throws {
        self.init(options: options, transport: try AsyncHTTPTransport(options: options))
    }

    public init(options: EndpointOptions, transport: any HTTPTransport) {
        self.transport = transport
    }

    public func shutdown() async { await transport.shutdown() }

    /// Every alert Alertmanager holds, silenced and inhibited ones included and marked as such:
    /// a dashboard should show that an alert is muted, not hide it.
    public func alerts() async throws -> [Alert] {
        let query = FormEncoding.encode([(name: "active", value: "true"), (name: "silenced", value: "true"),
                                         (name: "inhibited", value: "true")])
        return try await get("/api/v2/alerts", query: query, as: [AlertmanagerAlert].self).map(\.alert)
    }

    public func status() async throws -> AlertmanagerStatus {
        try await get("/api/v2/status", query: "", as: WireAlertmanagerStatus.self).domain
    }

    private func get<Payload: Decodable>(_ route: String, query: String, as type: Payload.Type) async throws -> Payload {
        let response = try await transport.send(HTTPRequestSpec(path: query.isEmpty ? route : route + "?" + query))
        guard (200..<300).contains(response.status) else {
            let detail = Self.serverMessage(response.body).map { ": " + $0 } ?? ""
            throw SourceError(kind: .httpStatus(response.status), message: "HTTP \(response.status) from \(route)\(detail)")
        }
        do {
            return try JSONSyntax.decode(type, from: Data(response.body))
        } catch {
            throw SourceError(kind: .malformedResponse,
                              message: "malformed JSON from \(route): \(PrometheusDecoding.describe(error))")
        }
    }

    /// Alertmanager explains errors as a JSON string or `{"message": …}`; plain text is not
    /// repeated, since a proxy's error page can be anything.
    private static func serverMessage(_ body: [UInt8]) -> String? {
        struct Wrapped: Decodable { var message: String }
        let data = Data(body)
        let text = (try? JSONSyntax.decode(String.self, from: data))
            ?? (try? JSONSyntax.decode(Wrapped.self, from: data))?.message
        return text.map { String($0.trimmingCharacters(in: .whitespacesAndNewlines).prefix(300)) }
    }
}
