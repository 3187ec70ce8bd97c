import Foundation
import Testing
@testable import VigilDetect

@Suite(.timeLimit(.minutes(5))) struct ParseMetricsTests {
    @Test func perfectParse() {
        let s = ParseMetrics.score(parsed: [1, 1, 2, 3], truth: ["a", "a", "b", "c"],
                                   parsedTemplates: ["x", "x", "y", "z"], trueTemplates: ["x", "x", "y", "q"])
        #expect(s.groupAccuracy == 1)
        #expect(s.parsingAccuracy == 0.75)
        #expect(s.groupF1 == 1)
    }

    @Test func splitAndMergedGroupsAreWrong() {
        // True a (3 lines) split over parsed 1 and 2; true b and c merged into parsed 3; d exact.
        let parsed = [1, 1, 2, 3, 3, 4]
        let truth = ["a", "a", "a", "b", "c", "d"]
        let s = ParseMetrics.score(parsed: parsed, truth: truth)
        #expect(s.groupAccuracy == 1.0 / 6.0)
        // Correct groups: d only. Precision 1/4, recall 1/4.
        #expect(abs(s.groupF1 - 0.25) < 1e-12)
        #expect(s.parsingAccuracy == 0)
    }

    @Test func aParsedGroupHoldingExtraLinesIsWrong() {
        let s = ParseMetrics.score(parsed: [7, 7, 7], truth: ["a", "a", "b"])
        #expect(s.groupAccuracy == 0)
        #expect(s.groupF1 == 0)
    }

    @Test func csvHandlesQuotesAndEscapes() {
        let rows = CSV.rows("EventId,EventTemplate\nE1,\"a, b \"\"c\"\"\"\nE2,plain\r\n")
        #expect(rows == [["EventId", "EventTemplate"], ["E1", "a, b \"c\""], ["E2", "plain"]])
        #expect(CSV.field("a,\"b\"") == "\"a,\"\"b\"\"\"")
        #expect(CSV.field("plain") == "plain")
    }

    @Test func logHubFormatsCutTheContent() throws {
        let hdfs = try LogHubFormat.regex(try #require(LogHubFormat.formats["HDFS"]))
        #expect(LogHubFormat.content(of: "081109 203615 148 INFO dfs.DataNode$PacketResponder: PacketResponder 1 for block blk_38 terminating", with: hdfs)
                == "PacketResponder 1 for block blk_38 terminating")
        let linux = try LogHubFormat.regex(try #require(LogHubFormat.formats["Linux"]))
        #expect(LogHubFormat.content(of: "Jun 14 15:16:02 combo sshd(pam_unix)[19937]: check pass; user unknown", with: linux)
                == "check pass; user unknown")
        let proxifier = try LogHubFormat.regex(try #require(LogHubFormat.formats["Proxifier"]))
        #expect(LogHubFormat.content(of: "[10.30 16:49:06] chrome.exe - a.b:1 open", with: proxifier) == "a.b:1 open")
        #expect(LogHubFormat.content(of: "no header here", with: hdfs) == nil)
        #expect(Set(LogHubFormat.systems) == Set(LogHubFormat.formats.keys))
    }
}
