import Foundation
import Logging
import Testing
import VigilRuntime

/// `vigil serve`'s log lines: text or one JSON object per line, URLs redacted.
@Suite(.timeLimit(.minutes(1)))
struct StderrLogTests {
    static let t = Date(timeIntervalSince1970: 1_800_000_000)

    @Test func jsonLinesAreOneObjectWithTheMetadataAndNoSecret() throws {
        let line = StderrLogHandler.line(time: Self.t, level: .warning, label: "vigil.serve",
                                         message: "prometheus https://me:hunter2@prom.example:9090/api?token=abc failed",
                                         metadata: ["source": "prometheus"], format: .json)
        #expect(!line.contains("\n"))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: String])
        #expect(object["level"] == "warning")
        #expect(object["logger"] == "vigil.serve")
        #expect(object["source"] == "prometheus")
        #expect(object["time"] == "2027-01-15T08:00:00Z")
        let msg = try #require(object["msg"])
        #expect(!msg.contains("hunter2") && !msg.contains("abc"))
        #expect(msg.contains("prom.example"))
    }

    @Test func textLinesCarryTimeLevelAndMetadata() {
        let line = StderrLogHandler.line(time: Self.t, level: .info, label: "vigil.serve", message: "ready",
                                         metadata: ["b": "2", "a": "1"], format: .text)
        #expect(line == "2027-01-15T08:00:00Z info vigil.serve: ready a=1 b=2")
    }
}
