import Foundation
import Testing
import VigilApp
@testable import VigilEngine
import VigilCore
import VigilSources
import VigilPrometheus
import VigilTerminal
import VigilLiveHarness

/// Live mode against a real Prometheus holding the backfilled incident shows what the replay of
/// the same recording shows at the same instant.
@Suite(.timeLimit(.minutes(10)), .serialized) struct ParityTests {
    static let repoRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func profiles() throws -> ProfileLoader {
        ProfileLoader(searchPaths: [repoRoot.appendingPathComponent("profiles").path])
    }

    @Test func openshiftProfileMatchesTheReplayAtTheSameInstant() async throws {
        // A recording ending two hours ago, so that Prometheus treats it as ordinary old data.
        let end = Date(timeIntervalSince1970: (Date().timeIntervalSince1970 / 3600).rounded(.down) * 3600 - 7200)
        let (storage, recordingDir) = try Backfill.incident(end: end, hours: 8)
        let prom = try RealServers.prometheus(rules: [Self.rules], storage: storage)
        defer { prom.stop() }
        let recording = try ReplayRecording.load(from: recordingDir)
        // 08:30 in the bundled story: 3.5 h before the end.
        let instant = end.addingTimeInterval(-3.5 * 3600)

        let client = try PrometheusClient(options: EndpointOptions(baseURL: prom.url))
        defer { Task { await client.shutdown() } }
        let profile = try Self.profiles().load("openshift")
        let source = LiveSource(prometheus: client, alertmanager: nil, profile: .fixed(profile), refresh: recording.step,
                                sourceName: "parity", history: instant.timeIntervalSince(recording.start), sink: { _ in })
        let messages = await source.startUpMessages(end: instant) + (await source.refresh(at: instant))
        let config = AppConfig(theme: .fallback, glyphs: .unicode)
        let live = Snapshot.model(messages: messages, config: config, width: 160, height: 50).overview
        let replay = Snapshot.model(recording: recording, at: instant, config: config, width: 160, height: 50).overview

        #expect(live.header.version == replay.header.version)
        #expect(live.header.updatingTo == replay.header.updatingTo)
        #expect(live.header.nodes == replay.header.nodes)
        #expect(live.header.masters == replay.header.masters)
        #expect(live.header.cores == replay.header.cores)
        #expect(live.header.etcdObjects == replay.header.etcdObjects)
        #expect(live.operators == replay.operators)
        #expect(live.down.map { [$0.kind.rawValue, $0.name, $0.detail] } == replay.down.map { [$0.kind.rawValue, $0.name, $0.detail] })
        #expect(live.down.map(\.since) == replay.down.map(\.since))
        #expect(live.apiErrors.map(\.code) == replay.apiErrors.map(\.code))
        for (l, r) in zip(live.apiErrors, replay.apiErrors) {
            #expect(abs(l.perSecond - r.perSecond) < 1e-6 * max(1, r.perSecond))
            #expect(abs(l.share - r.share) < 1e-6)
        }
        // Prometheus' ALERTS series against the replay's alerts (which also know annotations and silences).
        #expect(live.alerts.map { [$0.name, $0.severity.name, "\($0.count)"] } == replay.alerts.map { [$0.name, $0.severity.name, "\($0.count)"] })
        #expect(live.cpuHistory.suffix(60) == replay.cpuHistory.suffix(60))
        #expect(!live.operators.isEmpty && !live.alerts.isEmpty && !live.apiErrors.isEmpty && !live.down.isEmpty)
    }

    static let rules = """
        groups:
          - name: vigil-parity
            rules:
              - alert: KubeAPIErrorsHighLive
                expr: sum(rate(apiserver_request_total{code=~"5.."}[5m])) / sum(rate(apiserver_request_total[5m])) > 0.05
                labels: {severity: critical}
        """
}
