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
    /// What the panel says when its queries answered with no rows (the node profile has no
    /// operators to call "available"); nil keeps the overview's default text.
    public var empty: String?
    /// Whether an answer with no rows means all is well (green) or only that nothing came back
    /// (warning colour): false where the panel always has rows when its data exists.
    public var emptyIsHealthy: Bool

    public init(id: String, title: String? = nil, queries: [ProfileQuery], empty: String? = nil, emptyIsHealthy: Bool = true) {
        self.id = id
        self.title = title
        self.queries = queries
        self.empty = empty
        self.emptyIsHealthy = emptyIsHealthy
    }
}
