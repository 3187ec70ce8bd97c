import Foundation

/// The reference fleet scorer ("weirdness", prometheus-flatliner), ported exactly: quirks included,
/// and floating-point operations in the reference's order, so that its score sum over the shared
/// fleet data is reproduced to the last digit (`vigil-lab eval fleet`). Vigil's own fleet scorer is
/// a different detector; this one is the yardstick.
///
/// One stream of series, each a cluster's samples of one metric, in the reference's input order:
/// - `cluster_version` sets its cluster's version (the latest wins) and goes no further; any other
///   series of a cluster whose version is not known yet waits, and is released (in arrival order)
///   when the version comes. Every series passes on stamped with its cluster's version.
/// - Each sample is one event: `alerts` samples go to the alert branch, `etcd_object_counts` samples
///   to the resource branch; other metrics count for nothing.
/// - Resource branch, per (cluster, resource): count, "mean" (the reference keeps the latest value
///   divided by the count, not a running mean) and m2 (`m2 += |(v − old mean)(v − new mean)|`), std =
///   `sqrt(m2 / (count − 1))`. The cluster's stored stds are then min-max normalised in place and
///   divided by `sqrt(#resources)` (a later normalisation sees the others already normalised; one
///   resource, or max == min, gives 0). The current resource's value updates the version baseline
///   (the mean of every value ever received for (version, resource)), then the cluster's stored
///   squared distance for that resource; the score is the root of the sum over its resources.
/// - Alert branch, per (cluster, alertname): frequency = samples in the last 30 minutes, normalised
///   in place the same way (one alertname, or max == min, gives 1); the version baseline per
///   (version, alertname) is the mean over clusters of each cluster's latest value; the score is the
///   L2 distance over the cluster's stored alertnames that the baseline has. The event is published
///   under the cluster's first alertname, not the one sampled (`Event.name` and `Event.trigger`).
public struct FlatlinerScorer: Sendable {
    public struct Series: Sendable {
        public var metric: String
        public var cluster: String
        /// `version` for `cluster_version`, `resource` for `etcd_object_counts`, `alertname` for `alerts`.
        public var label: String?
        /// The samples as given (the reference reads a count's value as an integer: truncated here).
        public var values: [(timestamp: Double, value: Double)]
        public init(metric: String, cluster: String, label: String?, values: [(timestamp: Double, value: Double)]) {
            self.metric = metric; self.cluster = cluster; self.label = label; self.values = values
        }
    }

    public enum Kind: String, Sendable { case resource, alert }

    /// One published score.
    public struct Event: Sendable, Equatable {
        public var kind: Kind
        public var cluster: String
        public var version: String
        /// The resource; for an alert event, the cluster's first alertname, as the reference
        /// publishes it (the first key of its per-cluster dictionary, whichever alert was sampled).
        public var name: String
        /// The resource or the alertname that was sampled.
        public var trigger: String
        public var score: Double
        public var timestamp: Double
    }

    public private(set) var scoreSum = 0.0
    public private(set) var resourceEvents = 0
    public private(set) var alertEvents = 0
    /// Each cluster's last published event of each kind.
    public private(set) var finalResource: [String: Event] = [:]
    public private(set) var finalAlert: [String: Event] = [:]

    private var versions: [String: String] = [:]
    private var waiting: [String: [Series]] = [:]

    /// Per cluster, its resources in first-seen order.
    private struct ResourceState {
        var index: [String: Int] = [:]
        var count: [Int] = []
        var mean: [Double] = []
        var m2: [Double] = []
        var std: [Double] = []
        var sq: [Double] = []
    }
    private var resources: [String: ResourceState] = [:]
    /// (version, resource) → how many values and their sum.
    private var baselineSlot: [BaselineKey: Int] = [:]
    private var baselineN: [Int] = []
    private var baselineSum: [Double] = []

    /// Per cluster, its alertnames in first-seen order.
    private struct AlertState {
        var index: [String: Int] = [:]
        var names: [String] = []
        var times: [[Double]] = []
        var value: [Double] = []
        var stored: [Double] = []
    }
    private var alerts: [String: AlertState] = [:]
    /// version → alertname → each cluster's latest value, clusters in first-seen order.
    private struct Baseline {
        var index: [String: Int] = [:]
        var values: [Double] = []
        var mean: Double { values.reduce(0.0, +) / Double(values.count) }
    }
    private var alertBaseline: [String: [String: Baseline]] = [:]

    public init() {}

    /// Takes one series; `publish` gets every event of the `kinds` it scores, in order (an event
    /// not published is not made: the scores and the finals are the same either way).
    public mutating func ingest(_ series: Series, kinds: Set<Kind> = [.resource, .alert], publish: ((Event) -> Void)? = nil) {
        // Other metrics reach neither branch: keeping them while they wait for a version would
        // change nothing but the memory.
        guard series.metric == "cluster_version" || series.metric == "alerts" || series.metric == "etcd_object_counts" else { return }
        if series.metric == "cluster_version" {
            guard let version = series.label else { return }
            versions[series.cluster] = version
            for held in waiting.removeValue(forKey: series.cluster) ?? [] { process(held, version: version, kinds: kinds, publish: publish) }
            return
        }
        if let version = versions[series.cluster] {
            process(series, version: version, kinds: kinds, publish: publish)
        } else {
            waiting[series.cluster, default: []].append(series)
        }
    }

    /// The reference's m2 of a (cluster, resource), for tests of its "mean" quirk.
    func m2(cluster: String, resource: String) -> Double? {
        resources[cluster].flatMap { s in s.index[resource].map { s.m2[$0] } }
    }

    /// Samples of a (cluster, alertname) within the last 30 minutes of its latest one.
    func alertFrequency(cluster: String, alert: String) -> Int? {
        alerts[cluster].flatMap { s in s.index[alert].map { s.times[$0].count } }
    }

    /// Series still waiting for their cluster's version (never scored if it never comes).
    public var seriesWaiting: Int { waiting.values.reduce(0) { $0 + $1.count } }

    private mutating func process(_ series: Series, version: String, kinds: Set<Kind>, publish: ((Event) -> Void)?) {
        let name = series.label ?? ""
        if series.metric == "alerts" {
            for (t, _) in series.values {
                let event = alertEvent(cluster: series.cluster, version: version, alert: name, t: t)
                if kinds.contains(.alert) { publish?(event) }
            }
        } else if series.metric == "etcd_object_counts", !series.values.isEmpty {
            resourceSeries(series, version: version, resource: name, publish: kinds.contains(.resource) ? publish : nil)
        }
    }

    /// A series of one (cluster, resource): the lookups once, then every sample in turn.
    private mutating func resourceSeries(_ series: Series, version: String, resource: String, publish: ((Event) -> Void)?) {
        let cluster = series.cluster
        let key = BaselineKey(version: version, name: resource)
        let slot: Int
        if let known = baselineSlot[key] {
            slot = known
        } else {
            slot = baselineN.count
            baselineSlot[key] = slot
            baselineN.append(0)
            baselineSum.append(0)
        }
        var sum = scoreSum
        var last = (score: 0.0, t: 0.0)
        Self.withState(&resources[cluster, default: ResourceState()]) { s in
            var index = s.index[resource]
            for (t, value) in series.values {
                // The reference reads the value as an integer.
                let v = value.isFinite ? value.rounded(.towardZero) : 0
                let i: Int
                if let known = index {
                    i = known
                    Self.addSample(&s, i: i, v: v)
                } else {
                    // The first event initialises count 1, mean v, m2 0, std 0.
                    i = s.count.count
                    s.index[resource] = i
                    s.count.append(1); s.mean.append(v); s.m2.append(0); s.std.append(0); s.sq.append(0)
                    index = i
                }
                let score = Self.normaliseAndScore(&s, i: i, slot: slot, n: &baselineN, sum: &baselineSum)
                sum += score
                last = (score, t)
                if let publish {
                    publish(Event(kind: .resource, cluster: cluster, version: version, name: resource, trigger: resource, score: score, timestamp: t))
                }
            }
        }
        scoreSum = sum
        resourceEvents += series.values.count
        finalResource[cluster] = Event(kind: .resource, cluster: cluster, version: version, name: resource, trigger: resource,
                                       score: last.score, timestamp: last.t)
    }

    /// `pow(Double(n), 0.5)`, as the reference computes it, from a table for the usual counts (the
    /// same call made once, so the same bits).
    static func root(_ n: Int) -> Double { n < roots.count ? roots[n] : pow(Double(n), 0.5) }
    private static let roots: [Double] = (0..<4096).map { pow(Double($0), 0.5) }

    private static func withState(_ s: inout ResourceState, _ body: (inout ResourceState) -> Void) { body(&s) }

    private struct BaselineKey: Hashable {
        var version: String
        var name: String
    }

    /// A later event: count + 1, "mean" = v / count (the reference's), m2 += |(v − old)(v − new)|.
    private static func addSample(_ s: inout ResourceState, i: Int, v: Double) {
        s.count[i] += 1
        let old = s.mean[i]
        let new = v / Double(s.count[i])
        s.m2[i] += abs((v - old) * (v - new))
        s.std[i] = pow(s.m2[i] / Double(s.count[i] - 1), 0.5)
        s.mean[i] = new
    }

    /// The cluster's stds normalised in place, the baseline updated, the score.
    private static func normaliseAndScore(_ s: inout ResourceState, i: Int, slot: Int,
                                          n baselineN: inout [Int], sum baselineSum: inout [Double]) -> Double {
        // The hot loop of the port (every resource sample walks all of its cluster's resources):
        // one pass for the bounds, one to normalise, one to sum, without bounds checks. The
        // operations and their order are the reference's, so the result is bit for bit the same.
        let n = s.std.count
        let x: Double = s.std.withUnsafeMutableBufferPointer { std in
            if n == 1 {
                std[i] = 0
            } else {
                var lo = std[0], hi = std[0]
                for k in 1..<n {
                    let v = std[k]
                    if v < lo { lo = v }
                    if v > hi { hi = v }
                }
                if hi == lo {
                    for k in 0..<n { std[k] = 0 }
                } else {
                    let root = Self.root(n), span = hi - lo
                    for k in 0..<n { std[k] = ((std[k] - lo) / span) / root }
                }
            }
            return std[i]
        }
        baselineN[slot] += 1
        baselineSum[slot] += x
        let d = x - baselineSum[slot] / Double(baselineN[slot])
        // Python's `d ** 2` and `x ** 0.5` call C's pow, whose rounding may differ from d * d and sqrt
        // in the last bit: pow it is.
        return s.sq.withUnsafeMutableBufferPointer { sq in
            sq[i] = pow(d, 2)
            var total = 0.0
            for k in 0..<sq.count { total += sq[k] }
            return pow(total, 0.5)
        }
    }

    private mutating func alertEvent(cluster: String, version: String, alert: String, t: Double) -> Event {
        var s = alerts[cluster] ?? AlertState()
        let i: Int
        if let known = s.index[alert] {
            i = known
        } else {
            i = s.names.count
            s.index[alert] = i
            s.names.append(alert); s.times.append([]); s.value.append(0); s.stored.append(0)
        }
        s.times[i].removeAll { $0 < t - 1800 }
        s.times[i].append(t)
        s.value[i] = Double(s.times[i].count)
        let n = s.value.count
        let lo = s.value.min() ?? 0, hi = s.value.max() ?? 0
        if n == 1 || hi == lo {
            for k in 0..<n { s.value[k] = 1 }
        } else {
            let root = Self.root(n)
            for k in 0..<n { s.value[k] = ((s.value[k] - lo) / (hi - lo)) / root }
        }
        let x = s.value[i]
        var baseline = alertBaseline[version, default: [:]][alert, default: Baseline()]
        if let k = baseline.index[cluster] {
            baseline.values[k] = x
        } else {
            baseline.index[cluster] = baseline.values.count
            baseline.values.append(x)
        }
        alertBaseline[version, default: [:]][alert] = baseline
        s.stored[i] = x
        var total = 0.0
        let forVersion = alertBaseline[version] ?? [:]
        for (k, name) in s.names.enumerated() {
            guard let b = forVersion[name] else { continue }
            total += pow(b.mean - s.stored[k], 2)
        }
        let score = pow(total, 0.5)
        alerts[cluster] = s
        alertEvents += 1
        let event = Event(kind: .alert, cluster: cluster, version: version, name: s.names[0], trigger: alert, score: score, timestamp: t)
        finalAlert[cluster] = event
        return event
    }
}
