import Testing
@testable import VigilSources
@testable import VigilPrometheus

@Suite(.timeLimit(.minutes(5))) struct ProfileDetectionTests {
    private let bundled: [DashboardProfile]

    init() throws {
        bundled = try ProfileLoader(searchPaths: [ProfileFixtures.bundledDirectory]).bundled()
    }

    @Test func bundledComeInDetectionOrder() {
        #expect(bundled.map(\.name) == ["openshift", "kubernetes", "node", "telemetry", "vigil"])
    }

    /// A Prometheus that scrapes only vigil serves (many clusters, one screen) gets the vigil
    /// profile; one that also scrapes node_exporter keeps the node profile.
    @Test func aPrometheusOfVigilServesIsTheVigilProfile() {
        #expect(ProfileLoader.detect(among: bundled, metricNames: ["up", "vigil_build_info"])?.name == "vigil")
        #expect(ProfileLoader.detect(among: bundled, metricNames: ["up", "vigil_build_info", "node_cpu_seconds_total"])?.name == "node")
    }

    /// Each bundled profile says what its operators panel means when empty: only OpenShift has
    /// operators, and a node profile with no rows has no figures (not a healthy state).
    @Test func bundledProfilesNameTheirOwnEmptyTexts() throws {
        let texts = Dictionary(uniqueKeysWithValues: bundled.map { ($0.name, LiveSource.info($0).emptyTexts["operators"]) })
        #expect(texts["openshift"]??.text == "all operators available, none degraded")
        #expect(texts["kubernetes"]??.text == "all workloads have their replicas")
        #expect(texts["node"]??.healthy == false)
        // The vigil profile has no operators panel (it says "not in this profile").
        #expect(bundled.first { $0.name == "vigil" }?.panels.contains { $0.id == "operators" } == false)
        let telemetry = bundled.first { $0.name == "telemetry" }?.fleet
        #expect(telemetry?.clusterLabel == "_id")
        #expect(telemetry?.platform?.label == "type" && telemetry?.nodes != nil && telemetry?.levels.map(\.name) == ["api-5xx-share"])
        for (name, t) in texts where name != "openshift" && name != "vigil" && name != "telemetry" { #expect(t?.text.contains("operators") == false, "\(name)") }
    }

    @Test func openshiftWinsOverKubernetesAndNode() {
        // An OpenShift cluster has every metric the other two look for.
        let names: Set = ["cluster_version", "kube_node_status_condition", "kube_deployment_status_replicas_unavailable",
                          "node_cpu_seconds_total", "up"]
        #expect(ProfileLoader.detect(among: bundled, metricNames: names)?.name == "openshift")
        #expect(ProfileLoader.detect(among: bundled, metricNames: ["cluster_operator_conditions"])?.name == "openshift")
    }

    @Test func kubernetesWinsOverNode() {
        #expect(ProfileLoader.detect(among: bundled, metricNames: ["kube_node_status_condition", "node_cpu_seconds_total"])?.name
            == "kubernetes")
        #expect(ProfileLoader.detect(among: bundled, metricNames: ["kube_deployment_status_replicas_unavailable"])?.name
            == "kubernetes")
    }

    @Test func nodeExporterAloneIsTheNodeProfile() {
        #expect(ProfileLoader.detect(among: bundled, metricNames: ["node_cpu_seconds_total", "up"])?.name == "node")
    }

    @Test func nothingFitsAPrometheusWithNoneOfTheNames() {
        #expect(ProfileLoader.detect(among: bundled, metricNames: ["up", "prometheus_build_info"]) == nil)
        #expect(ProfileLoader.detect(among: bundled, metricNames: []) == nil)
        #expect(ProfileLoader.detect(among: [], metricNames: ["cluster_version"]) == nil)
    }

    @Test func otherProfilesComeAfterTheBundledOnesByName() throws {
        let zeta = try ProfileLoader.parse(ProfileFixtures.minimal(name: "zeta", detect: ["up"]), file: "zeta.yaml")
        let alpha = try ProfileLoader.parse(ProfileFixtures.minimal(name: "alpha", detect: ["up", "node_cpu_seconds_total"]),
                                            file: "alpha.yaml")
        let all = [zeta, alpha] + bundled
        #expect(ProfileLoader.detect(among: all, metricNames: ["up"])?.name == "alpha")
        #expect(ProfileLoader.detect(among: all, metricNames: ["node_cpu_seconds_total"])?.name == "node")
        // A profile with no detect names is only ever chosen by name.
        let manual = try ProfileLoader.parse(ProfileFixtures.minimal(name: "aaa"), file: "aaa.yaml")
        #expect(ProfileLoader.detect(among: [manual], metricNames: ["up"]) == nil)
    }
}
