import Foundation
import VigilCore
import VigilSources

/// The incident the sample data records, as sample indices on one `StoryClock`.
///
/// In default-window times (UTC): a 4.15.12 → 4.15.14 upgrade starts at 07:30; after etcd has
/// rolled, the disk under etcd on master-1 turns slow (07:55); leader elections start a 503 storm
/// (08:10, peak 08:25–08:35, over by 08:55); master-1 goes NotReady (08:14), Unknown (08:19) and
/// Ready again (08:52); operators degrade and recover by 09:25; the stalled upgrade resumes at 09:18
/// and completes at 09:58. `sample-data/README.md` tells the same story for people.
struct IncidentStory {
    /// One operator condition away from its normal value during [from, to).
    struct ConditionChange {
        let op: String
        let condition: String
        let reason: String
        let from: Int
        let to: Int
    }

    /// One alert: pending from `pending`, firing from `firing` (nil: never fires), until `end`
    /// (nil: still firing when the window closes).
    struct Episode {
        let name: String
        let severity: String
        let labels: [String: String]
        let pending: Int
        let firing: Int?
        let end: Int?
        var silenced = false
    }

    let clock: StoryClock
    let upgradeStart: Int
    let upgradeDone: Int
    /// Per operator: Progressing=True during [from, to); its version label changes at `to`.
    let upgrades: [String: (from: Int, to: Int, reason: String)]
    let nodeNotReady: Int
    let nodeUnknown: Int
    let nodeReady: Int
    let changes: [ConditionChange]
    let episodes: [Episode]
    /// Sample indices at which etcd elected a new leader.
    let leaderChanges: [Int]

    init(clock c: StoryClock) {
        clock = c
        upgradeStart = c.at(7, 30)
        upgradeDone = c.at(9, 58)
        upgrades = Self.upgradeSchedule(c)
        nodeNotReady = c.at(8, 14)
        nodeUnknown = c.at(8, 19)
        nodeReady = c.at(8, 52)
        leaderChanges = [c.at(8, 9, 30), c.at(8, 16), c.at(8, 21), c.at(8, 33)]
        changes = [
            ConditionChange(op: "etcd", condition: "Degraded", reason: "EtcdMembers_UnhealthyMembers",
                            from: c.at(8, 12), to: c.at(9, 0)),
            ConditionChange(op: "kube-apiserver", condition: "Degraded", reason: "NodeController_MasterNodesReady",
                            from: c.at(8, 16), to: c.at(9, 5)),
            ConditionChange(op: "kube-controller-manager", condition: "Degraded",
                            reason: "NodeController_MasterNodesReady", from: c.at(8, 17), to: c.at(8, 58)),
            ConditionChange(op: "authentication", condition: "Degraded", reason: "APIServerDeployment_UnavailablePod",
                            from: c.at(8, 20), to: c.at(9, 10)),
            ConditionChange(op: "authentication", condition: "Available",
                            reason: "OAuthServerServiceEndpointAccessibleController_EndpointUnavailable",
                            from: c.at(8, 24), to: c.at(8, 50)),
            ConditionChange(op: "openshift-apiserver", condition: "Degraded", reason: "APIServerDeployment_UnavailablePod",
                            from: c.at(8, 21), to: c.at(9, 2)),
            ConditionChange(op: "openshift-apiserver", condition: "Available", reason: "APIServices_Error",
                            from: c.at(8, 22), to: c.at(8, 48)),
            ConditionChange(op: "ingress", condition: "Degraded", reason: "IngressDegraded",
                            from: c.at(8, 25), to: c.at(8, 58)),
            ConditionChange(op: "monitoring", condition: "Degraded", reason: "UpdatingPrometheusK8SFailed",
                            from: c.at(8, 30), to: c.at(9, 25)),
        ]
        episodes = Self.alertEpisodes(c, changes: changes)
    }

    /// How hard the 503 storm blows, 0…1.
    func storm(at date: Date) -> Double {
        clock.envelope([(8, 10, 0), (8, 14, 0.35), (8, 19, 0.7), (8, 25, 1), (8, 35, 0.95), (8, 44, 0.6),
                        (8, 50, 0.25), (8, 55, 0.03), (9, 0, 0)], at: date)
    }

    func storm(at i: Int) -> Double { storm(at: clock.time(i)) }

    /// How slow etcd's disk on master-1 is, 0…1 (continuous, for log lines too).
    func etcdSlowness(at date: Date) -> Double {
        clock.envelope([(7, 55, 0), (8, 2, 0.3), (8, 9, 0.8), (8, 14, 1), (8, 30, 0.9), (8, 45, 0.5),
                        (8, 52, 0.2), (9, 0, 0)], at: date)
    }

    /// Extra CPU load from retries, re-lists and rescheduling, 0…1.
    func cpuLoad(at i: Int) -> Double {
        clock.envelope([(8, 8, 0), (8, 20, 0.8), (8, 30, 1), (8, 50, 0.6), (9, 10, 0.2), (9, 20, 0)], at: clock.time(i))
    }

    /// Whether master-1's own scrape targets answer at sample `i`.
    func troubledNodeReachable(_ i: Int) -> Bool { i < nodeUnknown || i >= nodeReady + 1 }

    private static func upgradeSchedule(_ c: StoryClock) -> [String: (from: Int, to: Int, reason: String)] {
        var out: [String: (from: Int, to: Int, reason: String)] = [
            "config-operator": (c.at(7, 31), c.at(7, 32), "Deploying"),
            "etcd": (c.at(7, 33), c.at(7, 47), "NodeInstaller"),
            // Stalls: its new revision cannot roll out while master-1 is sick.
            "kube-apiserver": (c.at(7, 47), c.at(9, 18), "NodeInstaller"),
            "kube-controller-manager": (c.at(9, 18), c.at(9, 23), "NodeInstaller"),
            "kube-scheduler": (c.at(9, 23), c.at(9, 27), "NodeInstaller"),
        ]
        var second = 0.0
        for op in ClusterTopology.operators where out[op] == nil {
            let length: Double = op == "machine-config" ? 240 : op == "monitoring" ? 180 : 60
            let reason = op == "monitoring" ? "RollOutInProgress" : "Deploying"
            out[op] = (c.at(9, 27, second), c.at(9, 27, second + length), reason)
            second += length
        }
        return out
    }
}
