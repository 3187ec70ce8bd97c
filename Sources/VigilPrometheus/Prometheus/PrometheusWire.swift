import VigilSources
import Foundation
import VigilCore

// The JSON shapes of Prometheus' HTTP API (https://prometheus.io/docs/prometheus/latest/querying/api/),
// decoded with Codable and mapped to the domain types.

/// `[1700000000.123, "42"]`: a timestamp in float seconds and a value as a string, since JSON
/// has no NaN or infinities.
struct WireSamplePair: Decodable {
    var time: Date
    var value: Double

    init(from decoder: any Decoder) throws {
        var c = try decoder.unkeyedContainer()
        time = Date(timeIntervalSince1970: try c.decode(Double.self))
        let text = try c.decode(String.self)
        guard let v = Self.parse(text) else {
            throw DecodingError.dataCorruptedError(in: c, debugDescription: "sample value \"\(text.prefix(40))\" is not a number")
        }
        value = v
    }

    /// Go's float formatting: `NaN`, `+Inf`, `-Inf`, and ordinary numbers.
    static func parse(_ text: String) -> Double? {
        switch text {
        case "NaN": .nan
        case "+Inf", "Inf": .infinity
        case "-Inf": -.infinity
        default: Double(text)
        }
    }
}

/// `[1700000000.123, "text"]`: the result of a string query.
struct WireStringPair: Decodable {
    var time: Date
    var text: String

    init(from decoder: any Decoder) throws {
        var c = try decoder.unkeyedContainer()
        time = Date(timeIntervalSince1970: try c.decode(Double.self))
        text = try c.decode(String.self)
    }
}

/// `{"resultType":…,"result":…}` of `/api/v1/query` and `/api/v1/query_range`.
struct WireQueryData: Decodable {
    var result: QueryResult

    private enum CodingKeys: String, CodingKey { case resultType, result }

    /// Native-histogram samples (`histogram`/`histograms` instead of `value`/`values`) have no
    /// single value to show, so they are left out.
    private struct VectorItem: Decodable {
        var metric: [String: String]
        var value: WireSamplePair?
    }

    private struct MatrixItem: Decodable {
        var metric: [String: String]
        var values: [WireSamplePair]?
    }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let type = try c.decode(String.self, forKey: .resultType)
        switch type {
        case "vector":
            let items = try c.decode([VectorItem].self, forKey: .result)
            result = .vector(items.compactMap { item in
                item.value.map { Sample(key: Self.key(item.metric), value: $0.value, timestamp: $0.time) }
            })
        case "matrix":
            let items = try c.decode([MatrixItem].self, forKey: .result)
            result = .matrix(items.compactMap { item in
                item.values.map { RangeSeries(key: Self.key(item.metric), times: $0.map(\.time), values: $0.map(\.value)) }
            })
        case "scalar":
            let pair = try c.decode(WireSamplePair.self, forKey: .result)
            result = .scalar(pair.time, pair.value)
        case "string":
            let pair = try c.decode(WireStringPair.self, forKey: .result)
            result = .string(pair.time, pair.text)
        default:
            throw DecodingError.dataCorruptedError(forKey: .resultType, in: c,
                                                   debugDescription: "unknown resultType \"\(type.prefix(40))\"")
        }
    }

    /// `__name__` becomes the series name (empty when absent, as for `sum(...)`), the rest labels.
    static func key(_ metric: [String: String]) -> SeriesKey {
        var labels = metric
        let name = labels.removeValue(forKey: "__name__") ?? ""
        return SeriesKey(name: name, labels: Labels(labels))
    }
}

/// `/api/v1/alerts`: `{"alerts":[{"labels":…,"annotations":…,"state":"firing","activeAt":…,"value":…}]}`.
struct WireAlertsData: Decodable {
    struct Item: Decodable {
        var labels: [String: String]
        var annotations: [String: String]?
        var state: String
        var activeAt: String?
    }
    var alerts: [Item]

    var domain: [Alert] {
        alerts.map { item in
            Alert(labels: Labels(item.labels), annotations: item.annotations ?? [:],
                  state: item.state == "pending" ? .pending : .firing,
                  activeAt: item.activeAt.flatMap(RFC3339.parse))
        }
    }
}

/// `/api/v1/targets?state=active`: `{"activeTargets":[…],"droppedTargets":[…]}`.
struct WireTargetsData: Decodable {
    struct Item: Decodable {
        var labels: [String: String]
        var scrapeUrl: String
        var health: String
        var lastError: String?
        var lastScrape: String?
    }
    var activeTargets: [Item]

    var domain: [ScrapeTarget] {
        activeTargets.map { item in
            // A target never scraped reports Go's zero time, 0001-01-01T00:00:00Z.
            let last = item.lastScrape.flatMap(RFC3339.parse).flatMap { $0.timeIntervalSince1970 > 0 ? $0 : nil }
            return ScrapeTarget(labels: Labels(item.labels), scrapeURL: item.scrapeUrl, health: item.health,
                                lastError: item.lastError ?? "", lastScrape: last)
        }
    }
}

/// `/api/v1/status/buildinfo`.
struct WireBuildInfo: Decodable {
    var version: String
    var revision: String?
}
