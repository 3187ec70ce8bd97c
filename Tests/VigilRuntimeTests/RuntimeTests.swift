import Foundation
import Testing
import Synchronization
import VigilCore
import VigilEngine
import VigilFacts
import VigilSources
import VigilPrometheus
@testable import VigilRuntime

@Suite(.timeLimit(.minutes(5))) struct PathsTests {
    /// The dashboard, `--once` and `vigil feedback` open one store: one definition of the folder.
    @Test func theStateDirectoryIsTheFactStoresOne() {
        #expect(Paths.stateDirectory() == FactStore.defaultDirectory())
    }

    /// A relative XDG_STATE_HOME is ignored (the XDG spec), so two processes started in different
    /// folders still share one store.
    @Test func aRelativeXDGStateHomeIsIgnored() {
        let home = ["HOME": "/home/op", "XDG_STATE_HOME": "state"]
        #expect(FactStore.defaultDirectory(environment: home).path == "/home/op/.local/state/vigil")
        let absolute = ["HOME": "/home/op", "XDG_STATE_HOME": "/var/lib/op"]
        #expect(FactStore.defaultDirectory(environment: absolute).path == "/var/lib/op/vigil")
    }
}

@Suite(.timeLimit(.minutes(5))) struct LiveWiringTests {
    static func settings(_ prometheus: String, refresh: Double? = nil) -> LiveSettings {
        var s = LiveSettings()
        s.prometheus = prometheus
        s.refresh = refresh
        return s
    }

    @Test func aRemoteHostIsNotAskedFasterThanItsFloor() throws {
        let live = try LiveWiring.make(settings: Self.settings("https://thanos.example.com:9091", refresh: 5), sink: { _ in })
        #expect(live.notes == ["refresh raised from 5s to 30s for the remote host thanos.example.com"])
        #expect(live.sourceName == "thanos.example.com:9091")
        #expect(live.insecureTLS == false)
        runBlocking { await live.shutdown() }
    }

    @Test func aLoopbackHostKeepsAFastRefresh() throws {
        let live = try LiveWiring.make(settings: Self.settings("http://foo.localhost:9090", refresh: 2), sink: { _ in })
        #expect(live.notes.isEmpty)
        runBlocking { await live.shutdown() }
    }

    @Test func theSourceNameNeverCarriesCredentials() throws {
        let url = try #require(URL(string: "https://user:hunter2@prom.example.com:8443/path?token=abc"))
        #expect(LiveWiring.displayName(url) == "prom.example.com:8443")
    }

    @Test(arguments: ["ftp://prom.example.com", "prom.example.com", "http://", "not a url"])
    func aURLThatIsNotHTTPIsRefusedInPlainWords(text: String) {
        #expect(throws: UserError.self) { try LiveWiring.url(text, flag: "--prometheus") }
        do { _ = try LiveWiring.url(text, flag: "--prometheus") } catch {
            #expect("\(error)".contains("--prometheus") && "\(error)".contains("is not an http(s) URL"))
        }
    }

    @Test func liveModeNeedsASource() {
        #expect(throws: UserError.self) { try LiveWiring.make(settings: LiveSettings(), sink: { _ in }) }
    }
}

@Suite(.timeLimit(.minutes(5))) struct FactVerdictStoreTests {
    @Test func verdictsRoundTripAndUndoRestoresThePreviousOne() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-runtime-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = FactVerdictStore(store: try FactStore.open(directory: dir), user: "op")
        let at = Date(timeIntervalSince1970: 1_795_838_400)
        let first = Verdict(anomalyID: "metric|up|1", fingerprint: .metric(series: "up", shape: "shift|up|m2"), kind: .metric,
                                  subject: "up", value: .falsePositive, at: at, score: 0.95, startedAt: at)
        let saved = try store.save([first])
        #expect(saved.first?.id != nil)
        var second = first
        second.value = .correct
        let savedSecond = try store.save([second])
        #expect(try store.activeVerdicts().map(\.status) == [.correct])
        try store.retract(savedSecond)
        let back = try store.activeVerdicts()
        #expect(back.map(\.status) == [.falsePositive])
        #expect(back.first?.id == saved.first?.id && back.first?.kind == .metric)
        #expect(back.first?.fingerprint == .metric(series: "up", shape: "shift|up|m2"))
        #expect(back.first?.user == "op" && back.first?.detector == "vigil-series")
    }
}

@Suite(.timeLimit(.minutes(5))) struct HealthLogTests {
    @Test func outagesAndRecoveriesAreLoggedOnce() {
        let lines = Mutex<[String]>([])
        let log = HealthLog { level, text in lines.withLock { $0.append("\(level) \(text)") } }
        let t = Date(timeIntervalSince1970: 1_000)
        log.note(SourceHealth(source: "prometheus", state: .ok), now: t)
        log.note(SourceHealth(source: "prometheus", state: .stale(reason: "connection refused")), now: t)
        log.note(SourceHealth(source: "prometheus", state: .stale(reason: "connection refused")), now: t + 30)
        log.note(SourceHealth(source: "prometheus", panel: "down", state: .stale(reason: "HTTP 503")), now: t + 30)
        log.note(SourceHealth(source: "prometheus", state: .stale(reason: "timed out")), now: t + 60)
        log.note(SourceHealth(source: "prometheus", state: .ok), now: t + 95)
        #expect(lines.withLock { $0 } == [
            "warning prometheus failing: connection refused",
            "warning prometheus/down failing: HTTP 503",
            "warning prometheus still failing, now: timed out",
            "info prometheus recovered after 95 s (was: timed out)",
        ])
    }

    @Test func aTokenInAURLNeverReachesTheLogFile() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-log-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("vigil.log").path
        let sink = FileLogHandler.Sink(path: path)
        sink.write("GET https://prom.example:9090/api/v1/query?query=up&access_token=s3cr3t failed")
        sink.write("second line")
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(!text.contains("s3cr3t") && text.contains("access_token=<redacted>") && text.contains("query=up"))
        #expect(text.hasSuffix("second line\n"))
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
    }
}

/// Credentials go only to the host they were given for.
@Suite(.timeLimit(.minutes(5))) struct AlertmanagerCredentialTests {
    static func settings() -> LiveSettings {
        var s = LiveSettings()
        s.prometheus = "https://thanos-querier.apps.example.com"
        s.bearerTokenCommand = "oc whoami -t"
        s.headers = ["X-Scope-OrgID: team-a"]
        return s
    }

    static func isNone(_ a: Auth) -> Bool { if case .none = a { true } else { false } }

    @Test func anotherHostGetsNoneOfPrometheusCredentials() throws {
        let s = Self.settings()
        let (am, note) = try LiveWiring.alertmanagerEndpoint(URL(string: "https://alertmanager-main.apps.example.com")!,
                                                             prometheus: URL(string: s.prometheus!)!, settings: s)
        #expect(Self.isNone(am.auth) && am.headers.isEmpty)
        #expect(note?.contains("not sent to Alertmanager at alertmanager-main.apps.example.com") == true)
    }

    @Test func theSameHostSharesThem() throws {
        let s = Self.settings()
        let (am, note) = try LiveWiring.alertmanagerEndpoint(URL(string: "https://THANOS-querier.apps.example.com:443/am")!,
                                                             prometheus: URL(string: s.prometheus!)!, settings: s)
        #expect(!Self.isNone(am.auth) && am.headers.count == 1 && note == nil)
    }

    @Test func alertmanagersOwnCredentialsWin() throws {
        var s = Self.settings()
        s.alertmanagerBearerTokenFile = "/run/secrets/am-token"
        s.alertmanagerHeaders = ["X-Team: b"]
        let (am, note) = try LiveWiring.alertmanagerEndpoint(URL(string: "https://alertmanager-main.apps.example.com")!,
                                                             prometheus: URL(string: s.prometheus!)!, settings: s)
        guard case .bearer(.file(let file)) = am.auth else { Issue.record("auth \(am.auth)"); return }
        #expect(file == "/run/secrets/am-token" && am.headers.map(\.name) == ["X-Team"] && note == nil)
        // Redacted like the rest; the merge keeps a layer's Alertmanager credentials as a group.
        var flags = LiveSettings()
        flags.alertmanagerBearerTokenCommand = "vault read am"
        let merged = flags.overriding(s)
        #expect(merged.alertmanagerBearerTokenCommand == "vault read am" && merged.alertmanagerBearerTokenFile == nil)
    }

    @Test func aloneAlertmanagerUsesTheMainCredentials() throws {
        var s = LiveSettings()
        s.alertmanager = "https://am.example.com"
        s.bearerTokenFile = "/t"
        let (am, _) = try LiveWiring.alertmanagerEndpoint(URL(string: s.alertmanager!)!, prometheus: nil, settings: s)
        #expect(!Self.isNone(am.auth))
    }
}

/// Issue 21, crash 5: a port above 65535 (flag or config) is a clear error, not a trap in SwiftNIO.
@Suite(.timeLimit(.minutes(1))) struct URLPortTests {
    @Test func aPortOutOfRangeIsSaid() {
        #expect(throws: UserError.self) { try LiveWiring.url("http://127.0.0.1:65536", flag: "--prometheus") }
        do { _ = try LiveWiring.url("http://127.0.0.1:65536", flag: "--prometheus") } catch {
            #expect("\(error)" == "--prometheus 'http://127.0.0.1:65536': port 65536 is out of range (1 to 65535)")
        }
        #expect((try? LiveWiring.url("http://127.0.0.1:9090", flag: "--prometheus"))?.port == 9090)
        var settings = LiveSettings()
        settings.prometheus = "http://127.0.0.1:99999"
        #expect(throws: UserError.self) { _ = try LiveWiring.make(settings: settings, sink: { _ in }) }
    }
}
