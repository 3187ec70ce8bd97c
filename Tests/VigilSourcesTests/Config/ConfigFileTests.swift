import Foundation
import Testing
@testable import VigilSources
@testable import VigilPrometheus

@Suite(.timeLimit(.minutes(5))) struct ConfigFileTests {
    private func load(_ text: String) throws -> LiveSettings {
        let path = try ConfigFixtures.file(text)
        defer { ConfigFixtures.remove(path) }
        return try LiveSettings.loadConfigFile(path)
    }

    /// The error's description with the scratch path replaced by "config.yaml".
    private func error(_ text: String) -> String? {
        guard let path = try? ConfigFixtures.file(text) else { return "cannot write the scratch file" }
        defer { ConfigFixtures.remove(path) }
        do {
            _ = try LiveSettings.loadConfigFile(path)
            return nil
        } catch {
            return "\(error)".replacingOccurrences(of: path, with: "config.yaml")
        }
    }

    @Test func everyKeyIsRead() throws {
        let settings = try load("""
            # Vigil
            prometheus: https://thanos-querier.openshift-monitoring.svc:9091
            alertmanager: https://alertmanager.example
            bearer_token_file: /var/run/secrets/token
            basic_auth:
              user: admin
              password_file: /etc/vigil/password
            ca_file: /etc/vigil/ca.pem
            insecure_skip_tls_verify: true
            headers:
              - "X-Scope-OrgID: tenant"
            refresh: 1m30s
            profile: openshift
            max_concurrent_requests: 4
            """)
        #expect(settings.prometheus == "https://thanos-querier.openshift-monitoring.svc:9091")
        #expect(settings.alertmanager == "https://alertmanager.example")
        #expect(settings.bearerTokenFile == "/var/run/secrets/token")
        #expect(settings.basicAuthUser == "admin" && settings.basicAuthPasswordFile == "/etc/vigil/password")
        #expect(settings.caFile == "/etc/vigil/ca.pem" && settings.insecureSkipTLSVerify == true)
        #expect(settings.headers == ["X-Scope-OrgID: tenant"])
        #expect(settings.refresh == 90 && settings.profile == "openshift" && settings.maxConcurrentRequests == 4)
        #expect(settings.bearerToken == nil)
    }

    @Test func missingOrEmptyFileGivesEmptySettings() throws {
        #expect(try LiveSettings.loadConfigFile("/nonexistent/vigil/config.yaml") == LiveSettings())
        #expect(try load("") == LiveSettings())
        #expect(try load("# only a comment\n") == LiveSettings())
    }

    @Test func refreshIsADurationOrANumberOfSeconds() throws {
        #expect(try load("refresh: 30s").refresh == 30)
        #expect(try load("refresh: 15").refresh == 15)
        #expect(try load("refresh: 2.5").refresh == 2.5)
        #expect(try load("refresh: 500ms").refresh == 0.5)
        #expect(error("refresh: 0") == "config.yaml:1: refresh must be a duration such as 30s, 1m or 15 (seconds), not '0'")
        #expect(error("\nrefresh: often") == "config.yaml:2: refresh must be a duration such as 30s, 1m or 15 (seconds), not 'often'")
    }

    @Test func headersMayBeAMapping() throws {
        #expect(try load("headers:\n  X-Scope-OrgID: tenant\n  X-Other: 2\n").headers == ["X-Scope-OrgID: tenant", "X-Other: 2"])
    }

    @Test func relativePathsAreRelativeToTheFile() throws {
        let path = try ConfigFixtures.file("ca_file: certs/ca.pem\nbearer_token_file: ~/token\n")
        defer { ConfigFixtures.remove(path) }
        let settings = try LiveSettings.loadConfigFile(path)
        #expect(settings.caFile == "\((path as NSString).deletingLastPathComponent)/certs/ca.pem")
        #expect(settings.bearerTokenFile == "\(NSHomeDirectory())/token")
    }

    @Test func aBearerTokenInTheFileIsRejectedWithWhatToDoInstead() throws {
        let text = try #require(error("prometheus: https://p\nbearer_token: sha256~secret\n"))
        #expect(text.hasPrefix("config.yaml:2: bearer_token is not read from the config file: secrets do not belong in config files."))
        #expect(text.contains("bearer_token_file") && !text.contains("sha256~secret"))
        let password = try #require(error("basic_auth:\n  user: a\n  password: hunter2\n"))
        #expect(password.hasPrefix("config.yaml:3: basic_auth.password is not read from the config file"))
        #expect(password.contains("password_file") && !password.contains("hunter2"))
    }

    @Test func mistakesNameTheFileAndLine() {
        #expect(error("prometheus: https://p\nprometheus_url: https://q\n")?.hasPrefix(
            "config.yaml:2: unknown key 'prometheus_url' in the config file (expected one of: prometheus, alertmanager,") == true)
        #expect(error("basic_auth:\n  user: a\n  pasword_file: /p\n")
            == "config.yaml:3: unknown key 'pasword_file' in basic_auth (expected one of: user, password_file, password)")
        #expect(error("basic_auth:\n  password_file: /p\n") == "config.yaml:2: basic_auth needs a user")
        #expect(error("insecure_skip_tls_verify: maybe\n")
            == "config.yaml:1: insecure_skip_tls_verify must be true or false, not text")
        #expect(error("max_concurrent_requests: 0\n") == "config.yaml:1: max_concurrent_requests must be a whole number of at least 1")
        #expect(error("headers: X-A: b\n")?.hasPrefix("config.yaml:1: YAML syntax error: mapping values are not allowed") == true)
        #expect(error("headers:\n  - \"X-A b\"\n") == "config.yaml:2: malformed header 'X-A b': expected 'Name: value'")
        #expect(error("headers: \"X-A: b\"\n") == "config.yaml:1: headers must be a list, not text")
        #expect(error("prometheus: [a]\n") == "config.yaml:1: prometheus must be text, not a list")
        #expect(error("- prometheus\n") == "config.yaml:1: the config file must be a mapping, not a list")
        #expect(error("prometheus: a\nprometheus: b\n") == "config.yaml:2: duplicate key 'prometheus': each key may appear once in a mapping")
        #expect(error("prometheus: \"https://p\n")?.hasPrefix("config.yaml:2: YAML syntax error:") == true)
    }

    @Test func theDefaultPathFollowsXDG() {
        #expect(LiveSettings.defaultConfigPath(environment: ["XDG_CONFIG_HOME": "/cfg", "HOME": "/home/u"]) == "/cfg/vigil/config.yaml")
        #expect(LiveSettings.defaultConfigPath(environment: ["XDG_CONFIG_HOME": "", "HOME": "/home/u"])
            == "/home/u/.config/vigil/config.yaml")
        #expect(LiveSettings.defaultConfigPath(environment: ["HOME": "/home/u"]) == "/home/u/.config/vigil/config.yaml")
    }
}
