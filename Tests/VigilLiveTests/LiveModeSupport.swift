import Foundation
import Testing
import VigilApp
@testable import VigilEngine
import VigilCore
import VigilSources
import VigilPrometheus
import VigilTerminal
import VigilTestFakes
import VigilLiveHarness

/// Shared pieces of the live-mode integration tests: profiles, the app model built from a
/// collector's messages, and reading health and batches out of those messages.
enum LiveMode {
    static let repoRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The bundled profiles of this checkout.
    static let loader = ProfileLoader(searchPaths: [repoRoot.appendingPathComponent("profiles").path])

    static let config = AppConfig(theme: .fallback, glyphs: .unicode, mode: .live(name: "live-test"))
    static let width = 160, height = 50

    /// What `LiveSource.run()` sends in one round: the start-up messages (profile, history;
    /// nothing once done) and one refresh.
    static func round(_ source: LiveSource, at time: Date = Date()) async -> [SourceMessage] {
        await source.startUpMessages(end: time) + (await source.refresh(at: time))
    }

    /// The app model after every message so far, in order.
    static func model(_ messages: [SourceMessage]) -> Model {
        Snapshot.model(messages: messages, config: config, width: width, height: height)
    }

    /// The frame the app would draw, as plain lines joined.
    static func frame(_ model: Model) -> String {
        Snapshot.lines(model, width: width, height: height, color: false).joined(separator: "\n")
    }

    static func batches(_ messages: [SourceMessage]) -> [MetricBatch] {
        messages.compactMap { if case .metrics(let b) = $0 { b } else { nil } }
    }

    static func profiles(_ messages: [SourceMessage]) -> [ProfileInfo] {
        messages.compactMap { if case .profile(let p) = $0 { p } else { nil } }
    }

    /// The last health a message list reports for `name` ("prometheus", "prometheus/down", …).
    static func health(_ messages: [SourceMessage], _ name: String) -> SourceHealth.State? {
        messages.compactMap { m -> SourceHealth.State? in
            if case .health(let h) = m, h.name == name { h.state } else { nil }
        }.last
    }

    /// The reason when `state` is stale.
    static func staleReason(_ state: SourceHealth.State?) -> String? {
        if case .stale(let reason)? = state { reason } else { nil }
    }

    /// Every health message, as `source: ok|stale(reason)` lines (for failure messages and logs).
    static func describeHealth(_ messages: [SourceMessage]) -> String {
        messages.compactMap { m -> String? in
            guard case .health(let h) = m else { return nil }
            switch h.state {
            case .ok: return "\(h.name): ok"
            case .finished: return "\(h.name): finished"
            case .partial(let warnings): return "\(h.name): partial(\(warnings))"
            case .stale(let reason): return "\(h.name): stale(\(reason))"
            }
        }.joined(separator: "; ")
    }

    /// Starts a server off the cooperative pool (starting blocks until it is ready).
    static func start(_ make: @escaping @Sendable () throws -> RunningServer) async throws -> RunningServer {
        try await ProcessRunner.blocking(make)
    }

    /// A Prometheus client for the duration of `body`, always shut down afterwards.
    static func withPrometheus<T>(_ options: EndpointOptions,
                                  _ body: (PrometheusClient) async throws -> T) async throws -> T {
        let client = try PrometheusClient(options: options)
        do {
            let result = try await body(client)
            await client.shutdown()
            return result
        } catch {
            await client.shutdown()
            throw error
        }
    }

    /// A fake server for the duration of `body`, always shut down afterwards.
    static func withFakeServer<T>(tls: TestCertificates? = nil, _ handler: @escaping FakeHTTPServer.Handler,
                                  _ body: (FakeHTTPServer) async throws -> T) async throws -> T {
        try await FakeHTTPServer.with(tls: tls, handler, body)
    }

    /// Runs rounds of `source` until `done` accepts the model built from all messages so far, or
    /// fails after `timeout` seconds with the health seen last. Returns every message.
    static func roundsUntil(_ what: String, _ source: LiveSource, timeout: Double = 30,
                            messages start: [SourceMessage] = [],
                            sourceLocation: SourceLocation = #_sourceLocation,
                            _ done: ([SourceMessage], [SourceMessage], Model) -> Bool) async throws -> [SourceMessage] {
        let deadline = Date().addingTimeInterval(timeout)
        var all = start
        while true {
            let latest = await round(source)
            all += latest
            if done(latest, all, model(all)) { return all }
            if Date() >= deadline {
                Issue.record("timed out after \(timeout) s waiting for \(what); last health: \(describeHealth(latest))",
                             sourceLocation: sourceLocation)
                throw LiveHTTP.Failure(description: "timed out waiting for \(what)")
            }
            try await Task.sleep(for: .milliseconds(250))
        }
    }
}

/// Prints a line the test log keeps (the `live:` prefix the other live tests use).
func liveLog(_ text: String) { print("live-mode: \(text)") }
