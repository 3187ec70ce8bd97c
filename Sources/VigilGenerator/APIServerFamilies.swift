import Foundation
import VigilCore
import VigilSources

/// Control-plane families: `apiserver_request_total`, `apiserver_storage_objects`,
/// `etcd_server_leader_changes_seen_total`.
struct APIServerFamilies {
    let story: IncidentStory
    let targets: ScrapeTargets
    let seed: UInt64
    private var clock: StoryClock { story.clock }

    /// One request series: normal rate (per second, at average load), how much of it the storm
    /// takes away, and the rate the storm adds at its peak.
    private struct Requests {
        let verb: String, resource: String, code: String
        let rate: Double
        var drop = 0.0
        var storm = 0.0
    }

    private static let requests: [Requests] = [
        Requests(verb: "GET", resource: "pods", code: "200", rate: 28, drop: 0.3),
        Requests(verb: "GET", resource: "configmaps", code: "200", rate: 22, drop: 0.3),
        Requests(verb: "GET", resource: "secrets", code: "200", rate: 15, drop: 0.3),
        Requests(verb: "GET", resource: "nodes", code: "200", rate: 9, drop: 0.25),
        Requests(verb: "GET", resource: "leases", code: "200", rate: 38, drop: 0.45),
        Requests(verb: "LIST", resource: "pods", code: "200", rate: 3.2, drop: 0.35),
        Requests(verb: "LIST", resource: "nodes", code: "200", rate: 0.6, drop: 0.3),
        Requests(verb: "WATCH", resource: "pods", code: "200", rate: 0.4, storm: 0.8),
        Requests(verb: "POST", resource: "pods", code: "201", rate: 0.08, storm: 0.05),
        Requests(verb: "POST", resource: "events", code: "201", rate: 2.4, drop: 0.2, storm: 3),
        Requests(verb: "POST", resource: "tokenreviews", code: "201", rate: 6.5, drop: 0.3),
        Requests(verb: "PUT", resource: "leases", code: "200", rate: 36, drop: 0.45),
        Requests(verb: "PATCH", resource: "pods", code: "200", rate: 1.8, drop: 0.2, storm: 1.2),
        Requests(verb: "DELETE", resource: "pods", code: "200", rate: 0.07, storm: 0.04),
        Requests(verb: "GET", resource: "pods", code: "404", rate: 0.9),
        Requests(verb: "PUT", resource: "leases", code: "409", rate: 0.05, storm: 1.5),
        Requests(verb: "POST", resource: "configmaps", code: "409", rate: 0.04),
        Requests(verb: "LIST", resource: "pods", code: "429", rate: 0.002, storm: 2),
        Requests(verb: "GET", resource: "leases", code: "500", rate: 0.001, storm: 0.3),
        Requests(verb: "GET", resource: "leases", code: "503", rate: 0.0005, storm: 30),
        Requests(verb: "PUT", resource: "leases", code: "503", rate: 0.0005, storm: 24),
        Requests(verb: "LIST", resource: "pods", code: "503", rate: 0.0003, storm: 6),
        Requests(verb: "GET", resource: "pods", code: "503", rate: 0.0005, storm: 9),
        Requests(verb: "GET", resource: "configmaps", code: "503", rate: 0.0004, storm: 7),
        Requests(verb: "LIST", resource: "pods", code: "504", rate: 0.0001, storm: 1.5),
        Requests(verb: "GET", resource: "configmaps", code: "504", rate: 0.0001, storm: 1.2),
    ]

    func build() -> [MetricFamily] { [requestTotals(), storageObjects(), leaderChanges()] }

    /// Counters since the apiservers last restarted (about five days before the window): they only
    /// grow, by the rate times the step with a little noise.
    func requestTotals() -> MetricFamily {
        var f = MetricFamily("apiserver_request", .counter, help: "Counter of apiserver requests broken out for each verb, dry run value, group, version, resource, scope, component, and HTTP response code.")
        let uptime = 460_000.0
        for spec in Self.requests {
            var rng = SplitMix64(seed: seed, stream: "requests/\(spec.verb)/\(spec.resource)/\(spec.code)")
            var total = (spec.rate * uptime * (0.9 + 0.2 * rng.unit())).rounded()
            var values: [Double?] = []
            for i in 0..<clock.count {
                let storm = story.storm(at: i)
                let normal = spec.rate * StoryClock.season(clock.time(i)) * (1 - spec.drop * storm)
                let extra = spec.storm * storm * max(0, 1 + 0.15 * rng.gaussian())
                let expected = (normal + extra) * Double(clock.step)
                // Rare codes: a Poisson-like trickle rather than a fractional count per step.
                let increment = expected < 1 ? (rng.chance(expected) ? 1 : 0)
                    : max(0, (expected * (1 + 0.04 * rng.gaussian())).rounded())
                if i > 0 { total += increment }
                values.append(total)
            }
            f.add(["verb": spec.verb, "resource": spec.resource, "code": spec.code], values)
        }
        return f
    }

    /// Object counts in etcd: slow growth, pods and replica sets churning while the upgrade
    /// rolls, events piling up during the incident and expiring after their three-hour TTL.
    func storageObjects() -> MetricFamily {
        var f = MetricFamily("apiserver_storage_objects", .gauge, help: "Number of stored objects at the time of last check split by kind.")
        let counts: [(String, Double, Double)] = [   // resource, count at start, growth per hour
            ("pods", 412, 0.6), ("configmaps", 1290, 1.2), ("secrets", 2045, 1.5),
            ("replicasets.apps", 980, 0.4), ("deployments.apps", 214, 0), ("services", 148, 0.1),
            ("endpointslices.discovery.k8s.io", 236, 0.1), ("serviceaccounts", 586, 0.3),
            ("rolebindings.rbac.authorization.k8s.io", 1103, 0.3),
            ("clusterroles.rbac.authorization.k8s.io", 742, 0),
            ("customresourcedefinitions.apiextensions.k8s.io", 143, 0),
            ("leases.coordination.k8s.io", 96, 0), ("namespaces", 78, 0), ("nodes", 6, 0),
            ("imagestreams.image.openshift.io", 61, 0),
        ]
        for (resource, start, growth) in counts {
            var rng = SplitMix64(seed: seed, stream: "objects/" + resource)
            var v = start
            let pUp = growth * Double(clock.step) / 3600
            var values: [Double?] = []
            for i in 0..<clock.count {
                if rng.chance(pUp) { v += 1 }
                var shown = v
                if resource == "pods" {
                    // Replacement pods exist beside terminating ones while master-1 is gone.
                    shown += (i >= story.nodeUnknown && i < story.nodeReady ? 9 : 0) + Double(rng.int(-2...2))
                } else if resource == "replicasets.apps" {
                    // Each operator rolled to the new version leaves a new replica set behind.
                    shown += Double(story.upgrades.values.filter { $0.to <= i }.count)
                }
                values.append(shown)
            }
            f.add(["resource": resource], values)
        }
        f.add(["resource": "events"], events())
        return f
    }

    /// Events stored: created at a steady rate (faster in the incident), each kept three hours.
    private func events() -> [Double?] {
        var rng = SplitMix64(seed: seed, stream: "objects/events")
        let ttlSteps = max(1, 3 * 3600 / clock.step)
        let perStep = 0.22 * Double(clock.step)
        // Events created in the three hours before the window are still stored at its start.
        var created = (0..<ttlSteps).map { k in
            perStep * StoryClock.season(clock.start.addingTimeInterval(Double((k - ttlSteps) * clock.step)))
        }
        var stored = created.reduce(0, +)
        var out: [Double?] = []
        for i in 0..<clock.count {
            let now = perStep * StoryClock.season(clock.time(i)) * (1 + 6 * story.storm(at: i)) * max(0, 1 + 0.2 * rng.gaussian())
            created.append(now)
            stored += now - created[created.count - 1 - ttlSteps]
            out.append(stored.rounded())
        }
        return out
    }

    /// Each etcd member counts the leader elections it saw; a member's samples vanish while its
    /// metrics endpoint is down, and the counter carries on afterwards (the process never restarted).
    func leaderChanges() -> MetricFamily {
        var f = MetricFamily("etcd_server_leader_changes_seen", .counter, help: "The number of leader changes seen.")
        for (k, target) in targets.all.filter({ $0.job == "etcd" }).enumerated() {
            let before = Double(6 + k % 2)
            f.add(["job": "etcd", "instance": target.instance], (0..<clock.count).map { i in
                targets.isUp(target, at: i) ? before + Double(story.leaderChanges.filter { $0 <= i }.count) : nil
            })
        }
        return f
    }
}
