import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing
import VigilLiveHarness

/// Just enough HTTP for the live tests, with URLSession on plain loopback HTTP (deliberately not
/// Vigil's own Prometheus client: these tests check the servers and the harness).
enum LiveHTTP {
    struct Failure: Error, CustomStringConvertible { var description: String }

    static let session: URLSession = {
        let config = URLSessionConfiguration.ephemeral
        config.timeoutIntervalForRequest = 10
        config.connectionProxyDictionary = [:]
        return URLSession(configuration: config)
    }()

    /// Status and body of a request.
    static func request(_ url: URL, method: String = "GET", json body: Any? = nil) async throws -> (status: Int, body: Data) {
        var request = URLRequest(url: url)
        request.httpMethod = method
        if let body {
            request.httpBody = try JSONSerialization.data(withJSONObject: body)
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        let (data, response) = try await session.data(for: request)
        return ((response as? HTTPURLResponse)?.statusCode ?? -1, data)
    }

    /// The decoded JSON of a request that must answer 2xx.
    static func json(_ url: URL, method: String = "GET", body: Any? = nil) async throws -> Any {
        let (status, data) = try await request(url, method: method, json: body)
        guard (200..<300).contains(status) else {
            throw Failure(description: "\(method) \(url) answered \(status): \(String(decoding: data.prefix(2000), as: UTF8.self))")
        }
        return try JSONSerialization.jsonObject(with: data)
    }

    /// One sample of an instant-query vector.
    struct Sample: CustomStringConvertible {
        var labels: [String: String]
        var value: Double
        var description: String { "\(labels) = \(value)" }
    }

    /// `GET /api/v1/query?query=…[&time=…]` on a Prometheus: the vector's samples.
    static func query(_ server: RunningServer, _ promql: String, at time: Date? = nil) async throws -> [Sample] {
        guard var components = URLComponents(url: server.url.appendingPathComponent("api/v1/query"),
                                             resolvingAgainstBaseURL: false) else {
            throw Failure(description: "bad server URL \(server.url)")
        }
        var items = [URLQueryItem(name: "query", value: promql)]
        if let time { items.append(URLQueryItem(name: "time", value: String(time.timeIntervalSince1970))) }
        components.queryItems = items
        // `+` is a space in a query string; URLComponents leaves it alone.
        let encoded = components.percentEncodedQuery?.replacingOccurrences(of: "+", with: "%2B")
        components.percentEncodedQuery = encoded
        guard let url = components.url else { throw Failure(description: "bad query URL for \(promql)") }
        let object = try await json(url)
        guard let root = object as? [String: Any], root["status"] as? String == "success",
              let data = root["data"] as? [String: Any], let result = data["result"] as? [[String: Any]] else {
            throw Failure(description: "unexpected answer to \(promql): \(object)")
        }
        return result.map { item in
            let value = (item["value"] as? [Any])?.last as? String
            return Sample(labels: item["metric"] as? [String: String] ?? [:], value: value.flatMap(Double.init) ?? .nan)
        }
    }
}

/// Polls `body` every `interval` until it returns a value, or fails after `timeout` seconds with
/// the last error or non-answer.
func eventually<T>(_ what: String, timeout: Double = 20, interval: Double = 0.25,
                   sourceLocation: SourceLocation = #_sourceLocation,
                   _ body: () async throws -> T?) async throws -> T {
    let deadline = Date().addingTimeInterval(timeout)
    var last = "no answer"
    while true {
        do {
            if let value = try await body() { return value }
        } catch {
            last = "\(error)"
        }
        if Date() >= deadline {
            Issue.record("timed out after \(timeout) s waiting for \(what) (last: \(last))", sourceLocation: sourceLocation)
            throw LiveHTTP.Failure(description: "timed out waiting for \(what)")
        }
        try await Task.sleep(for: .milliseconds(Int(interval * 1000)))
    }
}

/// Live tests need the Debian packages `prometheus prometheus-alertmanager
/// prometheus-node-exporter` (`.ci/run` installs them); a missing binary fails the test with
/// that hint. `VIGIL_SKIP_LIVE_TESTS=1` skips them on purpose.
let liveTestsEnabled = ProcessInfo.processInfo.environment["VIGIL_SKIP_LIVE_TESTS"] != "1"
