import Foundation

/// A miner saved whole — tokens, templates, counts and the prefix tree as it stands — so that a
/// restarted pipeline routes every line exactly as before: same template ids, same template
/// texts, counts going on (a tree rebuilt from the template texts alone would route a line with a
/// concrete token where a template has since widened to `<*>` elsewhere, and split it again).
/// JSON with a `version`; the tree's 64-bit keys are written in hex (JSON numbers lose them).
extension TemplateMiner {
    public static let formatVersion = 1

    private struct File: Codable {
        var version: Int
        var similarityThreshold: Double
        var prefixTokens: Int
        var maxChildren: Int
        var ignoreWildcardsInSimilarity: Bool
        /// Token texts by id (id 0 is `<*>`).
        var tokens: [String]
        var templates: [[Int32]]
        var counts: [Int]
        var leaves: [[Int32]]
        /// Tree nodes: "key:value", key in hex.
        var inner: [String]
        var leafIndex: [String]
    }

    public func save(to url: URL) throws {
        func table(_ t: IntTable) -> [String] { t.entries.map { String($0.key, radix: 16) + ":" + String($0.value) } }
        let file = File(version: Self.formatVersion, similarityThreshold: config.similarityThreshold,
                        prefixTokens: config.prefixTokens, maxChildren: config.maxChildren,
                        ignoreWildcardsInSimilarity: config.ignoreWildcardsInSimilarity,
                        tokens: tokenText, templates: templates, counts: counts, leaves: leaves,
                        inner: table(inner), leafIndex: table(leafIndex))
        try JSONEncoder().encode(file).write(to: url, options: .atomic)
    }

    public static func load(from url: URL) throws -> TemplateMiner {
        let data = try Data(contentsOf: url)
        struct Version: Decodable { var version: Int }
        let version = try JSONDecoder().decode(Version.self, from: data).version
        guard version == formatVersion else {
            throw TemplateMinerError("template miner format \(version) is not supported (this build reads \(formatVersion))")
        }
        let f = try JSONDecoder().decode(File.self, from: data)
        let config = MinerConfig(similarityThreshold: f.similarityThreshold, prefixTokens: f.prefixTokens,
                                 maxChildren: f.maxChildren, ignoreWildcardsInSimilarity: f.ignoreWildcardsInSimilarity)
        var m = TemplateMiner(config: config)
        guard f.tokens.first == "<*>", f.templates.count == f.counts.count else { throw TemplateMinerError("malformed template miner") }
        let tokenCount = Int32(f.tokens.count), templateCount = Int32(f.templates.count)
        guard f.templates.allSatisfy({ $0.allSatisfy { $0 >= 0 && $0 < tokenCount } }),
              f.leaves.allSatisfy({ $0.allSatisfy { $0 >= 0 && $0 < templateCount } }) else {
            throw TemplateMinerError("malformed template miner: an id out of range")
        }
        for text in f.tokens.dropFirst() {
            var h = HashSink()
            for b in text.utf8 { h.put(b) }
            m.tokenIDs.set(h.hash, Int32(m.tokenText.count))
            m.tokenText.append(text)
            m.tokenHasMask.append(text.contains("<*>"))
        }
        m.templates = f.templates
        m.counts = f.counts
        m.leaves = f.leaves
        func fill(_ table: inout IntTable, _ rows: [String], limit: Int32?) throws {
            for row in rows {
                let parts = row.split(separator: ":")
                guard parts.count == 2, let key = UInt64(parts[0], radix: 16), let value = Int32(parts[1]),
                      limit.map({ value >= 0 && value < $0 }) ?? true else {
                    throw TemplateMinerError("malformed template miner: tree node '\(row)'")
                }
                table.set(key, value)
            }
        }
        try fill(&m.inner, f.inner, limit: nil)
        try fill(&m.leafIndex, f.leafIndex, limit: Int32(f.leaves.count))
        return m
    }
}

public struct TemplateMinerError: Error, CustomStringConvertible, Equatable {
    public var description: String
    init(_ description: String) { self.description = description }
}
