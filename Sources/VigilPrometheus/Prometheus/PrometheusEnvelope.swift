import VigilSources
import Foundation
import VigilCore

/// `{"status":"success"|"error","data":…,"errorType":…,"error":…,"warnings":[…]}`: the frame of
/// every Prometheus API answer. `data` is only decoded on success, so an error answer never
/// fails on a missing or odd `data`.
struct PrometheusEnvelope<Payload: Decodable>: Decodable {
    var status: String
    var data: Payload?
    var errorType: String?
    var error: String?
    var warnings: [String]

    private enum CodingKeys: String, CodingKey { case status, data, errorType, error, warnings }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        status = try c.decode(String.self, forKey: .status)
        errorType = try c.decodeIfPresent(String.self, forKey: .errorType)
        error = try c.decodeIfPresent(String.self, forKey: .error)
        warnings = try c.decodeIfPresent([String].self, forKey: .warnings) ?? []
        data = status == "success" ? try c.decode(Payload.self, forKey: .data) : nil
    }
}

/// The answer of a Prometheus-style API as a payload or the `SourceError` an operator reads.
enum PrometheusDecoding {
    static func decode<Payload: Decodable>(_ type: Payload.Type, from response: HTTPResponseData,
                                           route: String) throws -> (Payload, [String]) {
        let envelope: PrometheusEnvelope<Payload>
        do {
            envelope = try JSONSyntax.decode(PrometheusEnvelope<Payload>.self, from: Data(response.body))
        } catch {
            // Not Prometheus JSON: a proxy's error page is best described by its status.
            guard (200..<300).contains(response.status) else { throw httpStatus(response.status, route: route) }
            throw SourceError(kind: .malformedResponse,
                              message: "malformed JSON from \(route): \(describe(error))")
        }
        if envelope.status != "success" {
            let type = envelope.errorType ?? "error"
            let text = envelope.error ?? "no message (HTTP \(response.status))"
            throw SourceError(kind: .apiError(type), message: "\(type): \(text)")
        }
        guard (200..<300).contains(response.status), let data = envelope.data else {
            throw httpStatus(response.status, route: route)
        }
        return (data, envelope.warnings)
    }

    static func httpStatus(_ status: Int, route: String) -> SourceError {
        SourceError(kind: .httpStatus(status), message: "HTTP \(status) from \(route)")
    }

    /// What went wrong and where, without quoting the data (it could be anything).
    static func describe(_ error: any Error) -> String {
        if let malformed = error as? JSONSyntax.Malformed { return "not valid JSON: \(malformed.description)" }
        guard let e = error as? DecodingError else { return "not valid JSON" }
        func path(_ c: DecodingError.Context) -> String {
            let p = c.codingPath.map { $0.intValue.map { "[\($0)]" } ?? "." + $0.stringValue }.joined()
            return p.isEmpty ? "top level" : String(p.drop { $0 == "." })
        }
        switch e {
        case .dataCorrupted(let c):
            return c.codingPath.isEmpty ? "not valid JSON" : "\(c.debugDescription) at \(path(c))"
        case .keyNotFound(let key, let c):
            return "missing \"\(key.stringValue)\" at \(path(c))"
        case .typeMismatch(let type, let c):
            return "expected \(type) at \(path(c))"
        case .valueNotFound(let type, let c):
            return "null instead of \(type) at \(path(c))"
        @unknown default:
            return "undecodable"
        }
    }
}
