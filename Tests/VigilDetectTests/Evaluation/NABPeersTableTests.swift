import Foundation
import Testing
@testable import VigilDetect

/// The published detectors' figures in ../shared/data/README.md, reproduced from their per-row
/// scores (copied into Tests/Fixtures/nab) by our scorer, to the two decimals shown there.
@Suite(.timeLimit(.minutes(5))) struct NABPeersTableTests {
    static let table: [(String, standard: Double, lowFP: Double, lowFN: Double)] = [
        ("contextOSE", 75.89, 72.41, 79.24),
        ("numenta", 75.52, 70.68, 78.99),
        ("ARTime", 74.60, 66.49, 79.42),
        ("earthgeckoSkyline", 60.17, 52.14, 64.59),
        ("knncad", 58.53, 48.64, 63.50),
        ("relativeEntropy", 53.40, 46.24, 57.48),
        ("twitterADVec", 46.63, 36.07, 52.44),
        ("skyline", 46.52, 37.35, 50.80),
        ("bayesChangePt", 37.24, 17.49, 49.83),
        ("null", 0, 0, 0),
    ]

    @Test(arguments: table.map(\.0))
    func reproducesThePublishedFigures(peer: String) throws {
        let corpus = try NABFixture.corpus.get()
        let profiles = try NABProfile.load(from: NABFixture.root.appendingPathComponent("config/profiles.json"))
        let scores = try NABPeers.load(peer, from: NABFixture.peers, corpus: corpus)
        let results = NABScorer(profiles: profiles).score(corpus: corpus, scores: scores)
        let expected = try #require(Self.table.first { $0.0 == peer })
        let got = NABProfile.nabOrder.map { String(format: "%.2f", results[$0]?.normalizedScore ?? .nan) }
        #expect(got == [expected.standard, expected.lowFP, expected.lowFN].map { String(format: "%.2f", $0) })
        for r in results.values { #expect(r.truePositives + r.falseNegatives == 64) }
    }

    @Test func theSweepAgreesWithDirectScoringAtItsThreshold() throws {
        let corpus = try NABFixture.corpus.get()
        let scores = try NABPeers.load("numenta", from: NABFixture.peers, corpus: corpus)
        for (name, r) in NABScorer().score(corpus: corpus, scores: scores) {
            let profile = try #require(NABProfile.nab[name])
            let direct = NABScorer.result(corpus: corpus, scores: scores, profile: profile, threshold: r.threshold)
            #expect(abs(direct.rawScore - r.rawScore) < 1e-9)
            #expect(direct.truePositives == r.truePositives && direct.falsePositives == r.falsePositives)
        }
    }

    @Test func theFixtureIsTheSharedCorpus() throws {
        let corpus = try NABFixture.corpus.get()
        #expect(corpus.series.count == 41)
        #expect(corpus.rowCount == 137_366)
        #expect(corpus.windowCount == 64)
        #expect(Set(corpus.series.map(\.category)).count == 5)
        // NAB's byte order: upper case sorts first.
        let traffic = corpus.series.filter { $0.category == "realTraffic" }.map(\.name)
        #expect(traffic.first == "TravelTime_387")
        #expect(NABPeers.available(in: NABFixture.peers).count == 10)
    }

    @Test func duplicateTimestampsAreKeptAsRows() throws {
        let corpus = try NABFixture.corpus.get()
        let s = try #require(corpus.series.first { $0.name == "ec2_disk_write_bytes_1ef3de" })
        #expect(s.values.count == 4730)
        let duplicates = zip(s.timestamps, s.timestamps.dropFirst()).filter { $0 == $1 }.count
        #expect(duplicates == 11)
    }

    @Test func windowsMapToTheRowsTheirTimestampsSpan() throws {
        let corpus = try NABFixture.corpus.get()
        let s = try #require(corpus.series.first { $0.relativePath == "artificialWithAnomaly/art_daily_flatmiddle.csv" })
        let w = try #require(s.windows.first)
        // Window ["2014-04-10 07:15:00", "2014-04-11 16:45:00"] in 5-minute rows.
        #expect(s.timestamps[w.start] == "2014-04-10 07:15:00")
        #expect(s.timestamps[w.end] == "2014-04-11 16:45:00")
        #expect(w.end - w.start + 1 == 403)
        #expect(s.probationRows == 604)
    }
}
