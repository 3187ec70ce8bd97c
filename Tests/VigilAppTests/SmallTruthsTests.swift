import Foundation
import Testing
import VigilCore
import VigilTerminal
@testable import VigilApp
@testable import VigilEngine

/// Issue 17's smaller items, each seen by a new operator: labels that say what a value is, texts
/// that fit the profile in use, counts at the minimum size, help that scrolls, live `+`/`-`.
@Suite(.timeLimit(.minutes(5))) struct SmallTruthsTests {
    // MARK: detail labels

    @Test func aDownNodesDetailDoesNotReadStatusTrue() throws {
        let m = Fixtures.model(steps: 30, incidentFrom: 25)
        let node = try #require(m.overview.down.first { $0.kind == .node })
        let text = DetailView.downLines("node/\(node.name)/\(node.detail)", model: m).map(\.text)
        #expect(text.contains { $0.contains("state") && $0.contains("NotReady") })
        #expect(!text.contains { $0.contains("status") }, "\(text)")
        #expect(!text.contains { $0.contains("true") }, "\(text)")
    }

    @Test func aDownTargetsAddressIsLabelledAddress() throws {
        let m = Fixtures.model(steps: 30, incidentFrom: 25)
        let target = try #require(m.overview.down.first { $0.kind == .target })
        let text = DetailView.downLines("target/\(target.name)/\(target.detail)", model: m).map(\.text)
        #expect(text.contains { $0.contains("address") && $0.contains(target.detail) }, "\(text)")
        #expect(text.contains { $0.contains("job") && $0.contains(target.name) })
        #expect(!text.contains { $0.contains("state") && $0.contains(target.detail) })
    }

    // MARK: profile texts

    @Test func emptyTextsFollowTheProfile() {
        let openshift = PanelView.emptyText(.operators, filtered: false, profile: nil)
        #expect(openshift.0 == "all operators available, none degraded" && openshift.1 == .ok)
        let kube = ProfileInfo(name: "kubernetes", panelTitles: [:], panels: ["operators"],
                               emptyTexts: ["operators": .init("all workloads have their replicas")])
        #expect(PanelView.emptyText(.operators, filtered: false, profile: kube).0 == "all workloads have their replicas")
        // A profile without its own text never claims OpenShift's operators.
        let other = ProfileInfo(name: "custom", panelTitles: [:], panels: ["operators"])
        #expect(!PanelView.emptyText(.operators, filtered: false, profile: other).0.contains("operators"))
        // The node profile's "no rows" is not a healthy state: warning colour.
        let node = ProfileInfo(name: "node", panelTitles: [:], panels: ["operators"],
                               emptyTexts: ["operators": .init("no memory or filesystem figures in the answer", healthy: false)])
        #expect(PanelView.emptyText(.operators, filtered: false, profile: node).1 == .warning)
    }

    @Test func theNodeProfilesPanelSaysItsOwnTextOnScreen() {
        var m = Model(config: AppConfig(mode: .live(name: "localhost:9090")))
        _ = update(&m, .resize(width: 120, height: 40))
        _ = update(&m, .source(.profile(ProfileInfo(name: "node", panelTitles: ["operators": "Memory & filesystems"],
                                                    panels: ["operators", "alerts", "down", "cpu"],
                                                    emptyTexts: ["operators": .init("no memory or filesystem figures in the answer", healthy: false)]))))
        let b = Fixtures.batch(step: 0)
        let onlyUp = MetricBatch(timestamp: b.timestamp, samples: b.samples.filter { $0.key.name == "up" })
        _ = update(&m, .source(.metrics(onlyUp)))
        refreshDerived(&m)
        let screen = view(m, width: 120, height: 40).lines.joined(separator: "\n")
        #expect(screen.contains("no memory or filesystem figures"))
        #expect(!screen.contains("all operators available"))
    }

    @Test func plainKubernetesIsNotCalledOCP() {
        #expect(HeaderView.productName(version: "v1.29.3", profile: nil) == "Kubernetes")
        #expect(HeaderView.productName(version: "4.14.3", profile: nil) == "OCP")
        let kube = ProfileInfo(name: "kubernetes", panelTitles: [:], panels: [])
        #expect(HeaderView.productName(version: "1.29.3", profile: kube) == "Kubernetes")
    }

    // MARK: the minimum size

    @Test func at50x12EveryTablePanelShowsACountOrWhyNot() {
        let m = Fixtures.model(width: 50, height: 12)
        let lines = view(m, width: 50, height: 12).lines
        let apiAndDown = try? #require(lines.first { $0.contains("API") && $0.contains("Down") })
        // Both boxes have no room inside: their titles carry the count (API errors) or "none".
        #expect(apiAndDown?.contains(where: \.isNumber) == true, "\(lines.joined(separator: "\n"))")
        var live = Model(config: AppConfig(mode: .live(name: "127.0.0.1:1")))
        _ = update(&live, .resize(width: 50, height: 12))
        refreshDerived(&live)
        let waiting = view(live, width: 50, height: 12).lines.first { $0.contains("API") } ?? ""
        #expect(waiting.contains("no data"), "\(waiting)")
    }

    @Test func helpScrollsWhenTheScreenIsShort() {
        var m = Fixtures.model(width: 50, height: 12)
        _ = update(&m, .key(.char("?")))
        let all = Screens.spec(m.screen).keys.help(m)
        let visible = HelpView.visibleLines(height: 12)
        #expect(all.count > visible)
        func screen() -> String { view(m, width: 50, height: 12).lines.joined(separator: "\n") }
        #expect(screen().contains("1-\(visible)/\(all.count)"))
        #expect(!screen().contains(String(all.last!.what.prefix(10))))
        _ = update(&m, .key(.char("G")))
        #expect(m.helpOffset == all.count - visible)
        #expect(screen().contains("\(all.count - visible + 1)-\(all.count)/\(all.count)"))
        _ = update(&m, .key(.char("k")))
        #expect(m.helpOffset == all.count - visible - 1)
        _ = update(&m, .key(.char("g")))
        #expect(m.helpOffset == 0)
        _ = update(&m, .key(.escape))
        #expect(m.overlay == nil)
    }

    @Test func noHelpLineIsCutOnAWideScreen() {
        for screen in Screen.allCases {
            var m = Fixtures.model(width: 200, height: 60)
            m.screen = screen
            _ = update(&m, .key(.char("?")))
            let text = view(m, width: 200, height: 60).lines.joined(separator: "\n")
            for (keys, what) in Screens.spec(screen).keys.help(m) {
                #expect(text.contains(what), "\(screen): \(what)")
                #expect(text.contains(keys), "\(screen): \(keys)")
            }
        }
    }

    // MARK: live + and -

    final class FakeRefresh: PlaybackControl, @unchecked Sendable {
        var interval: Double
        let floor: Double
        var asked: [Double] = []
        init(interval: Double, floor: Double) { self.interval = interval; self.floor = floor }
        var isPaused: Bool { false }
        var speed: Double { 1 / interval }
        func setPaused(_ paused: Bool) {}
        func setSpeed(_ speed: Double) { asked.append(speed); interval = min(3600, max(floor, 1 / speed)) }
    }

    @Test func liveMinusSlowsTheRefreshAndPlusStopsAtTheFloor() {
        let term = MemoryTerminal(width: 100, height: 30)
        term.pending = [.key(.char("-")), .key(.char("+")), .key(.char("+"))]
        let fake = FakeRefresh(interval: 5, floor: 5)
        var m = Model(config: AppConfig(mode: .live(name: "localhost:9090")))
        _ = update(&m, .playback(paused: false, speed: fake.speed))
        let runner = AppRunner(model: m, backend: term, mailbox: Mailbox<SourceMessage>(), playback: fake)
        runner.run(pollMs: 0, maxIterations: 20)
        // 5 s → 10 s (was 4 s: a replay's speed limits were applied to the refresh), → 5 s, → floor.
        #expect(fake.asked.count == 3)
        #expect(abs(fake.asked[0] - 0.1) < 1e-9)
        #expect(fake.interval == 5)
        #expect(runner.model.message?.contains("limit") == true)
        let help = Screens.spec(.overview).keys.help(runner.model).map(\.what).joined()
        #expect(help.contains("refresh twice"))
        #expect(OverviewScreenHint.speed(runner.model) == "refresh")
    }

    // MARK: Logs counts

    @Test func flaggedCountsTheSameLinesAsTheLineCount() {
        var s = LogsState()
        for chunk in stride(from: 0, to: 9_000, by: 100) {
            var batch: [ScoredLogLine] = []
            for i in chunk..<chunk + 100 {
                let flagged = i % 3 == 0
                let t = LogsFixtures.t0.addingTimeInterval(Double(i))
                batch.append(LogsFixtures.scored(t, "app", "line \(i)", "line <*>", flagged ? 0.9 : 0.1, flagged, LogSignals()))
            }
            s.ingest(batch)
        }
        #expect(s.flaggedInLines == s.lines.filter(\.flagged).count)
        #expect(s.flaggedInLines <= s.lines.count)
        let status = LogsScreen.status(s, shown: Array(s.lines.indices), glyphs: .unicode)
        #expect(status.hasPrefix("\(s.lines.count) lines · \(s.flaggedInLines) flagged"))
    }
}

/// The footer's word for `+`/`-` on the overview.
enum OverviewScreenHint {
    static func speed(_ m: Model) -> String? {
        Screens.spec(.overview).keys.hints(m).first { $0.key == "+/-" }?.what
    }
}

/// Honest age: live, the header measures the data's age against the wall clock, and a source
/// that answered before but not within its refresh plus its timeout is STALE at once (Prometheus
/// frozen with SIGSTOP read "prometheus ok, data 0s old" for 25 s).
@Suite(.timeLimit(.minutes(5))) struct HonestAgeTests {
    static let t0 = Date(timeIntervalSince1970: 1_795_838_400)

    static func live() -> Model {
        var m = Model(config: AppConfig(mode: .live(name: "localhost:9090")))
        _ = update(&m, .resize(width: 160, height: 40))
        _ = update(&m, .playback(paused: false, speed: 1.0 / 5))
        let b = Fixtures.batch(step: 0)
        let batch = MetricBatch(timestamp: t0, samples: b.samples)
        _ = update(&m, .source(.metrics(batch)))
        _ = update(&m, .source(.clock(t0)))
        _ = update(&m, .source(.health(SourceHealth(source: "prometheus", state: .ok, lastSuccess: t0))))
        return m
    }

    static func header(_ m: Model) -> String {
        var m = m
        refreshDerived(&m)
        return view(m, width: 160, height: 40).lines.prefix(2).joined(separator: "\n")
    }

    @Test func theAgeGrowsWithTheWallClockWhileNoAnswerComes() {
        var m = Self.live()
        _ = update(&m, .tick(Self.t0.addingTimeInterval(3)))
        #expect(Self.header(m).contains("prometheus ok"))
        #expect(Self.header(m).contains("data 3s old"))
        #expect(m.lateSources.isEmpty)
        // Refresh 5 s + timeout 10 s passed without an answer: late, STALE, at once.
        _ = update(&m, .tick(Self.t0.addingTimeInterval(16)))
        let h = Self.header(m)
        #expect(h.contains("data 16s old"), "\(h)")
        #expect(h.contains("prometheus: no answer for 16s"), "\(h)")
        #expect(!h.contains("prometheus ok"))
        #expect(ClusterStatus.of(m).word == "STALE" || ClusterStatus.of(m).level == .critical)
        #expect(m.staleReason(.operators)?.contains("no answer") == true)
        // The next answer clears it.
        _ = update(&m, .source(.health(SourceHealth(source: "prometheus", state: .ok, lastSuccess: Self.t0.addingTimeInterval(17)))))
        #expect(m.lateSources.isEmpty)
    }

    @Test func aPausedDashboardIsNotLate() {
        var m = Self.live()
        _ = update(&m, .playback(paused: true, speed: 1.0 / 5))
        _ = update(&m, .tick(Self.t0.addingTimeInterval(60)))
        #expect(m.lateSources.isEmpty)
    }

    @Test func aLateAlertmanagerMarksOnlyTheAlertsPanel() {
        var m = Self.live()
        _ = update(&m, .source(.health(SourceHealth(source: "alertmanager", state: .ok, lastSuccess: Self.t0.addingTimeInterval(-30)))))
        _ = update(&m, .source(.health(SourceHealth(source: "prometheus", state: .ok, lastSuccess: Self.t0.addingTimeInterval(9)))))
        _ = update(&m, .tick(Self.t0.addingTimeInterval(10)))
        #expect(m.staleReason(.alerts)?.contains("alertmanager no answer for 40s") == true)
        #expect(m.staleReason(.operators) == nil)
    }
}
