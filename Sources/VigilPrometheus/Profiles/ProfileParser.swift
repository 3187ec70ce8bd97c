import VigilSources
import Foundation
import Yams

/// Reads a profile's YAML into a `DashboardProfile`, checking all that can be checked without a
/// Prometheus (keys, panel ids, queries, the counter rule) so that a mistake is reported with
/// its file, line and panel when the profile loads rather than as an empty panel later.
enum ProfileParser {
    static let profileKeys = ["name", "description", "detect", "panels", "fleet"]
    static let fleetKeys = ["cluster_label", "version", "counts", "conditions", "alerts", "platform", "nodes", "levels"]
    static let fleetValueKeys = ["expr"]
    static let fleetLevelKeys = ["name", "expr"]
    static let fleetQueryKeys = ["expr", "label"]
    static let panelKeys = ["title", "queries", "empty", "empty_is_healthy"]
    static let queryKeys = ["series", "expr"]

    static func parse(_ yaml: String, file: String) throws(ProfileError) -> DashboardProfile {
        // The panel being read, so that any problem inside it names it.
        var panel: String?
        do throws(YAMLProblem) {
            guard let root = try YAMLDocument.compose(yaml) else {
                throw YAMLProblem(line: 1, "the file is empty: a profile needs at least name and panels")
            }
            let top = try root.requireMapping("a profile", allowed: profileKeys)
            guard let nameNode = top["name"] else {
                throw YAMLProblem(line: top.line, "missing name (the profile's name, e.g. name: openshift)")
            }
            let name = try nameNode.requireScalarText("name").trimmingCharacters(in: .whitespaces)
            guard !name.isEmpty else { throw YAMLProblem(line: nameNode.line, "name is empty") }
            let description = try top["description"].map { node throws(YAMLProblem) in
                try node.requireScalarText("description")
            } ?? ""
            let detect = try detectNames(top["detect"])
            guard let panelsEntry = top.entry("panels") else {
                throw YAMLProblem(line: top.line, "missing panels (a mapping from panel id to its queries)")
            }
            guard case .mapping(let panelsMapping) = panelsEntry.value else {
                throw YAMLProblem(line: panelsEntry.value.line ?? panelsEntry.keyLine,
                                  "panels must be a mapping from panel id to its queries, not \(panelsEntry.value.kindDescription)")
            }
            guard !panelsMapping.isEmpty else { throw YAMLProblem(line: panelsEntry.keyLine, "panels is empty") }
            var panels: [ProfilePanel] = []
            for (key, value) in panelsMapping {
                let id = key.scalar?.string ?? key.kindDescription
                panel = id
                try checkPanelID(id, line: key.line)
                panels.append(try parsePanel(id: id, value))
            }
            panel = nil
            let fleet = try top["fleet"].map { node throws(YAMLProblem) in try parseFleet(node) }
            return DashboardProfile(name: name, file: file, description: description, detect: detect, panels: panels, fleet: fleet)
        } catch {
            if let key = error.duplicateKey, ProfilePanel.knownIDs.contains(key) {
                throw ProfileError(file: file, line: error.line, panel: key,
                                   message: "defined twice (each panel appears once under panels)")
            }
            throw ProfileError(file: file, line: error.line, panel: panel, message: error.message)
        }
    }

    private static func detectNames(_ node: Node?) throws(YAMLProblem) -> [String] {
        guard let node else { return [] }
        var names: [String] = []
        for item in try node.requireList("detect") {
            let name = try item.requireString("each detect entry")
            guard MetricName.isValid(name) else {
                throw YAMLProblem(line: item.line, "detect entry '\(name)' is not a metric name")
            }
            names.append(name)
        }
        return names
    }

    private static func checkPanelID(_ id: String, line: Int?) throws(YAMLProblem) {
        guard !ProfilePanel.knownIDs.contains(id) else { return }
        var message = "unknown panel id (the overview has: \(ProfilePanel.knownIDs.joined(separator: ", ")))"
        // Case is the likeliest slip (`apierrors`), worth naming outright.
        if let near = ProfilePanel.knownIDs.first(where: { $0.lowercased() == id.lowercased() }) {
            message += "; did you mean '\(near)'?"
        }
        throw YAMLProblem(line: line, message)
    }

    private static func parsePanel(id: String, _ node: Node) throws(YAMLProblem) -> ProfilePanel {
        let mapping = try node.requireMapping("the panel", allowed: panelKeys)
        let title = try mapping["title"].map { node throws(YAMLProblem) in try node.requireScalarText("title") }
        let empty = try mapping["empty"].map { node throws(YAMLProblem) in try node.requireScalarText("empty") }
        let emptyIsHealthy = try mapping["empty_is_healthy"].map { node throws(YAMLProblem) in try node.requireBool("empty_is_healthy") } ?? true
        guard let queriesEntry = mapping.entry("queries") else {
            throw YAMLProblem(line: mapping.line, "missing queries (a list of {series, expr})")
        }
        let items = try queriesEntry.value.requireList("queries")
        guard !items.isEmpty else { throw YAMLProblem(line: queriesEntry.keyLine, "queries is empty") }
        var queries: [ProfileQuery] = []
        for (index, item) in items.enumerated() {
            queries.append(try parseQuery(number: index + 1, item))
        }
        return ProfilePanel(id: id, title: title, queries: queries, empty: empty, emptyIsHealthy: emptyIsHealthy)
    }

    private static func parseFleet(_ node: Node) throws(YAMLProblem) -> ProfileFleet {
        let mapping = try node.requireMapping("fleet", allowed: fleetKeys)
        let clusterLabel = try mapping["cluster_label"].map { n throws(YAMLProblem) in try n.requireString("fleet's cluster_label") } ?? "cluster"
        guard !clusterLabel.isEmpty else { throw YAMLProblem(line: node.line, "fleet's cluster_label is empty") }
        func query(_ key: String) throws(YAMLProblem) -> ProfileFleet.Query? {
            guard let n = mapping[key] else { return nil }
            let m = try n.requireMapping("fleet's \(key)", allowed: fleetQueryKeys)
            guard let exprNode = m["expr"], let labelNode = m["label"] else {
                throw YAMLProblem(line: n.line, "fleet's \(key) needs expr (a query by cluster) and label (the label that names the dimension)")
            }
            let expr = try exprNode.requireString("fleet's \(key) expr").trimmingCharacters(in: .whitespacesAndNewlines)
            let label = try labelNode.requireString("fleet's \(key) label")
            guard !expr.isEmpty, !label.isEmpty else { throw YAMLProblem(line: n.line, "fleet's \(key) has an empty expr or label") }
            return ProfileFleet.Query(expr: expr, label: label)
        }
        guard let version = try query("version") else {
            throw YAMLProblem(line: node.line, "fleet needs version: {expr, label} (each cluster's version: its peer group)")
        }
        var nodes: String?
        if let n = mapping["nodes"] {
            let m = try n.requireMapping("fleet's nodes", allowed: fleetValueKeys)
            guard let exprNode = m["expr"] else { throw YAMLProblem(line: n.line, "fleet's nodes needs expr (each cluster's node count, by cluster)") }
            nodes = try exprNode.requireString("fleet's nodes expr").trimmingCharacters(in: .whitespacesAndNewlines)
            guard nodes?.isEmpty == false else { throw YAMLProblem(line: n.line, "fleet's nodes has an empty expr") }
        }
        var levels: [ProfileFleet.Level] = []
        if let n = mapping["levels"] {
            for item in try n.requireList("fleet's levels") {
                let m = try item.requireMapping("a fleet level", allowed: fleetLevelKeys)
                guard let nameNode = m["name"], let exprNode = m["expr"] else {
                    throw YAMLProblem(line: item.line, "a fleet level needs name (what it measures, e.g. api-5xx-share) and expr (one number per cluster)")
                }
                let name = try nameNode.requireString("a fleet level's name").trimmingCharacters(in: .whitespaces)
                let expr = try exprNode.requireString("fleet level \(name)'s expr").trimmingCharacters(in: .whitespacesAndNewlines)
                guard !name.isEmpty, !expr.isEmpty else { throw YAMLProblem(line: item.line, "a fleet level has an empty name or expr") }
                guard !levels.contains(where: { $0.name == name }) else { throw YAMLProblem(line: item.line, "fleet level \(name) is named twice") }
                levels.append(ProfileFleet.Level(name: name, expr: expr))
            }
        }
        return ProfileFleet(clusterLabel: clusterLabel, version: version, counts: try query("counts"),
                            conditions: try query("conditions"), alerts: try query("alerts"),
                            platform: try query("platform"), nodes: nodes, levels: levels)
    }

    private static func parseQuery(number: Int, _ node: Node) throws(YAMLProblem) -> ProfileQuery {
        let what = "query \(number)"
        let mapping = try node.requireMapping(what, allowed: queryKeys)
        var series: String?
        if let seriesNode = mapping["series"] {
            let name = try seriesNode.requireString("\(what)'s series")
            guard MetricName.isValid(name) else {
                throw YAMLProblem(line: seriesNode.line, "\(what)'s series '\(name)' is not a metric name")
            }
            series = name
        }
        guard let exprNode = mapping["expr"] else { throw YAMLProblem(line: node.line, "\(what) has no expr") }
        if case .scalar = exprNode, exprNode.tagName == .null {
            throw YAMLProblem(line: exprNode.line, "\(what) has an empty expr")
        }
        let expr = try exprNode.requireString("\(what)'s expr").trimmingCharacters(in: .whitespacesAndNewlines)
        guard !expr.isEmpty else { throw YAMLProblem(line: exprNode.line, "\(what) has an empty expr") }
        if let problem = ProfileQueryLint.problem(series: series, expr: expr) {
            throw YAMLProblem(line: exprNode.line, "\(what): \(problem)")
        }
        return ProfileQuery(series: series, expr: expr, line: node.line ?? 0)
    }
}
