import Testing
@testable import VigilSources
@testable import VigilPrometheus

@Suite(.timeLimit(.minutes(5))) struct LiveSettingsValidationTests {
    private func problem(_ change: (inout LiveSettings) -> Void) -> String? {
        var settings = LiveSettings()
        settings.prometheus = "https://prom.example"
        change(&settings)
        do {
            try settings.validate()
            return nil
        } catch {
            return "\(error)"
        }
    }

    @Test func usableSettingsPass() {
        #expect(problem { $0.bearerTokenFile = "/t"; $0.headers = ["X-A: 1"] } == nil)
    }

    @Test func problemsAreNamed() {
        #expect(problem { $0.prometheus = nil }?.hasPrefix("no Prometheus URL") == true)
        #expect(problem { $0.prometheus = "prom:9090" } == "the Prometheus URL 'prom:9090' is not an http:// or https:// URL")
        #expect(problem { $0.prometheus = "ftp://u:pw@h" } == "the Prometheus URL 'ftp://u:<redacted>@h' is not an http:// or https:// URL")
        #expect(problem { $0.alertmanager = "am" }?.hasPrefix("the Alertmanager URL 'am'") == true)
        #expect(problem { $0.bearerToken = "t"; $0.bearerTokenCommand = "c" }
            == "more than one bearer token source (VIGIL_BEARER_TOKEN, a bearer token command): keep one")
        #expect(problem { $0.bearerTokenFile = "/t"; $0.basicAuthUser = "u" } == "both a bearer token and basic auth are set: keep one")
        #expect(problem { $0.basicAuthPasswordFile = "/p" } == "a basic auth password file without a user")
        #expect(problem { $0.maxConcurrentRequests = 0 } == "max concurrent requests must be at least 1, not 0")
        #expect(problem { $0.headers = ["bad"] } == "malformed header 'bad': expected 'Name: value'")
    }
}
