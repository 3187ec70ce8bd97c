import Testing
@testable import VigilSources
@testable import VigilPrometheus

@Suite(.timeLimit(.minutes(5))) struct LiveSettingsRefreshTests {
    private func refresh(_ url: String?, explicit: Double? = nil) -> Double {
        var settings = LiveSettings()
        settings.prometheus = url
        settings.refresh = explicit
        return settings.resolvedRefresh()
    }

    @Test(arguments: [
        "http://localhost:9090", "http://LOCALHOST:9090/", "http://127.0.0.1:9090", "http://127.8.9.10",
        "http://[::1]:9090", "http://[0:0:0:0:0:0:0:1]:9090", "http://[::ffff:127.0.0.1]:9090", "localhost:9090",
        "http://prom.localhost:9090",
    ])
    func loopbackDefaultsToFiveSeconds(url: String) {
        #expect(refresh(url) == 5)
    }

    @Test(arguments: [
        "https://thanos-querier-openshift-monitoring.apps.example.com", "http://10.0.0.5:9090", "http://128.0.0.1",
        "http://[2001:db8::1]:9090", "http://localhost.example.com", "http://1270.0.0.1",
    ])
    func remoteDefaultsToThirtySeconds(url: String) {
        #expect(refresh(url) == 30)
    }

    @Test func anExplicitValueWinsButNotBelowItsFloor() {
        #expect(refresh("https://remote.example", explicit: 60) == 60)
        #expect(refresh("https://remote.example", explicit: 10) == 30)
        #expect(refresh("http://localhost:9090", explicit: 60) == 60)
        #expect(refresh("http://localhost:9090", explicit: 2) == 2)
        #expect(refresh("http://localhost:9090", explicit: 0.2) == 1)
        #expect(refresh(nil) == 30)
    }

    /// One loopback rule for the default and the floor: these hosts once got a 5 s default from
    /// one check and a 30 s floor from another.
    @Test(arguments: [("http://foo.localhost:9090", true), ("http://127.example.com", false),
                      ("http://127.0.0.1:9090", true), ("https://prom.example.com", false)])
    func theDefaultAndTheFloorAgree(url: String, loopback: Bool) {
        var settings = LiveSettings()
        settings.prometheus = url
        #expect(settings.isLoopback == loopback)
        #expect(settings.refreshFloor == (loopback ? 1 : 30))
        #expect(settings.resolvedRefresh() == (loopback ? 5 : 30))
        settings.refresh = 2
        #expect(settings.resolvedRefresh() == (loopback ? 2 : 30))
        #expect((settings.refreshRaisedNote != nil) == !loopback)
    }

    @Test func theAlertmanagerHostCountsWithoutPrometheus() {
        var settings = LiveSettings()
        settings.alertmanager = "http://127.0.0.1:9093"
        #expect(settings.isLoopback)
        #expect(settings.resolvedRefresh() == 5)
    }

    @Test func theRaisedNoteSaysFromAndTo() {
        var settings = LiveSettings()
        settings.prometheus = "https://thanos.example.com:443"
        settings.refresh = 5
        #expect(settings.refreshRaisedNote == "refresh raised from 5s to 30s for the remote host thanos.example.com")
    }
}
