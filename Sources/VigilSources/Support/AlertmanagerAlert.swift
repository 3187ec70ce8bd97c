import Foundation
import VigilCore

/// One alert as Alertmanager's API v2 returns it (`GET /api/v2/alerts`): the shape of
/// `alerts.json` in sample-data, and what a live Alertmanager client decodes.
public struct AlertmanagerAlert: Codable, Hashable, Sendable {
    public struct Status: Codable, Hashable, Sendable {
        /// `active`, `suppressed` or `unprocessed`.
        public var state: String
        public var silencedBy: [String]
        public var inhibitedBy: [String]

        public init(state: String, silencedBy: [String] = [], inhibitedBy: [String] = []) {
            self.state = state; self.silencedBy = silencedBy; self.inhibitedBy = inhibitedBy
        }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            state = try c.decodeIfPresent(String.self, forKey: .state) ?? "active"
            silencedBy = try c.decodeIfPresent([String].self, forKey: .silencedBy) ?? []
            inhibitedBy = try c.decodeIfPresent([String].self, forKey: .inhibitedBy) ?? []
        }
    }

    public struct Receiver: Codable, Hashable, Sendable {
        public var name: String
        public init(name: String) { self.name = name }
    }

    public var labels: [String: String]
    public var annotations: [String: String]
    public var startsAt: String
    public var endsAt: String
    public var updatedAt: String?
    public var generatorURL: String?
    public var fingerprint: String
    public var receivers: [Receiver]
    public var status: Status

    public init(labels: [String: String], annotations: [String: String], startsAt: String, endsAt: String,
                updatedAt: String? = nil, generatorURL: String? = nil, fingerprint: String? = nil,
                receivers: [Receiver] = [], status: Status) {
        self.labels = labels; self.annotations = annotations; self.startsAt = startsAt; self.endsAt = endsAt
        self.updatedAt = updatedAt; self.generatorURL = generatorURL
        self.fingerprint = fingerprint ?? Self.fingerprint(of: labels)
        self.receivers = receivers; self.status = status
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        labels = try c.decode([String: String].self, forKey: .labels)
        annotations = try c.decodeIfPresent([String: String].self, forKey: .annotations) ?? [:]
        startsAt = try c.decode(String.self, forKey: .startsAt)
        endsAt = try c.decodeIfPresent(String.self, forKey: .endsAt) ?? ""
        updatedAt = try c.decodeIfPresent(String.self, forKey: .updatedAt)
        generatorURL = try c.decodeIfPresent(String.self, forKey: .generatorURL)
        fingerprint = try c.decodeIfPresent(String.self, forKey: .fingerprint) ?? Self.fingerprint(of: labels)
        receivers = try c.decodeIfPresent([Receiver].self, forKey: .receivers) ?? []
        status = try c.decodeIfPresent(Status.self, forKey: .status) ?? Status(state: "active")
    }

    /// The domain alert: firing (Alertmanager only holds firing alerts) from `startsAt` until
    /// `endsAt`. An end that is missing, not RFC 3339, or not after the start (Alertmanager writes
    /// the zero time for "none") leaves the alert open-ended.
    public var alert: Alert {
        let start = RFC3339.parse(startsAt)
        let end = RFC3339.parse(endsAt).flatMap { e in start.map { e > $0 } ?? true ? e : nil }
        return Alert(labels: Labels(labels), annotations: annotations, state: .firing, activeAt: start, endsAt: end,
                     silenced: !status.silencedBy.isEmpty, inhibited: !status.inhibitedBy.isEmpty,
                     silencedBy: status.silencedBy, inhibitedBy: status.inhibitedBy)
    }

    /// Prometheus' label-set fingerprint (FNV-1a 64 over sorted names and values, each followed by
    /// 0xff), as Alertmanager shows it: 16 hex digits.
    public static func fingerprint(of labels: [String: String]) -> String {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        func add(_ s: String) {
            for b in s.utf8 { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01b3 }
            h = (h ^ 0xff) &* 0x0000_0100_0000_01b3
        }
        for key in labels.keys.sorted() {
            add(key)
            add(labels[key] ?? "")
        }
        let hex = String(h, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}
