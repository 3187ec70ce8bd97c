import Foundation
import VigilCore

/// A synthetic fleet with known truth, for judging fleet scorers: N clusters on several versions,
/// etcd object counts per resource, operator conditions and firing alerts every `step` seconds,
/// with faults of known kinds and onsets injected in a known subset, and one version-wide
/// regression that every cluster of that version shares (which must not be flagged per cluster).
public struct FleetGenerator: Sendable {
    public enum Fault: String, Sendable, CaseIterable {
        /// One operator's Degraded condition flips every few minutes.
        case operatorFlapping = "operator-flapping"
        /// One etcd resource grows steadily.
        case resourceGrowth = "resource-growth"
        /// Several alerts start firing at once and keep firing.
        case alertStorm = "alert-storm"
        /// The API server's share of 5xx answers rises tenfold (no alert fires for it).
        case apiErrors = "api-errors"
    }

    /// Platforms clusters run on. Bare metal answers more API errors as a matter of course (slower
    /// disks): compared across platforms, every bare-metal cluster would look odd.
    static let platforms = ["aws", "azure", "gcp", "baremetal"]

    public struct Truth: Sendable, Equatable {
        public var cluster: String
        public var fault: Fault
        /// Seconds since the fleet's start.
        public var onset: Double
    }

    /// One sample, the shape both scorers read.
    public struct Point: Sendable {
        public var cluster: String
        /// `etcd_object_counts` (label resource), `cluster_operator_conditions` (label
        /// `operator/condition`), `alerts` (label alertname), `cluster_version` (label version),
        /// `cluster_platform` (label platform), `cluster_nodes` (value: nodes), `api_error_share`
        /// (value: the share of API answers that are 5xx).
        public var metric: String
        public var label: String
        public var time: Double
        public var value: Double
    }

    public struct Fleet: Sendable {
        public var clusters: [String]
        public var versions: [String: String]
        public var platforms: [String: String]
        public var nodes: [String: Double]
        public var truth: [Truth]
        /// The version every cluster of which regresses, and when.
        public var regressedVersion: String
        public var regressionOnset: Double
        /// Every sample, in time order (then cluster, metric, label).
        public var points: [Point]
        public var duration: Double
        public var step: Double
        /// Seconds since 1970 of the first sample.
        public var start: Double
    }

    public var clusters = 100
    public var versions = 4
    public var duration: Double = 6 * 3600
    public var step: Double = 60
    /// Share of clusters with a fault.
    public var faultyShare = 0.2
    public var seed: UInt64 = 1
    /// Seconds since 1970 of the first sample (0: times count from the start).
    public var start: Double = 0

    public init() {}

    static let resources = ["pods", "events", "secrets", "configmaps", "deployments.apps", "replicasets.apps", "services",
                            "endpoints", "serviceaccounts", "roles.rbac.authorization.k8s.io", "rolebindings.rbac.authorization.k8s.io",
                            "namespaces", "nodes", "persistentvolumeclaims", "jobs.batch", "cronjobs.batch",
                            "routes.route.openshift.io", "builds.build.openshift.io", "imagestreams.image.openshift.io", "leases.coordination.k8s.io"]
    static let operators = ["authentication", "console", "dns", "etcd", "ingress", "kube-apiserver", "monitoring", "network",
                            "openshift-apiserver", "storage"]

    public func generate() -> Fleet {
        var rng = SplitMix64(seed: seed)
        let versionNames = (0..<max(1, versions)).map { "4.14.\($0 + 1)" }
        let names = (0..<clusters).map { String(format: "cluster-%04d", $0) }
        var versionOf: [String: String] = [:]
        for (i, c) in names.enumerated() { versionOf[c] = versionNames[i % versionNames.count] }
        // The regressing version: its clusters are never picked as faulty, so the regression is the only change they see.
        let regressed = versionNames[versionNames.count > 2 ? 2 : versionNames.count - 1]
        let regressionOnset = duration * 0.5
        // Per resource: a typical level and how much it churns per step (relative).
        let baseLevel = Self.resources.map { _ in 50 + 2000 * rng.unit() }
        let churn = Self.resources.map { _ in 0.001 + 0.02 * rng.unit() * rng.unit() }
        var truth: [Truth] = []
        var faultOf: [String: Truth] = [:]
        let candidates = names.filter { versionOf[$0] != regressed }
        let faultyCount = Int((Double(clusters) * faultyShare).rounded())
        var pool = candidates
        for k in 0..<min(faultyCount, pool.count) {
            let i = Int(rng.next() % UInt64(pool.count))
            let c = pool.remove(at: i)
            let t = Truth(cluster: c, fault: Fault.allCases[k % Fault.allCases.count],
                          onset: ((duration / 3 + rng.unit() * duration / 3) / step).rounded() * step)
            truth.append(t)
            faultOf[c] = t
        }

        struct State {
            var size: Double
            var counts: [Double]
            var churnFactor: [Double]
            var crashLoopUntil = -1.0
            var blip: [Int: Double] = [:]   // operator index → until
            var faultResource = 0
            var faultOperator = 0
        }
        var states: [String: State] = [:]
        var platformOf: [String: String] = [:], nodesOf: [String: Double] = [:]
        for (i, c) in names.enumerated() {
            platformOf[c] = Self.platforms[(i / max(1, versionNames.count)) % Self.platforms.count]
            let size = exp(0.6 * rng.gaussian())
            nodesOf[c] = max(3, (6 * size).rounded())
            states[c] = State(size: size, counts: baseLevel.map { ($0 * size).rounded() },
                              churnFactor: Self.resources.map { _ in 0.7 + 0.6 * rng.unit() },
                              faultResource: Int(rng.next() % UInt64(Self.resources.count)),
                              faultOperator: Int(rng.next() % UInt64(Self.operators.count)))
        }
        var points: [Point] = []
        points.reserveCapacity(clusters * Int(duration / step) * (Self.resources.count + Self.operators.count + 2))
        var t = 0.0
        while t < duration {
            for c in names {
                guard var s = states[c] else { continue }
                let version = versionOf[c] ?? versionNames[0]
                let fault = faultOf[c].flatMap { t >= $0.onset ? $0 : nil }
                let regressing = version == regressed && t >= regressionOnset
                let at = start + t
                points.append(Point(cluster: c, metric: "cluster_version", label: version, time: at, value: 1))
                let platform = platformOf[c] ?? Self.platforms[0]
                points.append(Point(cluster: c, metric: "cluster_platform", label: platform, time: at, value: 1))
                points.append(Point(cluster: c, metric: "cluster_nodes", label: "", time: at, value: nodesOf[c] ?? 3))
                // API 5xx share: 0.2 % (2 % on bare metal), noisy; tenfold under the fault.
                var share = (platform == "baremetal" ? 0.02 : 0.002) * exp(0.3 * rng.gaussian())
                if fault?.fault == .apiErrors { share *= 10 }
                points.append(Point(cluster: c, metric: "api_error_share", label: "api-5xx-share", time: at, value: min(1, share)))
                // etcd object counts: a random walk around the cluster's level.
                for r in 0..<Self.resources.count {
                    var rel = churn[r] * s.churnFactor[r] * (regressing && r == 0 ? 2 : 1)
                    if fault?.fault == .resourceGrowth, r == s.faultResource { rel = churn[r] * s.churnFactor[r] }
                    var next = s.counts[r] + (baseLevel[r] * s.size) * rel * rng.gaussian()
                    // Pull back toward the level, so healthy counts stay put over hours.
                    next += (baseLevel[r] * s.size - next) * 0.05
                    if fault?.fault == .resourceGrowth, r == s.faultResource { next = s.counts[r] + baseLevel[r] * s.size * 0.01 }
                    s.counts[r] = max(0, next.rounded())
                    points.append(Point(cluster: c, metric: "etcd_object_counts", label: Self.resources[r], time: at, value: s.counts[r]))
                }
                // Operators: Degraded 0, with a rare one-sample blip; the faulty one flaps.
                for (o, name) in Self.operators.enumerated() {
                    if rng.chance(0.0005) { s.blip[o] = t + step }
                    var degraded = (s.blip[o] ?? -1) >= t
                    if fault?.fault == .operatorFlapping, o == s.faultOperator, let onset = fault?.onset {
                        degraded = Int((t - onset) / (3 * step)) % 2 == 0
                    }
                    points.append(Point(cluster: c, metric: "cluster_operator_conditions", label: "\(name)/Degraded", time: at,
                                        value: degraded ? 1 : 0))
                }
                // Alerts: Watchdog always; crash loops now and then; the storm; the regression.
                var firing = ["Watchdog"]
                if s.crashLoopUntil < t, rng.chance(0.002) { s.crashLoopUntil = t + step * Double(rng.int(10...30)) }
                if s.crashLoopUntil >= t { firing.append("KubePodCrashLooping") }
                if fault?.fault == .alertStorm {
                    firing += ["KubeAPIErrorsHigh", "KubeClientErrors", "TargetDown", "KubeDeploymentReplicasMismatch", "etcdHighNumberOfFailedGRPCRequests"]
                }
                if regressing { firing.append("ClusterOperatorDegraded") }
                for a in firing { points.append(Point(cluster: c, metric: "alerts", label: a, time: at, value: 1)) }
                states[c] = s
            }
            t += step
        }
        let absolute = truth.map { Truth(cluster: $0.cluster, fault: $0.fault, onset: start + $0.onset) }
        return Fleet(clusters: names, versions: versionOf, platforms: platformOf, nodes: nodesOf, truth: absolute, regressedVersion: regressed,
                     regressionOnset: start + regressionOnset, points: points, duration: duration, step: step, start: start)
    }
}

extension FleetGenerator {
    /// A dashboard profile whose `fleet:` queries read what `writeOpenMetrics` writes (cluster label
    /// `cluster`), for tests and benchmarks against a Prometheus holding a generated fleet.
    public static let profileYAML = """
        name: fleettest
        detect: [cluster_version]
        panels:
          alerts:
            queries:
              - series: ALERTS
                expr: ALERTS
        fleet:
          cluster_label: cluster
          version: {expr: 'max by (cluster, version) (cluster_version)', label: version}
          counts: {expr: 'sum by (cluster, resource) (etcd_object_counts)', label: resource}
          conditions: {expr: 'max by (cluster, name) (cluster_operator_conditions{condition="Degraded"})', label: name}
          alerts: {expr: 'count by (cluster, alertname) (ALERTS{alertstate="firing"})', label: alertname}
          platform: {expr: 'max by (cluster, platform) (cluster_platform)', label: platform}
          nodes: {expr: 'max by (cluster) (cluster_nodes)'}
          levels:
            - name: api-5xx-share
              expr: 'max by (cluster) (api_error_share)'
        """
}

extension FleetGenerator.Fleet {
    /// The fleet as OpenMetrics text for `promtool tsdb create-blocks-from openmetrics`: each cluster
    /// labelled `cluster`; `cluster_version{version}`, `cluster_platform{platform}`, `cluster_nodes`,
    /// `api_error_share`, `etcd_object_counts{resource}`,
    /// `cluster_operator_conditions{name, condition="Degraded"}` and `ALERTS{alertname,
    /// alertstate="firing"}` (present only while firing), timestamps in seconds.
    public func writeOpenMetrics(to file: URL) throws {
        var series: [String: [(Double, Double)]] = [:]
        var order: [String: [String]] = [:]
        for p in points {
            let (family, labels): (String, String) = switch p.metric {
            case "cluster_version": ("cluster_version", "cluster=\"\(p.cluster)\",version=\"\(p.label)\"")
            case "etcd_object_counts": ("etcd_object_counts", "cluster=\"\(p.cluster)\",resource=\"\(p.label)\"")
            case "cluster_platform": ("cluster_platform", "cluster=\"\(p.cluster)\",platform=\"\(p.label)\"")
            case "cluster_nodes", "api_error_share": (p.metric, "cluster=\"\(p.cluster)\"")
            case "cluster_operator_conditions":
                ("cluster_operator_conditions", "cluster=\"\(p.cluster)\",condition=\"Degraded\",name=\"\(p.label.split(separator: "/").first ?? "")\"")
            default: ("ALERTS", "alertname=\"\(p.label)\",alertstate=\"firing\",cluster=\"\(p.cluster)\"")
            }
            let key = family + "{" + labels + "}"
            if series[key] == nil { order[family, default: []].append(key) }
            series[key, default: []].append((p.time, p.value))
        }
        var out = ""
        for family in ["ALERTS", "api_error_share", "cluster_nodes", "cluster_operator_conditions", "cluster_platform", "cluster_version",
                       "etcd_object_counts"] {
            out += "# TYPE \(family) gauge\n"
            for key in order[family] ?? [] {
                for (t, v) in series[key] ?? [] { out += "\(key) \(v == v.rounded() ? String(Int(v)) : "\(v)") \(Int(t))\n" }
            }
        }
        out += "# EOF\n"
        try Data(out.utf8).write(to: file)
    }
}
