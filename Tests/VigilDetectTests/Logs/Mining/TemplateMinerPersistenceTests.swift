import Foundation
import Testing
@testable import VigilDetect

@Suite(.timeLimit(.minutes(5))) struct TemplateMinerPersistenceTests {
    static func tempFile() -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("vigil-miner-\(UInt32.random(in: 0...UInt32.max)).json")
    }

    /// Lines of several systems, so templates widen, the tree fills and token ids run into the hundreds.
    static func lines() throws -> [String] {
        try ["HDFS", "Linux", "Proxifier"].flatMap { system in
            let file = TemplateMinerFixtureTests.root.appendingPathComponent("\(system)/\(system)_2k.log")
            let text = try String(contentsOf: file, encoding: .utf8)
            return text.split(separator: "\n").map(String.init)
        }
    }

    /// Saved halfway and loaded, a miner goes on exactly as the one that never stopped: same ids,
    /// same templates, same counts, for lines it has seen and lines it has not.
    @Test func aLoadedMinerGoesOnAsTheOriginal() throws {
        let lines = try Self.lines()
        let half = lines.count / 2
        var original = TemplateMiner()
        for l in lines[..<half] { _ = original.add(l) }
        let url = Self.tempFile()
        defer { try? FileManager.default.removeItem(at: url) }
        try original.save(to: url)
        var loaded = try TemplateMiner.load(from: url)
        #expect(loaded.templateCount == original.templateCount)
        for l in lines[..<half].prefix(200) { #expect(loaded.match(l) == original.match(l)) }
        for l in lines[half...] { #expect(loaded.add(l) == original.add(l)) }
        #expect((1...original.templateCount).allSatisfy { loaded.template($0) == original.template($0) && loaded.count($0) == original.count($0) })
    }

    @Test func anotherVersionOrABrokenFileIsAClearError() throws {
        let url = Self.tempFile()
        defer { try? FileManager.default.removeItem(at: url) }
        try Data("{\"version\": 7}".utf8).write(to: url)
        #expect(throws: TemplateMinerError.self) { try TemplateMiner.load(from: url) }
        var miner = TemplateMiner()
        _ = miner.add("disk sda failed")
        try miner.save(to: url)
        let text = try String(contentsOf: url, encoding: .utf8)
        #expect(text.contains("\"templates\":[["))
        // A template pointing at a token that does not exist.
        try Data(text.replacingOccurrences(of: "\"templates\":[[", with: "\"templates\":[[99,").utf8).write(to: url)
        #expect(throws: TemplateMinerError.self) { try TemplateMiner.load(from: url) }
    }
}
