import Testing
@testable import VigilSources
@testable import VigilPrometheus

/// Flags over environment over config file.
@Suite(.timeLimit(.minutes(5))) struct LiveSettingsPrecedenceTests {
    @Test func eachFieldComesFromTheHighestLayerThatSetsIt() throws {
        let path = try ConfigFixtures.file("""
            prometheus: https://thanos.example:9091
            alertmanager: https://am.example
            ca_file: /etc/file-ca.pem
            insecure_skip_tls_verify: false
            refresh: 1m
            profile: kubernetes
            max_concurrent_requests: 8
            """)
        defer { ConfigFixtures.remove(path) }
        let file = try LiveSettings.loadConfigFile(path)
        let env = LiveSettings.fromEnvironment([
            "VIGIL_PROMETHEUS_URL": "https://env-prom:9091", "VIGIL_CA_FILE": "/etc/env-ca.pem", "VIGIL_REFRESH": "45s",
            "VIGIL_PROFILE": "",  // empty: unset
        ])
        var flags = LiveSettings()
        flags.prometheus = "http://localhost:9090"
        flags.insecureSkipTLSVerify = true

        let merged = flags.overriding(env.overriding(file))
        #expect(merged.prometheus == "http://localhost:9090")        // flag
        #expect(merged.caFile == "/etc/env-ca.pem")                   // environment
        #expect(merged.refresh == 45)                                 // environment
        #expect(merged.insecureSkipTLSVerify == true)                 // flag over the file's false
        #expect(merged.alertmanager == "https://am.example")          // file
        #expect(merged.profile == "kubernetes")                       // file (the variable was empty)
        #expect(merged.maxConcurrentRequests == 8)                    // file
    }

    @Test func nothingSetAnywhereStaysUnset() {
        let merged = LiveSettings().overriding(LiveSettings.fromEnvironment([:]).overriding(LiveSettings()))
        #expect(merged == LiveSettings())
    }

    @Test func headersAreConcatenatedLowerFirstWithSameNameReplaced() {
        var file = LiveSettings()
        file.headers = ["X-Scope-OrgID: tenant-a", "X-Trace: 1"]
        var env = LiveSettings()
        env.headers = ["X-Extra: e"]
        var flags = LiveSettings()
        flags.headers = ["x-scope-orgid: tenant-b"]
        #expect(flags.overriding(env.overriding(file)).headers == ["X-Trace: 1", "X-Extra: e", "x-scope-orgid: tenant-b"])
        // A layer may repeat a header on purpose; both are kept.
        var twice = LiveSettings()
        twice.headers = ["Accept: a", "Accept: b"]
        #expect(twice.overriding(LiveSettings()).headers == ["Accept: a", "Accept: b"])
    }

    @Test func credentialsOverrideAsAGroup() {
        var file = LiveSettings()
        file.bearerTokenCommand = "oc whoami -t"
        file.basicAuthUser = "admin"
        var env = LiveSettings.fromEnvironment(["VIGIL_BEARER_TOKEN": "sha256~abc\n"])
        #expect(env.bearerToken == "sha256~abc")
        var merged = env.overriding(file)
        #expect(merged.bearerToken == "sha256~abc" && merged.bearerTokenCommand == nil && merged.basicAuthUser == nil)
        // A layer that says nothing about credentials leaves the lower one's.
        env.bearerToken = nil
        merged = env.overriding(file)
        #expect(merged.bearerTokenCommand == "oc whoami -t" && merged.basicAuthUser == "admin")
    }

    @Test func theEnvironmentVariables() {
        let env = LiveSettings.fromEnvironment([
            "VIGIL_PROMETHEUS_URL": "https://p", "VIGIL_ALERTMANAGER_URL": "https://a", "VIGIL_BEARER_TOKEN": "t",
            "VIGIL_BEARER_TOKEN_FILE": "/tok", "VIGIL_CA_FILE": "/ca", "VIGIL_PROFILE": "node", "VIGIL_REFRESH": "15",
            "UNRELATED": "x",
        ])
        var expected = LiveSettings()
        expected.prometheus = "https://p"
        expected.alertmanager = "https://a"
        expected.bearerToken = "t"
        expected.bearerTokenFile = "/tok"
        expected.caFile = "/ca"
        expected.profile = "node"
        expected.refresh = 15
        #expect(env == expected)
    }

    @Test func aBadRefreshVariableIsSkippedOrReported() throws {
        #expect(LiveSettings.fromEnvironment(["VIGIL_REFRESH": "soon"]).refresh == nil)
        let error = #expect(throws: ConfigError.self) { try LiveSettings.checkedFromEnvironment(["VIGIL_REFRESH": "soon"]) }
        #expect(error?.description == "environment: VIGIL_REFRESH='soon' is not a duration (e.g. 30s, 1m, 15)")
        #expect(try LiveSettings.checkedFromEnvironment(["VIGIL_REFRESH": "2m"]).refresh == 120)
    }
}
