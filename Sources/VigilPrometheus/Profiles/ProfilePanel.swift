import VigilSources
/// The queries that feed one overview panel.
public struct ProfilePanel: Sendable, Hashable {
    /// The overview panels a profile may feed, in the order the overview shows them.
    public static let knownIDs = ["header", "operators", "alerts", "apiErrors", "down", "cpu", "anomaly"]

    public var id: String
    /// Replaces the panel's default title (the node profile shows memory and filesystems where
    /// OpenShift shows operators).
    public var title: String?
    public var queries: [ProfileQuery]

    public init(id: String, title: String? = nil, queries: [ProfileQuery]) {
        self.id = id
        self.title = title
        self.queries = queries
    }
}
