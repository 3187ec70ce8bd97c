/// A streaming Drain-style template miner (He et al., ICWS 2017): a line's masked tokens route it
/// through a prefix tree (token count, then its first tokens) to a leaf of clusters; it joins the
/// most similar cluster when similar enough, turning the tokens that differ into `<*>`, otherwise
/// it opens a new cluster.
///
/// Unlike Drain, similarity counts only the template's constant words: positions holding `<*>` or
/// a masked token (`blk_<*>`) are variables already known and count neither way; and a run of one
/// masked token (`blk_<*> blk_<*> …`) is one list, so its length does not split templates.
///
/// Template ids start at 1, are handed out in order of creation and keep their meaning: a merge
/// only widens the template of the older cluster, it never renumbers or joins two clusters.
/// Tokens are interned by a 64-bit hash of their masked bytes, so a line costs one pass over its
/// bytes and no string allocation once its tokens have been seen.
public struct TemplateMiner: Sendable {
    public let config: MinerConfig

    /// Interned token text by id; id 0 is the wildcard `<*>`.
    var tokenText: [String] = ["<*>"]
    /// Per token id: whether the masker put a `<*>` in it (`blk_<*>`, `(<*>)`). Such positions
    /// are variables already known, so they neither raise nor lower a line's similarity.
    var tokenHasMask: [Bool] = [true]
    var tokenIDs = IntTable(capacityLog2: 12)
    /// Inner tree nodes (key → child count) and leaves (key → index into `leaves`).
    var inner = IntTable(capacityLog2: 8)
    var leafIndex = IntTable(capacityLog2: 8)
    var leaves: [[Int32]] = []
    var templates: [[Int32]] = []
    var counts: [Int] = []
    private var scratch: [Int32] = []

    public init(config: MinerConfig = .standard) {
        self.config = config
        tokenIDs.set(HashSink.wildcardHash, 0)
    }

    /// Number of templates so far.
    public var templateCount: Int { templates.count }

    /// Lines added to template `id` so far (0 for an unknown id).
    public func count(_ id: Int) -> Int { counts.indices.contains(id - 1) ? counts[id - 1] : 0 }

    /// Template `id` as text, tokens joined by one space, variables as `<*>` ("" for an unknown id).
    public func template(_ id: Int) -> String {
        guard templates.indices.contains(id - 1) else { return "" }
        return templates[id - 1].map { tokenText[Int($0)] }.joined(separator: " ")
    }

    /// Learns from one line (its content, without header) and returns its template.
    public mutating func add(_ message: String) -> MinedLine {
        var m = message
        return m.withUTF8 { add(bytes: $0) }
    }

    public mutating func add(_ message: Substring) -> MinedLine {
        var m = message
        return m.withUTF8 { add(bytes: $0) }
    }

    /// The template `message` belongs to, without learning; nil when none is similar enough.
    public func match(_ message: String) -> Int? {
        var m = message
        return m.withUTF8 { p -> Int? in
            var ids: [Int32] = []
            LogMasker.forEachToken(p) { s, e in
                var h = HashSink()
                LogMasker.maskToken(p, s, e, into: &h)
                // An unseen token equals no template token: -1 is no token's id.
                let id = tokenIDs.get(h.hash) ?? -1
                if let last = ids.last, last == id, id >= 0, tokenHasMask[Int(id)] { return }
                ids.append(id)
            }
            guard let leaf = lookupLeaf(ids), let best = bestCluster(ids, in: leaf) else { return nil }
            return Int(best) + 1
        }
    }

    // MARK: - Learning

    private mutating func add(bytes p: UnsafeBufferPointer<UInt8>) -> MinedLine {
        var ids = scratch
        scratch = []
        ids.removeAll(keepingCapacity: true)
        LogMasker.forEachToken(p) { s, e in
            var h = HashSink()
            LogMasker.maskToken(p, s, e, into: &h)
            if let id = tokenIDs.get(h.hash) {
                // A run of one masked token is a list of values (`blk_<*> blk_<*> …`): its length varies.
                if let last = ids.last, last == id, tokenHasMask[Int(id)] { return }
                ids.append(id)
            } else {
                ids.append(intern(p, s, e, hash: h.hash))
            }
        }
        defer { scratch = ids }
        let leaf = findOrAddLeaf(ids)
        if let best = bestCluster(ids, in: leaf) {
            let c = Int(best)
            counts[c] += 1
            templates[c].withUnsafeMutableBufferPointer { t in
                for i in 0..<t.count where t[i] != ids[i] { t[i] = 0 }
            }
            return MinedLine(templateID: c + 1, isNew: false)
        }
        let c = templates.count
        templates.append(ids)
        counts.append(1)
        leaves[leaf].append(Int32(c))
        return MinedLine(templateID: c + 1, isNew: true)
    }

    /// Gives token `p[s..<e]`, first seen, its id. Kept out of line: inlined, a second copy of the
    /// masker in `add` made the compiler stop inlining the first one (15% slower mining).
    @inline(never) private mutating func intern(_ p: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int, hash: UInt64) -> Int32 {
        var text = ByteSink()
        LogMasker.maskToken(p, s, e, into: &text)
        let id = Int32(tokenText.count)
        let string = String(decoding: text.bytes, as: UTF8.self)
        tokenText.append(string)
        tokenHasMask.append(string.contains("<*>"))
        tokenIDs.set(hash, id)
        return id
    }

    @inline(__always) private static func mix(_ key: UInt64, _ token: Int32) -> UInt64 {
        let x = (key ^ UInt64(UInt32(bitPattern: token))) &* 0xff51_afd7_ed55_8ccd
        return x ^ (x >> 29)
    }

    /// Walks the tree for `ids`, adding the missing nodes, and returns its leaf.
    private mutating func findOrAddLeaf(_ ids: [Int32]) -> Int {
        var key = Self.mix(0x51_7cc1_b727_220a, Int32(truncatingIfNeeded: ids.count))
        let depth = min(config.prefixTokens, ids.count)
        for d in 0..<depth {
            let isLeaf = d == depth - 1
            let child = Self.mix(key, ids[d])
            let exists = isLeaf ? leafIndex.get(child) != nil : inner.get(child) != nil
            if exists {
                key = child
                continue
            }
            let wildcardChild = Self.mix(key, 0)
            let used = inner.get(key) ?? 0
            if used < Int32(config.maxChildren) {
                inner.set(key, used + 1)
                key = child
            } else {
                key = wildcardChild
            }
            if !isLeaf && inner.get(key) == nil { inner.set(key, 0) }
        }
        if let leaf = leafIndex.get(key) { return Int(leaf) }
        leafIndex.set(key, Int32(leaves.count))
        leaves.append([])
        return leaves.count - 1
    }

    /// The leaf `ids` would reach, without adding nodes.
    private func lookupLeaf(_ ids: [Int32]) -> Int? {
        var key = Self.mix(0x51_7cc1_b727_220a, Int32(truncatingIfNeeded: ids.count))
        let depth = min(config.prefixTokens, ids.count)
        for d in 0..<depth {
            let isLeaf = d == depth - 1
            let child = Self.mix(key, ids[d])
            let exists = isLeaf ? leafIndex.get(child) != nil : inner.get(child) != nil
            key = exists ? child : Self.mix(key, 0)
        }
        return leafIndex.get(key).map { Int($0) }
    }

    /// The most similar cluster of `leaf` at or above the threshold; ties go to the more general template.
    private func bestCluster(_ ids: [Int32], in leaf: Int) -> Int32? {
        var best: Int32?
        var bestSim = -1, bestParams = -1
        let n = ids.count
        for c in leaves[leaf] {
            var same = 0, params = 0
            templates[Int(c)].withUnsafeBufferPointer { t in
                tokenHasMask.withUnsafeBufferPointer { masked in
                    for i in 0..<n {
                        if masked[Int(t[i])] { params += 1 } else if t[i] == ids[i] { same += 1 }
                    }
                }
            }
            if same > bestSim || (same == bestSim && params > bestParams) {
                best = c
                bestSim = same
                bestParams = params
            }
        }
        guard let found = best else { return nil }
        let positions = config.ignoreWildcardsInSimilarity ? n - bestParams : n
        if positions == 0 { return found }
        return Double(bestSim) >= config.similarityThreshold * Double(positions) ? found : nil
    }
}
