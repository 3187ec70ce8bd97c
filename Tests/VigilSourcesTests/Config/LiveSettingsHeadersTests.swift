import Testing
@testable import VigilSources
@testable import VigilPrometheus

@Suite(.timeLimit(.minutes(5))) struct LiveSettingsHeadersTests {
    @Test func headersParseToTrimmedPairsInOrder() throws {
        var settings = LiveSettings()
        settings.headers = ["X-Scope-OrgID:tenant", "  Accept :  application/json  ", "X-Empty:", "X-URL: http://a:b"]
        let pairs = try settings.parsedHeaders()
        #expect(pairs.map(\.name) == ["X-Scope-OrgID", "Accept", "X-Empty", "X-URL"])
        #expect(pairs.map(\.value) == ["tenant", "application/json", "", "http://a:b"])
    }

    @Test(arguments: [
        ("no colon", "malformed header 'no colon': expected 'Name: value'"),
        (": value", "malformed header ': value': '' is not a header name"),
        ("Bad Name: v", "malformed header 'Bad Name: v': 'Bad Name' is not a header name"),
        ("X-A: one\r\nX-B: two", "malformed header 'X-A': its value holds a line break"),
    ])
    func malformedHeadersAreErrors(header: String, message: String) {
        var settings = LiveSettings()
        settings.headers = ["X-Good: 1", header]
        let error = #expect(throws: ConfigError.self) { try settings.parsedHeaders() }
        #expect(error?.description == message)
    }
}
