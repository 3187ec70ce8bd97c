import Testing
@testable import VigilSources
@testable import VigilPrometheus

@Suite(.timeLimit(.minutes(5))) struct ProfileParsingTests {
    @Test func aProfileKeepsPanelsAndQueriesInFileOrderWithTheirLines() throws {
        let profile = try ProfileLoader.parse("""
            name: demo
            description: A demo
            detect: [up, node_cpu_seconds_total]
            panels:
              operators:
                title: Memory & filesystems
                queries:
                  - series: vigil_usage_ratio
                    expr: 1 - a / b
                  - expr: |
                      sum by (code) (
                        apiserver_request_total
                      )
              down:
                queries:
                  - {series: up, expr: up}
            """, file: "demo.yaml")
        #expect(profile.name == "demo" && profile.description == "A demo" && profile.file == "demo.yaml")
        #expect(profile.detect == ["up", "node_cpu_seconds_total"])
        #expect(profile.panels.map(\.id) == ["operators", "down"])
        let operators = try #require(profile.panel("operators"))
        #expect(operators.title == "Memory & filesystems")
        #expect(operators.queries == [
            ProfileQuery(series: "vigil_usage_ratio", expr: "1 - a / b", line: 8),
            // A block scalar's final newline is not part of the query.
            ProfileQuery(series: nil, expr: "sum by (code) (\n  apiserver_request_total\n)", line: 10),
        ])
        #expect(profile.panel("down")?.title == nil)
        #expect(profile.panel("down")?.queries == [ProfileQuery(series: "up", expr: "up", line: 16)])
        #expect(profile.panel("cpu") == nil)
        #expect(profile.allQueries.count == 3)
    }

    @Test func descriptionAndDetectAreOptional() throws {
        let profile = try ProfileLoader.parse(ProfileFixtures.minimal(name: "bare"), file: "bare.yaml")
        #expect(profile.description == "" && profile.detect == [])
    }

    @Test(arguments: ProfileFixtures.bundledNames)
    func eachBundledProfileParses(name: String) throws {
        let profile = try ProfileFixtures.bundled(name)
        #expect(profile.name == name)
        #expect(profile.file.hasSuffix("profiles/\(name).yaml"))
        #expect(!profile.description.isEmpty && !profile.detect.isEmpty)
        #expect(profile.panels.allSatisfy { ProfilePanel.knownIDs.contains($0.id) && !$0.queries.isEmpty })
        // Every bundled query names the canonical series it feeds, and there is the CPU pair.
        #expect(profile.allQueries.allSatisfy { $0.series != nil })
        let cpu = try #require(profile.panel("cpu"))
        #expect(cpu.queries.map(\.series) == ["cluster:cpu_usage_cores:sum", "cluster:capacity_cpu_cores:sum"])
        #expect(profile.panel("alerts")?.queries.map(\.expr) == ["ALERTS"])
        #expect(profile.panel("down")?.queries.contains { $0.series == "up" } == true)
    }

    @Test func openshiftFeedsTheCanonicalSeriesAsTheyAre() throws {
        let profile = try ProfileFixtures.bundled("openshift")
        #expect(profile.detect == ["cluster_operator_conditions", "cluster_version"])
        #expect(profile.panels.map(\.id) == ["header", "operators", "alerts", "apiErrors", "down", "cpu"])
        #expect(profile.panel("operators")?.queries.map(\.expr)
            == [#"cluster_operator_conditions{condition=~"Degraded|Available"}"#, "cluster_operator_up"])
        #expect(profile.panel("apiErrors")?.queries
            .map { "\($0.series ?? "") = \($0.expr)" } == ["apiserver_request_total = sum by (code) (apiserver_request_total)"])
        let header = try #require(profile.panel("header"))
        #expect(header.queries.compactMap(\.series) == [
            "cluster_version", "kube_node_role", "kube_node_status_condition",
            "cluster:cpu_usage_cores:sum", "cluster:capacity_cpu_cores:sum", "apiserver_storage_objects",
        ])
        // The object count under any of its three names, one `or` chain (folded from lines).
        let objects = try #require(header.queries.last?.expr)
        #expect(["apiserver_storage_objects", "apiserver_resource_objects", "etcd_object_counts"].allSatisfy(objects.contains))
        #expect(!objects.contains("\n"))
    }

    @Test func kubernetesMapsWorkloadsToOperatorConditions() throws {
        let profile = try ProfileFixtures.bundled("kubernetes")
        let operators = try #require(profile.panel("operators"))
        #expect(operators.title == "Unavailable workloads")
        #expect(operators.queries.allSatisfy { $0.series == "cluster_operator_conditions" })
        #expect(operators.queries[0].expr.contains("kube_deployment_status_replicas_unavailable"))
        #expect(operators.queries.allSatisfy { $0.expr.contains("> bool 0") && $0.expr.contains(#""Degraded""#) })
    }

    @Test func nodeHasNoAPIErrorsAndFeedsUsageRatios() throws {
        let profile = try ProfileFixtures.bundled("node")
        #expect(profile.detect == ["node_cpu_seconds_total"])
        #expect(profile.panel("apiErrors") == nil)
        let operators = try #require(profile.panel("operators"))
        #expect(operators.title == "Memory & filesystems")
        #expect(operators.queries.map(\.series) == ["vigil_usage_ratio", "vigil_usage_ratio"])
        #expect(profile.panel("down")?.queries.map(\.expr) == ["up"])
    }
}
