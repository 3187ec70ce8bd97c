/// The miner's settings. One configuration (`.standard`) serves every source: per-source tuning
/// is what a streaming dashboard cannot do.
public struct MinerConfig: Sendable, Equatable {
    /// A line joins the most similar cluster of its leaf when at least this fraction of its tokens
    /// equal the cluster template's non-wildcard tokens (Drain's `st`).
    public var similarityThreshold: Double
    /// Leading tokens that route a line through the tree below its length (Drain's depth − 2).
    public var prefixTokens: Int
    /// Children per tree node; past it, new prefixes share the wildcard child (Drain's `max_child`).
    public var maxChildren: Int

    /// When true, similarity is measured over the template's positions that are neither `<*>` nor
    /// hold a masked part (`blk_<*>`), so the variables the masker found neither dilute nor inflate
    /// it; when false, over all tokens (Drain).
    public var ignoreWildcardsInSimilarity: Bool

    /// Defaults chosen once over all twelve LogHub samples (one setting for every source, as a
    /// dashboard needs): with masked positions left out, only constant words are compared, and a
    /// line must agree on 85% of them; two routing tokens keep unrelated short lines apart.
    public init(similarityThreshold: Double = 0.85, prefixTokens: Int = 2, maxChildren: Int = 100,
                ignoreWildcardsInSimilarity: Bool = true) {
        self.similarityThreshold = similarityThreshold
        self.ignoreWildcardsInSimilarity = ignoreWildcardsInSimilarity
        self.prefixTokens = prefixTokens
        self.maxChildren = maxChildren
    }

    public static let standard = MinerConfig()
}

/// What `TemplateMiner.add` did with a line.
public struct MinedLine: Sendable, Equatable {
    /// The line's template; ids start at 1 and never change meaning.
    public var templateID: Int
    /// True when the line opened a new template.
    public var isNew: Bool
}
