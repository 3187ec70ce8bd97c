import VigilSources
/// Which PromQL feeds which overview panel for one kind of Prometheus (OpenShift, plain
/// Kubernetes, node_exporter only). All PromQL lives in profile files, none in Swift.
public struct DashboardProfile: Sendable, Hashable {
    public var name: String
    /// The file it was read from (or the name given to `parse`).
    public var file: String
    public var description: String
    /// Metric names: the profile fits a Prometheus that has any of them.
    public var detect: [String]
    /// In file order.
    public var panels: [ProfilePanel]

    public init(name: String, file: String, description: String = "", detect: [String] = [], panels: [ProfilePanel]) {
        self.name = name
        self.file = file
        self.description = description
        self.detect = detect
        self.panels = panels
    }

    public func panel(_ id: String) -> ProfilePanel? { panels.first { $0.id == id } }

    /// Every query of every panel, in file order, for a collector that runs them all.
    public var allQueries: [ProfileQuery] { panels.flatMap(\.queries) }
}
