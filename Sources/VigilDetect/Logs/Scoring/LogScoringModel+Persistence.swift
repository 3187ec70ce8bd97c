import Foundation

public enum LogScoringModelError: Error, Equatable, CustomStringConvertible {
    case unsupportedVersion(Int)
    case malformed(String)

    public var description: String {
        switch self {
        case .unsupportedVersion(let v): "log scoring model format \(v) is not supported (this build reads \(LogScoringModel.formatVersion))"
        case .malformed(let why): "malformed log scoring model: \(why)"
        }
    }
}

/// Saved as JSON with a `version` field; the float arrays are stored as base64 of their
/// little-endian bits, which is compact and restores every value exactly (decimal text might not).
extension LogScoringModel {
    private struct File: Codable {
        var version: Int
        var config: LogScorerConfig
        var dimensions: Int
        var words: [String]
        var vectors: Data
        var somWidth: Int
        var somHeight: Int
        var somWeights: Data
        var templateCounts: [String: Int]
        var lineCount: Int
        var distanceScale: Float
        var trainingMean: Double
        var trainingStd: Double
        /// Absent in files saved before feedback existed.
        var falsePositiveTemplates: [String]?
        /// Absent in files saved before burst ceilings existed.
        var burstCeilings: [String: BurstCeiling]?
        /// Absent in files saved before routine templates existed.
        var routineCeilings: [String: Double]?
    }

    public func save(to url: URL) throws {
        let file = File(
            version: Self.formatVersion, config: config, dimensions: word2vec.dimensions, words: word2vec.words,
            vectors: Self.pack(word2vec.vectors), somWidth: som.width, somHeight: som.height,
            somWeights: Self.pack(som.weights), templateCounts: templateCounts, lineCount: lineCount,
            distanceScale: distanceScale, trainingMean: trainingMean, trainingStd: trainingStd,
            falsePositiveTemplates: falsePositiveTemplates.sorted(), burstCeilings: burstCeilings,
            routineCeilings: routineCeilings)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        try encoder.encode(file).write(to: url, options: .atomic)
    }

    public static func load(from url: URL) throws -> LogScoringModel {
        let data = try Data(contentsOf: url)
        // Read the version first so a newer format fails with a clear error, not a decoding one.
        struct Version: Decodable { var version: Int }
        let version = try JSONDecoder().decode(Version.self, from: data).version
        guard version == formatVersion else { throw LogScoringModelError.unsupportedVersion(version) }
        let f = try JSONDecoder().decode(File.self, from: data)
        let vectors = unpack(f.vectors), weights = unpack(f.somWeights)
        guard vectors.count == f.words.count * f.dimensions else { throw LogScoringModelError.malformed("word vectors") }
        guard weights.count == f.somWidth * f.somHeight * f.dimensions else { throw LogScoringModelError.malformed("map weights") }
        return LogScoringModel(
            config: f.config, word2vec: Word2Vec(dimensions: f.dimensions, words: f.words, vectors: vectors),
            som: SelfOrganizingMap(width: f.somWidth, height: f.somHeight, dimensions: f.dimensions, weights: weights),
            templateCounts: f.templateCounts, lineCount: f.lineCount, distanceScale: f.distanceScale,
            trainingMean: f.trainingMean, trainingStd: f.trainingStd,
            falsePositiveTemplates: Set(f.falsePositiveTemplates ?? []), burstCeilings: f.burstCeilings ?? [:],
            routineCeilings: f.routineCeilings ?? [:])
    }

    static func pack(_ values: [Float]) -> Data {
        var data = Data(capacity: values.count * 4)
        for v in values { withUnsafeBytes(of: v.bitPattern.littleEndian) { data.append(contentsOf: $0) } }
        return data
    }

    static func unpack(_ data: Data) -> [Float] {
        let bytes = [UInt8](data)
        return stride(from: 0, to: bytes.count - bytes.count % 4, by: 4).map { i in
            let bits = UInt32(bytes[i]) | UInt32(bytes[i + 1]) << 8 | UInt32(bytes[i + 2]) << 16 | UInt32(bytes[i + 3]) << 24
            return Float(bitPattern: bits)
        }
    }
}
