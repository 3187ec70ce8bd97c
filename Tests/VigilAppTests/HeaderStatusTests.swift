import Foundation
import Testing
import VigilCore
import VigilTerminal
@testable import VigilApp
@testable import VigilEngine

/// The header leads with one status word and keeps, at every width, the source errors (each its
/// own share), the data's age and the clock; the same status is a one-frame run's exit status.
@Suite(.timeLimit(.minutes(5))) struct HeaderStatusTests {
    static let t0 = Date(timeIntervalSince1970: 1_795_838_400)

    static func live(width: Int, _ messages: [SourceMessage]) -> Model {
        var m = Model(config: AppConfig(mode: .live(name: "thanos-querier-openshift-monitoring.apps.example.com")))
        _ = update(&m, .resize(width: width, height: 24))
        for msg in messages { _ = update(&m, .source(msg)) }
        refreshDerived(&m)
        return m
    }

    static func alert(_ name: String, _ severity: String, silenced: Bool = false) -> Alert {
        Alert(labels: Labels(["alertname": name, "severity": severity]), state: .firing, activeAt: t0,
              silencedBy: silenced ? ["s1"] : [])
    }

    static let promError = "connection refused (prometheus-k8s.openshift-monitoring.svc:9091, after 3 attempts)"
    static let amError = "TLS certificate not trusted by --ca-file (alertmanager-main.openshift-monitoring.svc:9095: self signed certificate in chain)"

    @Test(arguments: [80, 140])
    func errorsAgeAndClockStayAtEveryWidth(width: Int) {
        let m = Self.live(width: width, [
            .metrics(MetricBatch(timestamp: Self.t0, samples: [Sample(name: "up", labels: Labels(["job": "a"]), value: 1, timestamp: Self.t0)])),
            .clock(Self.t0.addingTimeInterval(95)),
            .health(SourceHealth(source: "prometheus", state: .stale(reason: Self.promError))),
            .health(SourceHealth(source: "alertmanager", state: .stale(reason: Self.amError))),
        ])
        let lines = view(m, width: width, height: 24).lines
        #expect(lines[0].hasPrefix(" Vigil   STALE"), "\(lines[0])")
        // Both errors have a place of their own, cut rather than dropped.
        #expect(lines[1].contains("prometheus: conn") && lines[1].contains("alertmanager: TLS"), "\(lines[1])")
        #expect(lines[1].contains("data 1m old") && lines[1].contains("2026-11-28"), "\(lines[1])")
        // What stays is chosen; what is drawn never runs past the line.
        #expect(TextWidth.of(lines[1]) == width)
    }

    @Test func theStatusWordFollowsWhatThePanelsShow() {
        let metric = MetricBatch(timestamp: Self.t0, samples: [Sample(name: "up", labels: Labels(["job": "a"]), value: 1, timestamp: Self.t0)])
        #expect(ClusterStatus.of(Self.live(width: 120, [])).word == "NO DATA")
        #expect(ClusterStatus.of(Self.live(width: 120, [])).level == .unknown)
        let ok = Self.live(width: 120, [.metrics(metric), .alerts(at: Self.t0, [Self.alert("Watchdog", "none")])])
        #expect(ClusterStatus.of(ok).level == .ok && ClusterStatus.of(ok).word == "OK")
        let warning = Self.live(width: 120, [.metrics(metric), .alerts(at: Self.t0, [Self.alert("KubeClientErrors", "warning")])])
        #expect(ClusterStatus.of(warning).level == .warning)
        #expect(ClusterStatus.of(warning).summary == "WARNING: alert KubeClientErrors")
        let silenced = Self.live(width: 120, [.metrics(metric), .alerts(at: Self.t0, [Self.alert("etcdMembersDown", "critical", silenced: true)])])
        #expect(ClusterStatus.of(silenced).level == .ok)
        let critical = Self.live(width: 120, [.metrics(metric), .alerts(at: Self.t0, [Self.alert("etcdMembersDown", "critical")]),
                                              .health(SourceHealth(source: "alertmanager", state: .stale(reason: "timed out")))])
        // What is known is critical: that wins over a source that did not answer.
        #expect(ClusterStatus.of(critical).level == .critical)
        #expect(ClusterStatus.of(critical).reasons == ["alert etcdMembersDown", "alertmanager: timed out"])
        let down = Self.live(width: 120, [.metrics(MetricBatch(timestamp: Self.t0, samples: [
            Sample(name: "up", labels: Labels(["job": "etcd", "instance": "10.0.0.6:9979"]), value: 0, timestamp: Self.t0),
        ])), .health(SourceHealth(source: "prometheus", state: .stale(reason: "timed out")))])
        #expect(ClusterStatus.of(down).word == "STALE" && ClusterStatus.of(down).level == .unknown)
    }

    @Test func theWordTakesItsSeverityColour() {
        let m = Self.live(width: 120, [])
        let b = view(m, width: 120, height: 24)
        let x = TextWidth.of(" Vigil   ")
        #expect(b[x, 0].style.fg == m.theme[.warning].fg)
    }
}

/// `--ascii` (and a locale that is not UTF-8) promises plain ASCII on every screen: the speed's
/// `×`, separators, ellipses and the data's own text (a log line's, a label's) included.
@Suite(.timeLimit(.minutes(5))) struct PureASCIITests {
    @Test func everyScreenAndTheHelpArePlainASCII() throws {
        var m = try Recorded.model(width: 100, height: 30, glyphs: .ascii)
        _ = update(&m, .playback(paused: false, speed: 120))
        for key in ["1", "2", "3", "4"] {
            _ = update(&m, .key(.char(Character(key))))
            for overlay in [false, true] {
                if overlay { _ = update(&m, .key(.char("?"))) }
                let lines = view(m, width: 100, height: 30).lines
                let bad = lines.enumerated().filter { !$0.element.unicodeScalars.allSatisfy(\.isASCII) }
                #expect(bad.isEmpty, "screen \(key)\(overlay ? " + help" : ""): \(bad.map { "\($0.offset): \($0.element)" })")
                #expect(lines.allSatisfy { $0.count == 100 })
                if overlay { _ = update(&m, .key(.escape)) }
            }
        }
    }

    @Test func wideGraphemesKeepTheGridAligned() {
        var b = Buffer(width: 10, height: 1)
        b.put("ab日本é…", x: 0, y: 0)
        b.asciify()
        #expect(b.lines == ["ab? ? ?~  "])
    }
}

@Suite(.timeLimit(.minutes(5))) struct PartialAnswerTests {
    @Test func aPartialPanelSaysSoAndTheStatusIsNotOK() {
        let t = HeaderStatusTests.t0
        let m = HeaderStatusTests.live(width: 120, [
            .metrics(MetricBatch(timestamp: t, samples: [Sample(name: "up", labels: Labels(["job": "a"]), value: 1, timestamp: t)])),
            .health(SourceHealth(source: "prometheus", panel: "down", state: .partial(warnings: "store 10.0.0.7 did not answer"))),
        ])
        let status = ClusterStatus.of(m)
        #expect(status.word == "PARTIAL" && status.level == .unknown)
        let screen = view(m, width: 120, height: 24).lines.joined(separator: "\n")
        #expect(screen.contains("PARTIAL") && screen.contains("partial: store 10.0.0.7 did not answer"), "\(screen)")
    }
}
