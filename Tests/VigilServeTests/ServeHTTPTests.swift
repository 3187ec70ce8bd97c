import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Logging
import ServiceLifecycle
import Synchronization
import Testing
@testable import VigilServe

/// The endpoints on a real socket: readiness, health, /metrics in both formats, 404.
@Suite(.timeLimit(.minutes(1)))
struct ServeHTTPTests {
    final class Port: Sendable {
        let value = Mutex<Int?>(nil)
    }

    static func get(_ url: URL, accept: String? = nil) async throws -> (status: Int, type: String, body: String) {
        var request = URLRequest(url: url)
        request.timeoutInterval = 10
        if let accept { request.setValue(accept, forHTTPHeaderField: "Accept") }
        let (data, response) = try await URLSession.shared.data(for: request)
        let http = try #require(response as? HTTPURLResponse)
        return (http.statusCode, http.value(forHTTPHeaderField: "Content-Type") ?? "", String(decoding: data, as: UTF8.self))
    }

    @Test func readinessHealthAndMetricsAnswerOnLoopback() async throws {
        let waiting = Mutex(["prometheus"])
        let exporter = MetricsExporter(help: ServeMetrics.help)
        let endpoints = ServeHTTP.Endpoints(metrics: { om in
            exporter.render([ExportedSample("vigil_ready", .gauge, [:], 1),
                             ExportedSample("vigil_log_lines_read_total", .counter, [:], 7)], openMetrics: om)
        }, waitingFor: { waiting.withLock { $0 } })
        let port = Port()
        let app = ServeHTTP.application(host: "127.0.0.1", port: 0, endpoints: endpoints, logger: Logger(label: "test")) { p in
            port.value.withLock { $0 = p }
        }
        let group = ServiceGroup(configuration: .init(services: [app], logger: Logger(label: "test")))
        let running = Task { try await group.run() }
        defer { running.cancel() }
        var bound: Int?
        for _ in 0..<200 where bound == nil {
            bound = port.value.withLock { $0 }
            if bound == nil { try await Task.sleep(for: .milliseconds(25)) }
        }
        let base = try #require(bound.map { URL(string: "http://127.0.0.1:\($0)")! }, "the server never started")

        let notReady = try await Self.get(base.appendingPathComponent("-/ready"))
        #expect(notReady.status == 503)
        #expect(notReady.body.contains("prometheus"))
        waiting.withLock { $0 = [] }
        #expect(try await Self.get(base.appendingPathComponent("-/ready")).status == 200)
        #expect(try await Self.get(base.appendingPathComponent("-/healthy")).status == 200)

        let text = try await Self.get(base.appendingPathComponent("metrics"))
        #expect(text.status == 200)
        #expect(text.type == MetricsExporter.textContentType)
        #expect(text.body.contains("vigil_log_lines_read_total 7"))
        let om = try await Self.get(base.appendingPathComponent("metrics"),
                                    accept: "application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5")
        #expect(om.type == MetricsExporter.openMetricsContentType)
        #expect(om.body.hasSuffix("# EOF\n"))
        #expect(try await Self.get(base.appendingPathComponent("nope")).status == 404)

        await group.triggerGracefulShutdown()
        try await running.value
    }
}
