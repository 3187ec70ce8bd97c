import Foundation
import Testing
@testable import VigilSources
@testable import VigilPrometheus

/// PromQL syntax is Prometheus' to judge, so the bundled expressions are checked by its own
/// tool: `check rules` for syntax, `test rules` for what the non-obvious ones return.
@Suite(.timeLimit(.minutes(5)), .enabled(if: Promtool.isInstalled, "promtool is not installed (CI installs it)"))
struct BundledProfilesPromtoolTests {
    @Test(arguments: ProfileFixtures.bundledNames)
    func everyExpressionIsValidPromQL(name: String) throws {
        let profile = try ProfileFixtures.bundled(name)
        var rules = "groups:\n  - name: \(name)\n    rules:\n"
        for panel in profile.panels {
            for (index, query) in panel.queries.enumerated() {
                rules += "      - record: vigil:\(panel.id):\(index + 1)\n        expr: \(Promtool.quoted(query.expr))\n"
            }
        }
        let result = try Promtool.run(["check", "rules", "rules.yaml"], files: ["rules.yaml": rules])
        #expect(result.status == 0, "\(result.output)")
        #expect(result.output.contains("SUCCESS: \(profile.allQueries.count) rules found"), "\(result.output)")
    }

    /// One `promtool test rules` group: input series, then (query, expected samples) pairs.
    private struct Case {
        var input: [(series: String, values: String)]
        var expectations: [(query: ProfileQuery, samples: [(labels: String, value: Double)])]

        var yaml: String {
            var text = "  - interval: 1m\n    input_series:\n"
            for series in input {
                text += "      - series: \(Promtool.quoted(series.series))\n        values: \(Promtool.quoted(series.values))\n"
            }
            text += "    promql_expr_test:\n"
            for expectation in expectations {
                text += "      - expr: \(Promtool.quoted(expectation.query.expr))\n        eval_time: 5m\n        exp_samples:\n"
                for sample in expectation.samples {
                    text += "          - labels: \(Promtool.quoted(sample.labels))\n            value: \(sample.value)\n"
                }
            }
            return text
        }
    }

    private func runCases(_ cases: [Case]) throws {
        let tests = "rule_files: []\nevaluation_interval: 1m\ntests:\n" + cases.map(\.yaml).joined()
        let result = try Promtool.run(["test", "rules", "tests.yaml"], files: ["tests.yaml": tests])
        #expect(result.status == 0, "\(result.output)\n\(tests)")
    }

    private func query(_ profile: DashboardProfile, _ panel: String, _ number: Int) throws -> ProfileQuery {
        let queries = try #require(profile.panel(panel)?.queries)
        try #require(queries.count >= number)
        return queries[number - 1]
    }

    @Test func kubernetesWorkloadsBecomeOperatorConditions() throws {
        let k8s = try ProfileFixtures.bundled("kubernetes")
        // Two kube-state-metrics replicas report the same deployment: it must show once.
        let input: [(String, String)] = [
            (#"kube_deployment_status_replicas_unavailable{namespace="a",deployment="web",instance="ksm-1"}"#, "2x10"),
            (#"kube_deployment_status_replicas_unavailable{namespace="a",deployment="web",instance="ksm-2"}"#, "2x10"),
            (#"kube_deployment_status_replicas_unavailable{namespace="b",deployment="db",instance="ksm-1"}"#, "0x10"),
            (#"kube_daemonset_status_number_unavailable{namespace="kube-system",daemonset="cni"}"#, "1x10"),
            (#"kube_statefulset_replicas{namespace="b",statefulset="pg"}"#, "3x10"),
            (#"kube_statefulset_status_replicas_ready{namespace="b",statefulset="pg"}"#, "2x10"),
        ]
        try runCases([Case(input: input, expectations: [
            (try query(k8s, "operators", 1), [
                (#"{name="a/web",namespace="a",deployment="web",condition="Degraded",reason="ReplicasUnavailable"}"#, 1),
                (#"{name="b/db",namespace="b",deployment="db",condition="Degraded",reason="ReplicasUnavailable"}"#, 0),
            ]),
            (try query(k8s, "operators", 2), [
                (#"{name="kube-system/cni",namespace="kube-system",daemonset="cni",condition="Degraded",reason="DaemonPodsUnavailable"}"#, 1),
            ]),
            (try query(k8s, "operators", 3), [
                (#"{name="b/pg",namespace="b",statefulset="pg",condition="Degraded",reason="ReplicasNotReady"}"#, 1),
            ]),
        ])])
    }

    @Test func kubernetesHeaderVersionCPUAndObjects() throws {
        let k8s = try ProfileFixtures.bundled("kubernetes")
        let withNodeExporter: [(String, String)] = [
            (#"kubernetes_build_info{job="apiserver",instance="m1",git_version="v1.30.2"}"#, "1x10"),
            (#"node_cpu_seconds_total{cpu="0",mode="user"}"#, "0+30x10"),
            (#"node_cpu_seconds_total{cpu="0",mode="idle"}"#, "0+30x10"),
            (#"container_cpu_usage_seconds_total{container="app",pod="p"}"#, "0+6x10"),
            (#"kube_node_status_capacity{node="n1",resource="cpu"}"#, "4x10"),
            (#"kube_node_status_capacity{node="n2",resource="cpu"}"#, "4x10"),
            (#"apiserver_storage_objects{resource="pods",instance="m1"}"#, "10x10"),
            (#"apiserver_storage_objects{resource="pods",instance="m2"}"#, "10x10"),
            (#"etcd_object_counts{resource="secrets",instance="m1"}"#, "7x10"),
        ]
        // Without node_exporter the containers' CPU use is taken; kube-state-metrics 1.x capacity.
        let cadvisorOnly: [(String, String)] = [
            (#"container_cpu_usage_seconds_total{container="app",pod="p"}"#, "0+6x10"),
            (#"container_cpu_usage_seconds_total{container="",pod="p"}"#, "0+600x10"),
            (#"container_cpu_usage_seconds_total{container="POD",pod="p"}"#, "0+600x10"),
            (#"kube_node_status_capacity_cpu_cores{node="n1"}"#, "2x10"),
        ]
        try runCases([
            Case(input: withNodeExporter, expectations: [
                (try query(k8s, "header", 1), [(#"{type="current",version="v1.30.2",git_version="v1.30.2"}"#, 1)]),
                (try query(k8s, "cpu", 1), [("{}", 0.5)]),
                (try query(k8s, "cpu", 2), [("{}", 8)]),
                (try query(k8s, "header", 6), [(#"{resource="pods"}"#, 10), (#"{resource="secrets"}"#, 7)]),
            ]),
            Case(input: cadvisorOnly, expectations: [
                (try query(k8s, "cpu", 1), [("{}", 0.1)]),
                (try query(k8s, "cpu", 2), [("{}", 2)]),
            ]),
        ])
    }

    @Test func nodeUsageRatiosAndCPU() throws {
        let node = try ProfileFixtures.bundled("node")
        let input: [(String, String)] = [
            (#"node_memory_MemAvailable_bytes{instance="h1",job="node"}"#, "25x10"),
            (#"node_memory_MemTotal_bytes{instance="h1",job="node"}"#, "100x10"),
            (#"node_filesystem_avail_bytes{instance="h1",job="node",mountpoint="/",fstype="ext4",device="sda1"}"#, "1x10"),
            (#"node_filesystem_size_bytes{instance="h1",job="node",mountpoint="/",fstype="ext4",device="sda1"}"#, "8x10"),
            (#"node_filesystem_avail_bytes{instance="h1",job="node",mountpoint="/run",fstype="tmpfs",device="tmpfs"}"#, "1x10"),
            (#"node_filesystem_size_bytes{instance="h1",job="node",mountpoint="/run",fstype="tmpfs",device="tmpfs"}"#, "8x10"),
            (#"node_cpu_seconds_total{instance="h1",cpu="0",mode="user"}"#, "0+30x10"),
            (#"node_cpu_seconds_total{instance="h1",cpu="0",mode="idle"}"#, "0+30x10"),
            (#"node_cpu_seconds_total{instance="h1",cpu="1",mode="system"}"#, "0+15x10"),
            (#"node_cpu_seconds_total{instance="h1",cpu="1",mode="idle"}"#, "0+45x10"),
        ]
        try runCases([Case(input: input, expectations: [
            (try query(node, "operators", 1), [(#"{name="memory",instance="h1"}"#, 0.75)]),
            (try query(node, "operators", 2), [(#"{name="/",instance="h1"}"#, 0.875)]),
            (try query(node, "cpu", 1), [("{}", 0.75)]),
            (try query(node, "cpu", 2), [("{}", 2)]),
        ])])
    }

    @Test func openshiftRequestCountsStayCountersPerCode() throws {
        let openshift = try ProfileFixtures.bundled("openshift")
        let input: [(String, String)] = [
            (#"apiserver_request_total{code="200",verb="GET",instance="m1"}"#, "0+60x10"),
            (#"apiserver_request_total{code="200",verb="LIST",instance="m2"}"#, "0+60x10"),
            (#"apiserver_request_total{code="503",verb="GET",instance="m1"}"#, "0+6x10"),
        ]
        try runCases([Case(input: input, expectations: [
            (try query(openshift, "apiErrors", 1), [(#"{code="200"}"#, 600), (#"{code="503"}"#, 30)]),
        ])])
    }
}
