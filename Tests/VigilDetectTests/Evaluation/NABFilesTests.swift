import Foundation
import Testing
@testable import VigilDetect

@Suite(.timeLimit(.minutes(5))) struct NABFilesTests {
    @Test func timestampsAreUTCSeconds() {
        #expect(NABTime.parse("1970-01-01 00:00:00") == 0)
        #expect(NABTime.parse("2014-04-10 07:15:00") == 1_397_114_100)
        #expect(NABTime.parse("2014-04-10 07:15:00.000000") == 1_397_114_100)
        #expect(NABTime.parse("2000-02-29 23:59:59") == 951_868_799)
        #expect(NABTime.parse("2014-04-10 07:15:00.5") == 1_397_114_100.5)
        for bad in ["", "2014-04-10", "2014-13-10 07:15:00", "2014-04-10 07:15:00Z", "2014/04/10 07:15:00"] {
            #expect(NABTime.parse(bad) == nil, "\(bad)")
        }
    }

    @Test func profilesLoadFromNABsConfig() throws {
        let profiles = try NABProfile.load(from: NABFixture.root.appendingPathComponent("config/profiles.json"))
        #expect(profiles == NABProfile.nab)
    }

    @Test func scoreFilesRoundTripWithTimestampsAsWritten() throws {
        let corpus = try NABFixture.corpus.get()
        let small = NABCorpus(series: Array(corpus.series.filter { $0.category == "realAdExchange" }.prefix(2)))
        let scores = small.series.map { s in s.values.indices.map { Double($0 % 7) / 7 } }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-nab-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        try NABScoreFiles.write(corpus: small, scores: scores, to: dir)
        let first = dir.appendingPathComponent(small.series[0].relativePath)
        let text = try String(contentsOf: first, encoding: .utf8)
        #expect(text.hasPrefix("timestamp,value,anomaly_score\n\(small.series[0].timestamps[0]),"))
        #expect(try NABScoreFiles.read(from: dir, corpus: small) == scores)
        // A file whose rows do not match the series is refused, naming the file.
        try Data("timestamp,anomaly_score\n2011-07-01 00:00:01,0.5\n".utf8).write(to: first)
        #expect(throws: NABError.self) { try NABScoreFiles.read(from: dir, corpus: small) }
    }

    @Test func peersFollowTheFileOrderForASubsetCorpus() throws {
        let corpus = try NABFixture.corpus.get()
        let full = try NABPeers.load("numenta", from: NABFixture.peers, corpus: corpus)
        let subset = NABCorpus(series: [corpus.series[30], corpus.series[3]])
        let part = try NABPeers.load("numenta", from: NABFixture.peers, corpus: subset)
        #expect(part == [full[30], full[3]])
        #expect(throws: NABError.self) { try NABPeers.load("no-such-detector", from: NABFixture.peers, corpus: subset) }
    }

    @Test func aSeriesWithoutLabelsIsAnError() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-nab-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("data/c"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("labels"), withIntermediateDirectories: true)
        try Data("timestamp,value\n2014-01-01 00:00:00,1\n".utf8).write(to: dir.appendingPathComponent("data/c/a.csv"))
        try Data("{\"c/b.csv\": []}".utf8).write(to: dir.appendingPathComponent("labels/combined_windows.json"))
        #expect(throws: NABError.self) { try NABCorpus.load(from: dir) }
        try Data("{\"c/a.csv\": [[\"2014-01-01 00:00:00.000000\", \"2014-01-01 00:00:00.000000\"]]}".utf8)
            .write(to: dir.appendingPathComponent("labels/combined_windows.json"))
        let corpus = try NABCorpus.load(from: dir)
        #expect(corpus.series.first?.windows.first?.start == 0 && corpus.series.first?.windows.first?.end == 0)
    }

    @Test func theBaselineGivesOneScoreInRangePerRow() throws {
        let corpus = try NABFixture.corpus.get()
        let small = NABCorpus(series: [corpus.series[0]])
        let run = try NABEvaluation.run(NABEvaluation.baseline, on: small)
        #expect(run.scores[0].count == small.series[0].values.count)
        #expect(run.scores[0].allSatisfy { (0...1).contains($0) })
    }
}
