import Foundation
import VigilCore
import VigilSources

/// The cluster-version operator's families: `cluster_version`, `cluster_operator_up`,
/// `cluster_operator_conditions`, as it exports them during the upgrade and the incident.
struct OperatorFamilies {
    let story: IncidentStory
    private var clock: StoryClock { story.clock }

    func build() -> [MetricFamily] { [clusterVersion(), operatorUp(), operatorConditions()] }

    /// Each `type` carries a unix time as its value, as the CVO sets it: when the cluster was
    /// installed, when the running payload was built, when the last update completed, when the
    /// current one started.
    func clusterVersion() -> MetricFamily {
        let from = ClusterTopology.fromVersion, to = ClusterTopology.toVersion
        let installed = 1_772_444_477.0    // 2026-03-02T09:41:17Z
        let previousDone = 1_793_370_130.0 // 2026-10-30T14:22:10Z
        let fromBuilt = 1_792_592_405.0    // 2026-10-21T14:20:05Z, 4.15.12 payload
        let toBuilt = 1_795_002_911.0      // 2026-11-18T11:55:11Z, 4.15.14 payload
        let start = story.upgradeStart, done = story.upgradeDone, n = clock.count
        let startedAt = clock.time(start).timeIntervalSince1970
        var f = MetricFamily("cluster_version", .gauge, help: "Reports the version of the cluster in terms of seconds since the epoch. Type 'current' is the version being applied and the value is the creation date of the payload. The type 'desired' is returned if spec.desiredUpdate is set but the operator has not yet updated and the value is the most recent status transition time. The type 'completed' is the timestamp when the last image was successfully applied. The type 'cluster' is the creation date of the cluster version object and the current version. The type 'updating' is set when the cluster is transitioning to a new version but has not reached the completed state and is the time the update was started. The type 'initial' is set to the oldest entry in the history. The from_version label will be set to the last completed version, the initial version for 'cluster', or empty for 'initial'.")
        f.add(["type": "initial", "version": ClusterTopology.installVersion], count: n, value: installed) { _ in true }
        f.add(["type": "cluster", "version": ClusterTopology.installVersion], count: n, value: installed) { _ in true }
        f.add(["type": "current", "version": from, "from_version": from], count: n, value: fromBuilt) { $0 < start }
        f.add(["type": "current", "version": to, "from_version": from], count: n, value: toBuilt) { $0 >= start && $0 < done }
        f.add(["type": "current", "version": to, "from_version": to], count: n, value: toBuilt) { $0 >= done }
        f.add(["type": "completed", "version": from, "from_version": ClusterTopology.previousVersion],
              count: n, value: previousDone) { $0 < done }
        f.add(["type": "completed", "version": to, "from_version": from], count: n,
              value: clock.time(done).timeIntervalSince1970) { $0 >= done }
        f.add(["type": "desired", "version": to, "from_version": from], count: n, value: startedAt) { $0 >= start && $0 < done }
        f.add(["type": "updating", "version": to, "from_version": from], count: n, value: startedAt) { $0 >= start && $0 < done }
        return f
    }

    func operatorUp() -> MetricFamily {
        var f = MetricFamily("cluster_operator_up", .gauge, help: "1 if a cluster operator is Available=True.  0 otherwise, including if a cluster operator sets no Available condition.  The 'version' label tracks the 'operator' version.  The 'reason' label is passed through from the Available condition, unless the cluster operator sets no Available condition, in which case NoAvailableCondition is used.")
        for op in ClusterTopology.operators {
            let available = condition(op, "Available")
            let switchAt = story.upgrades[op]?.to ?? clock.count
            f.add(["name": op, "version": ClusterTopology.fromVersion],
                  (0..<clock.count).map { $0 < switchAt ? available[$0].value : nil })
            f.add(["name": op, "version": ClusterTopology.toVersion],
                  (0..<clock.count).map { $0 >= switchAt ? available[$0].value : nil })
        }
        return f
    }

    /// A condition whose reason changes becomes a new series, as in the real metric: the old
    /// one simply stops.
    func operatorConditions() -> MetricFamily {
        var f = MetricFamily("cluster_operator_conditions", .gauge, help: "Report the conditions for active cluster operators. 0 is False and 1 is True.")
        for op in ClusterTopology.operators {
            for cond in ["Available", "Degraded", "Progressing"] {
                let states = condition(op, cond)
                var reasons: [String] = []
                for s in states where !reasons.contains(s.reason) { reasons.append(s.reason) }
                for reason in reasons {
                    f.add(["name": op, "condition": cond, "reason": reason],
                          states.map { $0.reason == reason ? $0.value : nil })
                }
            }
        }
        return f
    }

    /// Value and reason of one operator condition at every sample.
    func condition(_ op: String, _ cond: String) -> [(value: Double, reason: String)] {
        let normal: Double = cond == "Available" ? 1 : 0
        var out = Array(repeating: (value: normal, reason: "AsExpected"), count: clock.count)
        if cond == "Progressing", let up = story.upgrades[op] {
            for i in up.from..<max(up.from, up.to) { out[i] = (1, up.reason) }
        }
        for change in story.changes where change.op == op && change.condition == cond {
            for i in change.from..<max(change.from, change.to) { out[i] = (1 - normal, change.reason) }
        }
        return out
    }
}
