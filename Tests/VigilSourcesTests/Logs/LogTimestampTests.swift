import Foundation
import Testing
@testable import VigilSources
@testable import VigilLogSources

@Suite(.timeLimit(.minutes(5))) struct LogTimestampTests {
    private let ts = LogTimestamp(year: 2026, timeZone: TimeZone(identifier: "UTC") ?? .current)

    private func utc(_ text: String) throws -> Date { try #require(RFC3339.parse(text)) }

    private func check(_ line: String, _ expected: String, rest: String,
                       sourceLocation: SourceLocation = #_sourceLocation) throws {
        let (date, tail) = ts.parse(line)
        #expect(date == (try utc(expected)), "\(line)", sourceLocation: sourceLocation)
        #expect(tail == rest[...], "\(line)", sourceLocation: sourceLocation)
    }

    @Test func rfc3339() throws {
        try check("2026-11-29T12:00:00Z hello", "2026-11-29T12:00:00Z", rest: "hello")
        try check("2026-11-29T12:00:00.250Z x", "2026-11-29T12:00:00.250Z", rest: "x")
        try check("2026-11-29T14:00:00+02:00 x", "2026-11-29T12:00:00Z", rest: "x")
    }

    @Test func isoWithoutZoneIsLocal() throws {
        try check("2026-11-29 12:00:00,123 INFO a", "2026-11-29T12:00:00.123Z", rest: "INFO a")
        try check("2026-11-29 12:00:00.123 INFO a", "2026-11-29T12:00:00.123Z", rest: "INFO a")
        try check("2015-07-29 17:41:44,747 - INFO  [QuorumPeer", "2015-07-29T17:41:44.747Z", rest: "- INFO  [QuorumPeer")
        try check("2016-09-28 04:30:30, Info CBS", "2016-09-28T04:30:30Z", rest: ", Info CBS")
        let berlin = LogTimestamp(year: 2026, timeZone: TimeZone(identifier: "Europe/Berlin") ?? .current)
        #expect(berlin.parse("2026-11-29 12:00:00 x").date == (try utc("2026-11-29T11:00:00Z")))
    }

    @Test func syslogUsesTheGivenYear() throws {
        try check("Nov 29 12:00:00 host sshd[1]: hi", "2026-11-29T12:00:00Z", rest: "host sshd[1]: hi")
        try check("Jun  9 06:06:20 combo kernel", "2026-06-09T06:06:20Z", rest: "combo kernel")
    }

    @Test func klogWithLevel() throws {
        try check("I1129 12:00:00.000001    1 main.go:10] started", "2026-11-29T12:00:00.000001Z",
                  rest: "1 main.go:10] started")
        let p = ts.parsed("E1129 12:00:00.000000 1 x.go:1] boom")
        #expect(p.level == "E")
        #expect(ts.parsed("Info about things").date == nil)
    }

    @Test func logHubFormats() throws {
        try check("081109 203615 148 INFO dfs.DataNode", "2008-11-09T20:36:15Z", rest: "148 INFO dfs.DataNode")
        try check("17/06/09 20:10:40 INFO executor", "2017-06-09T20:10:40Z", rest: "INFO executor")
        try check("03-17 16:13:38.811  1702  2395 D Window", "2026-03-17T16:13:38.811Z", rest: "1702  2395 D Window")
        try check("[10.30 16:49:06] chrome.exe - open", "2026-10-30T16:49:06Z", rest: "chrome.exe - open")
        try check("- 1117838570 2005.06.03 R02-M1-N0 RAS", "2005-06-03T22:42:50Z", rest: "R02-M1-N0 RAS")
        try check("APPREAD 1117869872 2005.06.04 R04 RAS", "2005-06-04T07:24:32Z", rest: "R04 RAS")
    }

    @Test func unknownLinesKeepEverything() {
        for line in ["hello world", "", "12345 not a date", "Nov 99 12:00:00 x", "2026-13-01 00:00:00 x"] {
            let (date, rest) = ts.parse(line)
            #expect(date == nil, "\(line)")
            #expect(rest == line[...])
        }
    }
}
