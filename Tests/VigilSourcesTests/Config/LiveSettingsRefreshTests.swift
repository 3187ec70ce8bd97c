import Testing
@testable import VigilSources

@Suite struct LiveSettingsRefreshTests {
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

    @Test func anExplicitValueWinsButNotBelowOneSecond() {
        #expect(refresh("https://remote.example", explicit: 10) == 10)
        #expect(refresh("http://localhost:9090", explicit: 60) == 60)
        #expect(refresh("http://localhost:9090", explicit: 0.2) == 1)
        #expect(refresh(nil) == 30)
    }
}
