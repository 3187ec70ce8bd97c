import Foundation
import Testing
import VigilCore
@testable import VigilSources
@testable import VigilGenerator

@Suite(.timeLimit(.minutes(5))) struct OpenMetricsParserTests {
    private let now = Date(timeIntervalSince1970: 1_000)

    @Test func readsFamiliesLabelsAndTimestamps() throws {
        let text = """
        # HELP http_requests Requests.
        # TYPE http_requests counter
        http_requests_total{code="200",method="GET"} 1027 1795838400
        http_requests_total{code="200",method="GET"} 1030 1795838430.5
        # TYPE temperature gauge
        temperature 21.5 1795838400
        # EOF
        """
        let samples = try OpenMetricsParser.parse(text)
        #expect(samples.count == 3)
        #expect(samples[0].name == "http_requests_total")
        #expect(samples[0].labels == ["code": "200", "method": "GET"])
        #expect(samples[1].value == 1030)
        #expect(samples[1].timestamp == Date(timeIntervalSince1970: 1_795_838_430.5))
        #expect(samples[1].key == samples[0].key)
        #expect(samples[2].labels.isEmpty && samples[2].value == 21.5)
    }

    @Test func unescapesLabelValues() throws {
        let samples = try OpenMetricsParser.parse(#"m{path="C:\\dir",quote="say \"hi\"",nl="a\nb",brace="}{"} 1 5"#)
        let labels = try #require(samples.first).labels
        #expect(labels["path"] == #"C:\dir"#)
        #expect(labels["quote"] == #"say "hi""#)
        #expect(labels["nl"] == "a\nb")
        #expect(labels["brace"] == "}{")
    }

    @Test func readsSpecialValues() throws {
        let samples = try OpenMetricsParser.parse("a NaN\nb +Inf\nc -Inf\nd -1.5e-3\n")
        #expect(samples[0].value.isNaN)
        #expect(samples[1].value == .infinity)
        #expect(samples[2].value == -.infinity)
        #expect(samples[3].value == -0.0015)
    }

    @Test func acceptsPrometheusTextWithoutEOF() throws {
        let text = """
        # A free comment, allowed in Prometheus text.
        # TYPE up untyped
          up{job="node"} 1

        up{job="api",} 0 1795838400000
        """
        let samples = try OpenMetricsParser.parse(text, defaultTimestamp: now)
        #expect(samples.count == 2)
        #expect(samples[0].timestamp == now)
        // A trailing comma is allowed; a millisecond timestamp is recognised by its size.
        #expect(samples[1].labels == ["job": "api"])
        #expect(samples[1].timestamp == Date(timeIntervalSince1970: 1_795_838_400))
    }

    @Test func ignoresExemplars() throws {
        let samples = try OpenMetricsParser.parse(#"req_total 5 100 # {trace_id="abc"} 1 99"# + "\n# EOF\n")
        #expect(samples.first?.value == 5)
    }

    @Test(arguments: [
        ("a 1\nb{x=\"1\" 2\n", 2, "expected ',' or '}' after the value of label 'x'"),
        ("a{x \"1\"} 1", 1, "expected '=' after label name"),
        ("a{x=1} 1", 1, "expected '\"' to open the value of label 'x'"),
        ("a{x=\"1} 1", 1, "unterminated value of label 'x'"),
        ("a{x=\"\\t\"} 1", 1, "invalid escape '\\t' in the value of label 'x'"),
        ("a{x=\"1\",x=\"2\"} 1", 1, "duplicate label 'x'"),
        ("a{1x=\"1\"} 1", 1, "expected a label name, found '1'"),
        ("a", 1, "expected a value after the series"),
        ("a one", 1, "invalid value 'one'"),
        ("a 1 two", 1, "invalid timestamp 'two'"),
        ("a 1 2 3", 1, "unexpected text after the timestamp"),
        ("9a 1", 1, "expected a metric name, found '9'"),
        ("# TYPE a wibble\na 1", 1, "unknown metric type 'wibble'"),
        ("a 1\n# EOF\nb 2\n", 3, "unexpected content after '# EOF'"),
    ])
    func reportsBadLinesWithTheirNumber(text: String, line: Int, message: String) {
        #expect(throws: OpenMetricsError(line: line, message: message)) { try OpenMetricsParser.parse(text) }
    }

    @Test func errorDescriptionNamesTheLine() {
        let error = OpenMetricsError(line: 12, message: "expected '=' after label name")
        #expect(error.description == "OpenMetricsError: line 12: expected '=' after label name")
    }

    @Test func roundTripsTheGeneratorsWriter() throws {
        var family = MetricFamily("odd", .gauge, help: "Label values that need escaping.")
        family.add(["v": "back\\slash \"quoted\"\nnewline"], [1, nil, 3])
        let clock = StoryClock(end: Date(timeIntervalSince1970: 60), hours: 1, step: 1800)
        let samples = try OpenMetricsParser.parse(OpenMetricsWriter.render([family], clock: clock))
        #expect(samples.map(\.value) == [1, 3])
        #expect(samples.first?.labels["v"] == "back\\slash \"quoted\"\nnewline")
    }
}
