import Testing
@testable import VigilSources
@testable import VigilPrometheus

@Suite(.timeLimit(.minutes(5))) struct LiveSettingsRedactionTests {
    @Test func secretsAreRedactedAndTheRestShown() {
        var settings = LiveSettings()
        settings.prometheus = "https://admin:s3cret@prom.example:9091/prefix"
        settings.bearerToken = "sha256~tokenvalue"
        settings.bearerTokenFile = "/run/token"
        settings.headers = ["Authorization: Bearer abc", "Cookie: session=xyz", "X-Auth-Token: t0k", "X-API-Key: k3y",
                            "X-Scope-OrgID: tenant-a", "garbage-with-secret"]
        settings.refresh = 30
        settings.insecureSkipTLSVerify = true
        let text = settings.redactedDescription
        for secret in ["s3cret", "tokenvalue", "abc", "xyz", "t0k", "k3y", "garbage-with-secret"] {
            #expect(!text.contains(secret), "\(secret) leaked: \(text)")
        }
        #expect(text == "prometheus=https://admin:<redacted>@prom.example:9091/prefix bearer_token=<redacted> "
            + "bearer_token_file=/run/token insecure_skip_tls_verify=true headers=[Authorization: <redacted>, "
            + "Cookie: <redacted>, X-Auth-Token: <redacted>, X-API-Key: <redacted>, X-Scope-OrgID: tenant-a, <redacted>] refresh=30s")
    }

    @Test func emptySettingsSaySo() {
        #expect(LiveSettings().redactedDescription == "(no settings)")
    }

    @Test func urlsWithoutPasswordsAreUnchanged() {
        #expect(LiveSettings.redactingURL("https://user@host/x?y=1") == "https://user@host/x?y=1")
        #expect(LiveSettings.redactingURL("http://localhost:9090") == "http://localhost:9090")
    }
}
