import Foundation

/// One value of one series at one instant.
public struct Sample: Hashable, Sendable {
    public var key: SeriesKey
    public var value: Double
    public var timestamp: Date

    public init(name: String, labels: Labels, value: Double, timestamp: Date) {
        self.key = SeriesKey(name: name, labels: labels)
        self.value = value
        self.timestamp = timestamp
    }

    public init(key: SeriesKey, value: Double, timestamp: Date) {
        self.key = key; self.value = value; self.timestamp = timestamp
    }

    public var name: String { key.name }
    public var labels: Labels { key.labels }
}

/// Every sample a source saw at one evaluation instant (one scrape, one replay step).
public struct MetricBatch: Hashable, Sendable {
    public var timestamp: Date
    public var samples: [Sample]
    public init(timestamp: Date, samples: [Sample]) { self.timestamp = timestamp; self.samples = samples }
}
