import Testing
@testable import VigilSources
@testable import VigilPrometheus

/// Each mistake a profile can hold is reported with its file, line and (inside a panel) panel.
@Suite(.timeLimit(.minutes(5))) struct ProfileValidationTests {
    private func error(_ yaml: String) -> String? {
        ProfileFixtures.parseError(yaml, file: "p.yaml")?.description
    }

    @Test func unknownPanelIDNamesThePanelAndTheKnownOnes() {
        let text = error("""
            name: x
            panels:
              down:
                queries: [{expr: up}]
              disks:
                queries: [{expr: up}]
            """)
        #expect(text == "p.yaml:5: panel 'disks': unknown panel id (the overview has: header, operators, alerts, apiErrors, down, cpu, anomaly)")
    }

    @Test func aPanelIDInTheWrongCaseGetsASuggestion() {
        let text = error("name: x\npanels:\n  apierrors:\n    queries: [{expr: up}]\n")
        #expect(text?.hasPrefix("p.yaml:3: panel 'apierrors': unknown panel id") == true)
        #expect(text?.hasSuffix("did you mean 'apiErrors'?") == true)
    }

    @Test func unknownKeysAreErrorsAtEveryLevel() {
        #expect(error("name: x\ndetecct: [up]\npanels: {down: {queries: [{expr: up}]}}\n")
            == "p.yaml:2: unknown key 'detecct' in a profile (expected one of: name, description, detect, panels, fleet)")
        #expect(error("name: x\npanels:\n  down:\n    queris: [{expr: up}]\n")
            == "p.yaml:4: panel 'down': unknown key 'queris' in the panel (expected one of: title, queries, empty, empty_is_healthy)")
        #expect(error("name: x\npanels:\n  down:\n    queries:\n      - expr: up\n        sereis: up\n")
            == "p.yaml:6: panel 'down': unknown key 'sereis' in query 1 (expected one of: series, expr)")
    }

    /// The fleet section's peer labels and levels, and their mistakes.
    @Test func fleetPlatformNodesAndLevels() throws {
        let head = "name: x\npanels: {down: {queries: [{expr: up}]}}\nfleet:\n  version: {expr: v, label: version}\n"
        let ok = try ProfileLoader.parse(head + """
              platform: {expr: p, label: type}
              nodes: {expr: n}
              levels:
                - {name: api-5xx-share, expr: e}
            """, file: "p.yaml")
        #expect(ok.fleet?.platform == ProfileFleet.Query(expr: "p", label: "type"))
        #expect(ok.fleet?.nodes == "n" && ok.fleet?.levels == [ProfileFleet.Level(name: "api-5xx-share", expr: "e")])
        #expect(error(head + "  nodes: {expr: n, label: x}\n")
            == "p.yaml:5: unknown key 'label' in fleet's nodes (expected one of: expr)")
        #expect(error(head + "  levels:\n    - {name: a}\n")?.contains("a fleet level needs name") == true)
        #expect(error(head + "  levels:\n    - {name: a, expr: e}\n    - {name: a, expr: f}\n")?.contains("fleet level a is named twice") == true)
        #expect(error(head + "  levels: {name: a}\n")?.contains("fleet's levels must be a list") == true)
    }

    @Test func missingExprNamesTheQueryNumberAndItsLine() {
        let text = error("""
            name: x
            panels:
              alerts:
                queries:
                  - series: ALERTS
                    expr: ALERTS
                  - series: ALERTS
            """)
        #expect(text == "p.yaml:7: panel 'alerts': query 2 has no expr")
    }

    @Test func emptyExprIsAnError() {
        #expect(error("name: x\npanels:\n  down:\n    queries:\n      - expr: \"  \"\n")
            == "p.yaml:5: panel 'down': query 1 has an empty expr")
        // `expr:` with nothing after it is YAML's null.
        #expect(error("name: x\npanels:\n  down:\n    queries:\n      - series: up\n        expr:\n")
            == "p.yaml:6: panel 'down': query 1 has an empty expr")
    }

    @Test func nonStringExprIsAnError() {
        #expect(error("name: x\npanels:\n  down:\n    queries:\n      - expr: 42\n")
            == "p.yaml:5: panel 'down': query 1's expr must be text, not a number")
        #expect(error("name: x\npanels:\n  down:\n    queries:\n      - expr: [up]\n")
            == "p.yaml:5: panel 'down': query 1's expr must be text, not a list")
        #expect(error("name: x\npanels:\n  down:\n    queries:\n      - expr: {a: b}\n")
            == "p.yaml:5: panel 'down': query 1's expr must be text, not a mapping")
        // Quoting says the author meant text.
        #expect(error("name: x\npanels:\n  down:\n    queries:\n      - expr: \"42\"\n") == nil)
    }

    @Test func missingOrEmptyName() {
        #expect(error("panels:\n  down:\n    queries: [{expr: up}]\n")
            == "p.yaml:1: missing name (the profile's name, e.g. name: openshift)")
        #expect(error("name: \"\"\npanels:\n  down:\n    queries: [{expr: up}]\n") == "p.yaml:1: name is empty")
    }

    @Test func missingOrMalformedPanelsAndQueries() {
        #expect(error("name: x\n") == "p.yaml:1: missing panels (a mapping from panel id to its queries)")
        #expect(error("name: x\npanels: [down]\n")
            == "p.yaml:2: panels must be a mapping from panel id to its queries, not a list")
        #expect(error("name: x\npanels: {}\n") == "p.yaml:2: panels is empty")
        #expect(error("name: x\npanels:\n  down:\n    title: Down\n")
            == "p.yaml:4: panel 'down': missing queries (a list of {series, expr})")
        #expect(error("name: x\npanels:\n  down:\n    queries: []\n") == "p.yaml:4: panel 'down': queries is empty")
        #expect(error("name: x\npanels:\n  down:\n    queries:\n      - up\n")
            == "p.yaml:5: panel 'down': query 1 must be a mapping, not text")
        #expect(error("name: x\npanels:\n  down:\n") == "p.yaml:3: panel 'down': the panel must be a mapping, not nothing (null)")
    }

    @Test func yamlSyntaxErrorsCarryYamsLine() {
        let text = error("""
            name: x
            panels:
              down:
                queries:
                  - expr: "up
            """)
        #expect(text == "p.yaml:5: YAML syntax error: found unexpected end of stream (while scanning a quoted scalar at line 5)")
        let tab = error("name: x\npanels:\n\tdown: {}\n")
        #expect(tab?.hasPrefix("p.yaml:3: YAML syntax error:") == true)
        #expect(error("") == "p.yaml:1: the file is empty: a profile needs at least name and panels")
        #expect(error("- a\n- b\n") == "p.yaml:1: a profile must be a mapping, not a list")
    }

    @Test func aDuplicatePanelNamesTheSecondOne() {
        let text = error("""
            name: x
            panels:
              down:
                queries: [{expr: up}]
              alerts:
                queries: [{expr: ALERTS}]
              down:
                queries: [{expr: up}]
            """)
        #expect(text == "p.yaml:7: panel 'down': defined twice (each panel appears once under panels)")
    }

    @Test func otherDuplicateKeysAreReported() {
        #expect(error("name: x\nname: y\npanels:\n  down:\n    queries: [{expr: up}]\n")
            == "p.yaml:2: duplicate key 'name': each key may appear once in a mapping")
    }

    @Test func aRateOfTheRequestCounterIsRejectedWithTheReason() throws {
        let text = try #require(error("""
            name: x
            panels:
              apiErrors:
                queries:
                  - series: apiserver_request_total
                    expr: sum by (code) (rate(apiserver_request_total[5m]))
            """))
        #expect(text.hasPrefix("p.yaml:6: panel 'apiErrors': query 1: the apiserver_request_total query uses rate()"))
        #expect(text.contains("return the counter itself") && text.contains("Vigil computes rates from successive samples"))
        // Without `series` the results keep the counter's name, so the rule still applies.
        #expect(error("name: x\npanels:\n  apiErrors:\n    queries:\n      - expr: irate(apiserver_request_total[1m])\n")?
            .contains("uses irate()") == true)
        // Rates of other metrics are fine: CPU cores in use is a gauge built from a counter.
        #expect(error("name: x\npanels:\n  cpu:\n    queries:\n      - series: cluster:cpu_usage_cores:sum\n        expr: sum(rate(node_cpu_seconds_total[5m]))\n") == nil)
    }

    @Test func seriesAndDetectMustBeMetricNames() {
        #expect(error("name: x\npanels:\n  down:\n    queries:\n      - series: not a name\n        expr: up\n")
            == "p.yaml:5: panel 'down': query 1's series 'not a name' is not a metric name")
        #expect(error("name: x\ndetect: [up, 1up]\npanels: {down: {queries: [{expr: up}]}}\n")
            == "p.yaml:2: detect entry '1up' is not a metric name")
        #expect(error("name: x\ndetect: up\npanels: {down: {queries: [{expr: up}]}}\n")
            == "p.yaml:2: detect must be a list, not text")
    }

    @Test func theDescriptionStartsWithFileAndLineOnlyWhenKnown() {
        #expect(ProfileError(file: "a.yaml", message: "m").description == "a.yaml: m")
        #expect(ProfileError(file: "a.yaml", line: 3, message: "m").description == "a.yaml:3: m")
        #expect(ProfileError(file: "a.yaml", line: 3, panel: "cpu", message: "m").description == "a.yaml:3: panel 'cpu': m")
    }
}
