import Foundation
import VigilCore

/// Vigil's fleet scorer: which clusters are unlike their peers now, compared with whom, and why.
///
/// Unlike the reference (`FlatlinerScorer`): state is a window (`window` seconds), not the cluster's
/// lifetime; each cluster is compared with the population of its peer group (the clusters on the
/// same version, or the whole fleet when fewer than `minPeers` share it), its features first
/// adjusted for its platform and size class where the profile maps them, through a robust z-score per
/// feature (median and MAD of the peers, so one odd cluster cannot drag the baseline); the score is a
/// probability-like number in [0, 1] (one minus a Bonferroni-corrected Student-t tail of the largest z,
/// with as many degrees of freedom as peers but one),
/// and every score comes with the features that differ most and the peers' typical value. A change
/// every peer shares (a version-wide regression) moves the peers' median with it and is not flagged
/// per cluster.
///
/// Features over the window, per dimension:
/// - `.count` (etcd object counts per resource): the relative spread (10th to 90th percentile over
///   the median), and the resource's share of the cluster's objects (mean over the window).
///   Clusters differ in size, so the level itself is not compared: its movement and its share are.
/// - `.condition` (an operator condition that is bad at 1: degraded, failing, unavailable): the
///   share of samples bad, and how often it flipped.
/// - `.events` (a firing alert, one sample per evaluation): how many samples fired (log scale), and
///   per cluster how many distinct alerts fired.
/// - `.level` (an API error share, anything a profile maps as one number per cluster): its mean.
///
/// Only deviations upward (more churn, more firing, more flapping than the peers) count.
public struct FleetScorer: Sendable {
    public typealias Kind = FleetKind

    public struct Config: Sendable {
        /// Seconds of history each feature looks at.
        public var window: Double = 3600
        /// A version shared by fewer clusters than this is compared with the whole fleet: the
        /// median and MAD of fewer than five values say little. Not tuned.
        public var minPeers = 5
        public init() {}
    }

    /// A feature of one cluster set against its peers.
    public struct Reason: Sendable, Equatable {
        /// `count:<resource>:spread`, `condition:<operator>/<condition>:share`, `…:flips`, `events:<alert>:samples`
        /// (log of 1 + samples), `events:*:distinct`.
        public var feature: String
        public var value: Double
        public var peerMedian: Double
        public var z: Double
    }

    public struct ClusterScore: Sendable, Equatable {
        public var cluster: String
        public var version: String
        /// Clusters in the comparison (itself included).
        public var peers: Int
        /// Whether the peers are the clusters on its version (false: the whole fleet).
        public var sameVersion: Bool
        /// The platform and size class its features were adjusted for (each shared by five
        /// clusters at least, fleet-wide), or none.
        public var narrowedBy: [String] = []
        /// The peer group in words: "the 8 clusters on 4.14.1, adjusted for aws · 31–100 nodes",
        /// "all 10 clusters".
        public var peerGroup: String {
            (sameVersion ? "the \(peers) clusters on \(version)" : "all \(peers) clusters")
                + (narrowedBy.isEmpty ? "" : ", adjusted for " + narrowedBy.joined(separator: " · "))
        }
        /// 0 to 1: how sure it is that the cluster is unlike its peers.
        public var score: Double
        /// The features above the peers, largest z first (six at most).
        public var reasons: [Reason]
    }

    private struct Track {
        var kind: Kind
        var times: [Double] = []
        var values: [Double] = []
    }

    public let config: Config
    private var versions: [String: String] = [:]
    private var platforms: [String: String] = [:]
    private var sizes: [String: String] = [:]
    private var tracks: [String: [String: Track]] = [:]

    public init(config: Config = Config()) {
        self.config = config
    }

    public var clusters: [String] { versions.keys.sorted() }

    /// The cluster's version (its peer group); the latest wins.
    public mutating func setVersion(_ version: String, of cluster: String) {
        versions[cluster] = version
    }

    /// The cluster's platform (narrows its peer group where enough share it); nil forgets it.
    public mutating func setPlatform(_ platform: String?, of cluster: String) {
        platforms[cluster] = platform.flatMap { $0.isEmpty ? nil : $0 }
    }

    /// The cluster's node count, kept as its size class (`FleetBatch.sizeClass`).
    public mutating func setNodes(_ nodes: Double, of cluster: String) {
        sizes[cluster] = FleetBatch.sizeClass(nodes: nodes)
    }

    /// One sample of one dimension of a cluster. Samples of a dimension come in time order.
    public mutating func add(cluster: String, dimension: String, kind: Kind, time t: Double, value: Double) {
        guard t.isFinite, value.isFinite else { return }
        let window = config.window
        func append(_ track: inout Track) {
            track.times.append(t)
            track.values.append(value)
            // Keep twice the window at most before cutting, so trimming is amortised.
            if let first = track.times.first, t - first > 2 * window {
                let drop = track.times.firstIndex { $0 >= t - window } ?? track.times.count
                track.times.removeFirst(drop)
                track.values.removeFirst(drop)
            }
        }
        append(&tracks[cluster, default: [:]][dimension, default: Track(kind: kind)])
    }

    /// Every cluster's features over the window ending at `t`.
    func features(at t: Double) -> [String: [String: Double]] { featuresAndSamples(at: t).features }

    /// Every cluster's features, and for each share of a condition the samples it was taken over
    /// (one bad sample of three is a share of 0.33, and says less than 20 of 60).
    func featuresAndSamples(at t: Double) -> (features: [String: [String: Double]], samples: [String: [String: Int]]) {
        var out: [String: [String: Double]] = [:]
        var sampleCounts: [String: [String: Int]] = [:]
        let from = t - config.window
        for (cluster, dims) in tracks {
            var f: [String: Double] = [:]
            var distinct = 0
            var levels: [String: Double] = [:]   // count dimension → mean over the window
            for (dim, track) in dims {
                let lo = track.times.firstIndex { $0 > from } ?? track.times.count
                let hi = track.times.lastIndex { $0 <= t }.map { $0 + 1 } ?? 0
                let values = lo < hi ? Array(track.values[lo..<hi]) : []
                switch track.kind {
                case .count:
                    guard values.count >= 3 else { continue }
                    let sorted = values.sorted()
                    let median = Self.quantile(sorted, 0.5)
                    f["count:\(dim):spread"] = (Self.quantile(sorted, 0.9) - Self.quantile(sorted, 0.1)) / max(1, abs(median))
                    levels[dim] = values.reduce(0, +) / Double(values.count)
                case .condition:
                    guard !values.isEmpty else { continue }
                    f["condition:\(dim):share"] = Double(values.filter { $0 >= 0.5 }.count) / Double(values.count)
                    sampleCounts[cluster, default: [:]]["condition:\(dim):share"] = values.count
                    f["condition:\(dim):flips"] = Double(zip(values, values.dropFirst()).filter { ($0 >= 0.5) != ($1 >= 0.5) }.count)
                case .events:
                    // On a log scale: a handful of samples more than none is not as odd as a storm.
                    guard !values.isEmpty else { continue }
                    f["events:\(dim):samples"] = log1p(Double(values.count))
                    distinct += 1
                case .level:
                    guard !values.isEmpty else { continue }
                    f["level:\(dim):mean"] = values.reduce(0, +) / Double(values.count)
                }
            }
            if dims.values.contains(where: { $0.kind == .events }) { f["events:*:distinct"] = Double(distinct) }
            // Each resource's share of the cluster's objects: independent of the cluster's size, and
            // it still stands out hours into a steady growth, when the growth within the window is
            // small beside the level reached.
            let total = levels.values.reduce(0) { $0 + max(0, $1) }
            if levels.count >= 2, total > 0 {
                for (dim, level) in levels { f["count:\(dim):share"] = max(0, level) / total }
            }
            out[cluster] = f
        }
        return (out, sampleCounts)
    }

    /// Every cluster's score at `t`, highest first.
    public func scores(at t: Double) -> [ClusterScore] {
        var (features, samples) = featuresAndSamples(at: t)
        let everyone = versions.keys.sorted()
        // Platform and size shift a cluster's levels (bare metal answers more API errors, small
        // clusters churn more): each feature is adjusted by its platform's (then size class's)
        // median over the whole fleet, all versions, against the fleet's median, where five
        // clusters at least share the platform. Large groups estimate the shift; the comparison
        // stays within the version, so a version-wide change is still shared by the peers.
        var offsets: [String: [String: Double]] = [:]   // cluster → feature → shift taken out
        var adjustedFor: [String: [String]] = [:]
        var names: Set<String> = []
        for c in everyone { if let keys = features[c]?.keys { names.formUnion(keys) } }
        for attribute in [platforms, sizes] {
            var groups: [String: [String]] = [:]
            for c in everyone { if let v = attribute[c] { groups[v, default: []].append(c) } }
            guard groups.count >= 2 else { continue }   // one value for all (or none): nothing to adjust
            for (value, members) in groups.sorted(by: { $0.key < $1.key }) where members.count >= config.minPeers {
                for m in members { adjustedFor[m, default: []].append(value) }
            }
            for name in names {
                let all = everyone.compactMap { features[$0]?[name] ?? Self.absent(name) }.sorted()
                guard all.count >= config.minPeers else { continue }
                let fleetMedian = Self.quantile(all, 0.5)
                for (_, members) in groups where members.count >= config.minPeers {
                    let values = members.compactMap { features[$0]?[name] ?? Self.absent(name) }.sorted()
                    guard values.count >= config.minPeers else { continue }
                    let shift = Self.quantile(values, 0.5) - fleetMedian
                    guard shift != 0 else { continue }
                    for m in members {
                        guard let x = features[m]?[name] ?? Self.absent(name) else { continue }
                        features[m, default: [:]][name] = x - shift
                        offsets[m, default: [:]][name, default: 0] += shift
                    }
                }
            }
        }
        var byVersion: [String: [String]] = [:]
        for (cluster, version) in versions { byVersion[version, default: []].append(cluster) }
        // Per peer group, per feature: median and MAD of the members (absent features of events and
        // conditions read 0: an alert that does not fire fired 0 times).
        var stats: [String: [String: (median: Double, mad: Double)]] = [:]
        var out: [ClusterScore] = []
        for cluster in everyone {
            let version = versions[cluster] ?? ""
            let sameVersion = (byVersion[version]?.count ?? 0) >= config.minPeers
            let key = sameVersion ? "v:" + version : "*"
            let members = sameVersion ? byVersion[version] ?? [] : everyone
            if stats[key] == nil {
                var groupNames: Set<String> = []
                for m in members { if let keys = features[m]?.keys { groupNames.formUnion(keys) } }
                var st: [String: (Double, Double)] = [:]
                for name in groupNames {
                    let values = members.compactMap { m -> Double? in features[m]?[name] ?? Self.absent(name) }.sorted()
                    guard values.count >= 2 else { continue }
                    let median = Self.quantile(values, 0.5)
                    st[name] = (median, Self.quantile(values.map { abs($0 - median) }.sorted(), 0.5))
                }
                stats[key] = st
            }
            let own = features[cluster] ?? [:]
            var reasons: [Reason] = []
            for (name, st) in stats[key] ?? [:] {
                guard let x = own[name] ?? Self.absent(name) else { continue }
                // A share over few samples moves in steps of one sample: no finer than that.
                let resolution = samples[cluster]?[name].map { 1 / Double(max(1, $0)) } ?? 0
                let z = (x - st.median) / (1.4826 * st.mad + max(Self.floor(name, median: st.median), resolution))
                // In the cluster's own terms: its value as measured, and what its peers show on its
                // platform and size.
                let shift = offsets[cluster]?[name] ?? 0
                reasons.append(Reason(feature: name, value: x + shift, peerMedian: st.median + shift, z: z))
            }
            reasons.sort { ($0.z, $1.feature) > ($1.z, $0.feature) }
            let zmax = max(0, reasons.first?.z ?? 0)
            // One minus the chance that the largest of m z-scores is this large by chance. The spread
            // comes from the peers, so with few of them a large z is less rare than a normal tail
            // says: Student's t with (peers − 1) degrees of freedom.
            let tail = min(1, Double(max(1, reasons.count)) * Self.studentTail(zmax, degrees: Double(max(1, members.count - 1))))
            out.append(ClusterScore(cluster: cluster, version: version, peers: members.count, sameVersion: sameVersion,
                                    narrowedBy: adjustedFor[cluster] ?? [], score: 1 - tail,
                                    reasons: Array(reasons.prefix(6).filter { $0.z > 0 })))
        }
        return out.sorted { ($0.score, $1.cluster) > ($1.score, $0.cluster) }
    }

    /// What a cluster without a feature counts as: an alert that never fired fired 0 times, an
    /// operator never bad was bad 0 % of the time; a count or a level not reported is unknown.
    static func absent(_ feature: String) -> Double? {
        feature.hasPrefix("count:") || feature.hasPrefix("level:") ? nil : 0
    }

    /// The least spread a feature is measured against, so that peers that all agree exactly (MAD 0)
    /// do not turn the smallest difference into an infinite z: 1 % relative spread, 0.1 % of the
    /// cluster's objects, 5 % of the window
    /// bad, 2 flips (one blip is two), a factor e of firing samples, 1 distinct alert, 0.001 of a
    /// mapped level (a tenth of a percentage point of a share, a millisecond); or 10 % of the
    /// peers' median when that is larger. Units of the features, not fitted.
    static func floor(_ feature: String, median: Double) -> Double {
        let unit: Double
        if feature.hasPrefix("level:") || (feature.hasPrefix("count:") && feature.hasSuffix(":share")) { unit = 0.001 }
        else if feature.hasPrefix("count:") { unit = 0.01 }
        else if feature.hasSuffix(":share") { unit = 0.05 }
        else if feature.hasSuffix(":flips") { unit = 2 }
        else { unit = 1 }
        return max(unit, 0.1 * abs(median))
    }

    /// P(T > t) for Student's t with `degrees` degrees of freedom (t ≥ 0): half the regularised
    /// incomplete beta function I_{ν/(ν+t²)}(ν/2, 1/2).
    static func studentTail(_ t: Double, degrees nu: Double) -> Double {
        guard t > 0 else { return 0.5 }
        return 0.5 * incompleteBeta(nu / (nu + t * t), a: nu / 2, b: 0.5)
    }

    /// The regularised incomplete beta function I_x(a, b), by its continued fraction (Lentz).
    static func incompleteBeta(_ x: Double, a: Double, b: Double) -> Double {
        guard x > 0 else { return 0 }
        guard x < 1 else { return 1 }
        let logBeta: Double = lgamma(a + b) - lgamma(a) - lgamma(b)
        let logPowers: Double = a * log(x) + b * log(1 - x)
        let front = exp(logBeta + logPowers)
        if x > (a + 1) / (a + b + 2) { return 1 - incompleteBeta(1 - x, a: b, b: a) }
        let tiny = 1e-300
        var c = 1.0, d = 1 - (a + b) * x / (a + 1)
        if abs(d) < tiny { d = tiny }
        d = 1 / d
        var f = d
        for m in 1...300 {
            let m = Double(m)
            var numerator = m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m))
            d = 1 + numerator * d; if abs(d) < tiny { d = tiny }
            c = 1 + numerator / c; if abs(c) < tiny { c = tiny }
            d = 1 / d
            f *= d * c
            numerator = -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1))
            d = 1 + numerator * d; if abs(d) < tiny { d = tiny }
            c = 1 + numerator / c; if abs(c) < tiny { c = tiny }
            d = 1 / d
            let delta = d * c
            f *= delta
            if abs(delta - 1) < 1e-14 { break }
        }
        return front * f / a
    }

    /// Linear interpolation between order statistics of sorted values.
    static func quantile(_ sorted: [Double], _ q: Double) -> Double {
        guard !sorted.isEmpty else { return 0 }
        let pos = q * Double(sorted.count - 1)
        let i = Int(pos)
        guard i + 1 < sorted.count else { return sorted[sorted.count - 1] }
        return sorted[i] + (sorted[i + 1] - sorted[i]) * (pos - Double(i))
    }
}
