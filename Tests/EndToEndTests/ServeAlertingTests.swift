import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing
import VigilLiveHarness

/// The alerting path end to end, with the real servers: `vigil serve --replay sample-data` → a real
/// Prometheus scraping it with the rules shipped in deploy/ → the alert reaches a real
/// Alertmanager. Also: `promtool check metrics` on a scrape, `promtool check rules` on the rules,
/// OpenMetrics on request, readiness, and a graceful SIGTERM.
@Suite(.timeLimit(.minutes(5)), .serialized,
       .enabled(if: ProcessInfo.processInfo.environment["VIGIL_SKIP_LIVE_TESTS"] != "1"))
struct ServeAlertingTests {
    static let session: URLSession = {
        let config = URLSessionConfiguration.ephemeral
        config.timeoutIntervalForRequest = 10
        config.connectionProxyDictionary = [:]
        return URLSession(configuration: config)
    }()

    static func get(_ url: URL, accept: String? = nil) async throws -> (status: Int, type: String, body: String) {
        var request = URLRequest(url: url)
        if let accept { request.setValue(accept, forHTTPHeaderField: "Accept") }
        let (data, response) = try await session.data(for: request)
        let http = response as? HTTPURLResponse
        return (http?.statusCode ?? -1, http?.value(forHTTPHeaderField: "Content-Type") ?? "", String(decoding: data, as: UTF8.self))
    }

    static var rulesFile: URL { packageRoot().appendingPathComponent("deploy/prometheus/vigil-rules.yml") }

    /// The shipped rules with every `for:` shortened to 0s: the test cannot wait ten minutes,
    /// and everything else (expressions, windows, labels) is as shipped.
    static func rulesForTest() throws -> String {
        let text = try String(contentsOf: rulesFile, encoding: .utf8)
        return text.replacingOccurrences(of: #"for: [0-9]+[smh]"#, with: "for: 0s", options: .regularExpression)
    }

    @Test func aReplayedIncidentFiresTheShippedRulesThroughPrometheusIntoAlertmanager() async throws {
        guard let binary = vigilBinary() else { return }
        let promtool = try ServerBinaries.require("promtool")
        let rulesCheck = try ProcessRunner.run(promtool, ["check", "rules", Self.rulesFile.path], timeout: 60, allowFailure: true)
        #expect(rulesCheck.status == 0, "promtool check rules: \(rulesCheck.stdout) \(rulesCheck.stderr)")

        let state = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-serve-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: state) }
        let serve = try RealServers.vigilServe(binary: binary, arguments: [
            "--replay", packageRoot().appendingPathComponent("sample-data").path,
            "--speed", "600", "--loop", "--state-dir", state.path, "--log-format", "json"])
        defer { serve.stop() }

        // Ready once the replay answered.
        var ready = false
        for _ in 0..<100 where !ready {
            ready = try await Self.get(serve.url.appendingPathComponent("-/ready")).status == 200
            if !ready { try await Task.sleep(for: .milliseconds(200)) }
        }
        #expect(ready, "never ready: \(serve.logTail())")

        // A scrape passes promtool's lint and holds the per-series families; OpenMetrics on request.
        try await Task.sleep(for: .seconds(3))
        let scrape = try await Self.get(serve.url.appendingPathComponent("metrics"))
        #expect(scrape.status == 200)
        for family in ["vigil_series_expected", "vigil_series_anomaly_score", "vigil_series_anomalous",
                       "vigil_log_lines_read_total", "vigil_anomalies_raised_total", "vigil_build_info"] {
            #expect(scrape.body.contains("\n\(family)"), "no \(family) in /metrics")
        }
        let file = state.appendingPathComponent("scrape.txt")
        try Data(scrape.body.utf8).write(to: file)
        let lint = try ProcessRunner.run("/bin/sh", ["-c", "\"$0\" check metrics < \"$1\"", promtool, file.path],
                                         timeout: 60, allowFailure: true)
        #expect(lint.status == 0 && lint.stdout.isEmpty && lint.stderr.isEmpty,
                "promtool check metrics: \(lint.status) \(lint.stdout) \(lint.stderr)")
        let om = try await Self.get(serve.url.appendingPathComponent("metrics"),
                                    accept: "application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5")
        #expect(om.type.hasPrefix("application/openmetrics-text"))
        #expect(om.body.hasSuffix("# EOF\n"))

        // Prometheus scrapes it, evaluates the shipped rules, sends to Alertmanager.
        let alertmanager = try RealServers.alertmanager()
        defer { alertmanager.stop() }
        let target = "127.0.0.1:\(serve.url.port ?? 0)"
        let prometheus = try RealServers.prometheus(scrape: [(job: "vigil", target: target)], rules: [try Self.rulesForTest()],
                                                    alertmanager: alertmanager.url)
        defer { prometheus.stop() }
        var fired: [String] = []
        let deadline = Date().addingTimeInterval(120)
        while fired.isEmpty, Date() < deadline {
            try await Task.sleep(for: .seconds(1))
            let alerts = try await Self.get(alertmanager.url.appendingPathComponent("api/v2/alerts"))
            let list = (try? JSONSerialization.jsonObject(with: Data(alerts.body.utf8))) as? [[String: Any]] ?? []
            // By name: a rule that aggregates (sum by template) drops the job label.
            fired = list.compactMap { ($0["labels"] as? [String: String])?["alertname"] }.filter { $0.hasPrefix("Vigil") }
        }
        #expect(!fired.isEmpty, "no vigil alert reached Alertmanager in 120 s; prometheus: \(prometheus.logTail(1500)) vigil: \(serve.logTail(1500))")
        #expect(fired.contains("VigilLogTemplateBurst") || fired.contains("VigilClusterAnomalous"), "fired: \(fired)")

        // SIGTERM: a graceful stop, status 0, the log model saved.
        kill(serve.pid, SIGTERM)
        var status: Int32?
        for _ in 0..<150 where status == nil {
            status = serve.exitStatus
            if status == nil { try await Task.sleep(for: .milliseconds(100)) }
        }
        #expect(status == 0, "exit \(String(describing: status)): \(serve.logTail())")
        let log = serve.logTail(100_000)
        #expect(log.contains("\"msg\":\"stopped\""), "\(log.suffix(800))")
        // JSON logs: every line one object.
        for line in log.split(separator: "\n") {
            #expect((try? JSONSerialization.jsonObject(with: Data(line.utf8))) is [String: Any], "not JSON: \(line)")
        }
    }

    @Test func thePrometheusRuleHoldsTheSameRulesAsTheRulesFile() throws {
        let rules = try String(contentsOf: Self.rulesFile, encoding: .utf8)
        let crd = try String(contentsOf: packageRoot().appendingPathComponent("deploy/kubernetes/prometheusrule.yaml"), encoding: .utf8)
        func groups(_ text: String, indent: Int) -> [String] {
            var out: [String] = []
            var inside = false
            for raw in text.split(separator: "\n") {
                let line = String(raw)
                if line.trimmingCharacters(in: .whitespaces) == "groups:" { inside = true }
                guard inside, !line.trimmingCharacters(in: .whitespaces).isEmpty else { continue }
                let spaces = line.prefix { $0 == " " }.count
                out.append(String(line.dropFirst(min(indent, spaces))))
            }
            return out
        }
        #expect(groups(rules, indent: 0) == groups(crd, indent: 2))
        #expect(groups(rules, indent: 0).count > 10)
    }
}
