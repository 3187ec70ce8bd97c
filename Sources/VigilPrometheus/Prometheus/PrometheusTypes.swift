import VigilSources
import Foundation
import VigilCore

/// One series of a range query: parallel arrays of instants and values.
public struct RangeSeries: Sendable, Hashable {
    public var key: SeriesKey
    public var times: [Date]
    public var values: [Double]
    public init(key: SeriesKey, times: [Date], values: [Double]) {
        self.key = key; self.times = times; self.values = values
    }
}

/// The `data.result` of a query, by `resultType`.
public enum QueryResult: Sendable, Hashable {
    case vector([Sample])
    case matrix([RangeSeries])
    case scalar(Date, Double)
    case string(Date, String)
}

public struct QueryResponse: Sendable {
    public var result: QueryResult
    /// Non-fatal notes from the server (e.g. a Thanos store that did not answer).
    public var warnings: [String]
    public init(result: QueryResult, warnings: [String] = []) {
        self.result = result; self.warnings = warnings
    }
}

/// One active scrape target of `/api/v1/targets`.
public struct ScrapeTarget: Sendable, Hashable {
    public var labels: Labels
    public var scrapeURL: String
    /// `up`, `down` or `unknown`.
    public var health: String
    public var lastError: String
    /// Nil when the target was never scraped.
    public var lastScrape: Date?
    public init(labels: Labels, scrapeURL: String, health: String, lastError: String = "", lastScrape: Date? = nil) {
        self.labels = labels; self.scrapeURL = scrapeURL; self.health = health
        self.lastError = lastError; self.lastScrape = lastScrape
    }
}

public struct BuildInfo: Sendable, Hashable {
    public var version: String
    public var revision: String
    public init(version: String, revision: String) { self.version = version; self.revision = revision }
}
