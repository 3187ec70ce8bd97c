import Foundation
import Testing
import VigilCore
@testable import VigilPrometheus

/// The one-pass reader of query answers gives exactly what `JSONDecoder` gives, on the shapes
/// Prometheus sends and on random label texts; it declines (nil) whatever it does not know, so the
/// decoder's precise error is what the operator reads.
@Suite(.timeLimit(.minutes(5))) struct QueryAnswerScannerTests {
    static func viaDecoder(_ text: String) throws -> QueryResponse {
        let (data, warnings) = try PrometheusDecoding.decode(WireQueryData.self, from: HTTPResponseData(status: 200, body: Array(text.utf8)),
                                                             route: "/api/v1/query")
        return QueryResponse(result: data.result, warnings: warnings)
    }

    static func same(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let fast = try #require(QueryAnswerScanner.scan(Array(text.utf8)), "declined: \(text.prefix(200))", sourceLocation: sourceLocation)
        let slow = try viaDecoder(text)
        // NaN is not equal to itself: compare a form where it is.
        func form(_ r: QueryResult) -> String {
            switch r {
            case .vector(let v): return v.map { "\($0.key) \($0.value) \($0.timestamp.timeIntervalSince1970)" }.joined(separator: "|")
            case .matrix(let m): return m.map { "\($0.key) \($0.values) \($0.times.map(\.timeIntervalSince1970))" }.joined(separator: "|")
            case .scalar(let t, let v): return "scalar \(t.timeIntervalSince1970) \(v)"
            case .string(let t, let s): return "string \(t.timeIntervalSince1970) \(s)"
            }
        }
        #expect(form(fast.result) == form(slow.result), sourceLocation: sourceLocation)
        #expect(fast.warnings == slow.warnings, sourceLocation: sourceLocation)
    }

    @Test func theShapesPrometheusSends() throws {
        try Self.same(#"{"status":"success","data":{"resultType":"vector","result":[{"metric":{"__name__":"up","job":"a","instance":"h:9100"},"value":[1700000000.123,"1"]},{"metric":{},"value":[1700000000,"NaN"]}]}}"#)
        try Self.same(#"{"status":"success","data":{"resultType":"vector","result":[]},"warnings":["store s1 did not answer"]}"#)
        try Self.same(#"{"status":"success","data":{"resultType":"matrix","result":[{"metric":{"code":"503"},"values":[[1,"+Inf"],[2,"-Inf"],[3,"1e-300"]]}]}}"#)
        try Self.same(#"{"status":"success","data":{"resultType":"scalar","result":[1700000000.5,"42"]}}"#)
        try Self.same(#"{"status":"success","data":{"resultType":"string","result":[1700000000.5,"a \"quoted\" \u00e9 \ud83d\ude00"]}}"#)
        // Keys in another order, spaces, unknown keys, a native histogram (no value: left out).
        try Self.same("""
            { "data" : { "result" : [ { "value" : [ 1 , "2" ] , "metric" : { "b" : "x\\ny" , "a" : "\\u0041" } , "extra" : [true, null, {"k": 1.5e3}] },
              { "metric": {"__name__": "h"}, "histogram": [1, {"count": "3", "buckets": [[0, "0", "1", "2"]]}] } ],
              "resultType" : "vector" }, "warnings" : null, "status" : "success", "infos": ["x"] }
            """)
    }

    @Test func randomLabelTextsReadTheSame() throws {
        var rng = SystemRandomNumberGenerator()
        let alphabet: [Character] = ["a", "Z", "0", " ", "\"", "\\", "/", "\n", "\t", "é", "😀", "{", "}", "[", "]", ",", ":", "\u{1}"]
        for _ in 0..<200 {
            var metric: [String: String] = ["__name__": "m"]
            for k in 0..<Int.random(in: 0...4, using: &rng) {
                metric["l\(k)"] = String((0..<Int.random(in: 0...12, using: &rng)).map { _ in alphabet.randomElement(using: &rng)! })
            }
            let item: [String: Any] = ["metric": metric, "value": [Double.random(in: 0...2e9, using: &rng), String(Double.random(in: -1e6...1e6, using: &rng))]]
            let root: [String: Any] = ["status": "success", "data": ["resultType": "vector", "result": [item]]]
            let text = String(decoding: try JSONSerialization.data(withJSONObject: root), as: UTF8.self)
            try Self.same(text)
        }
    }

    @Test func whatItDoesNotKnowGoesToTheDecoder() {
        for text in [#"{"status":"error","errorType":"bad_data","error":"parse error"}"#,
                     #"{"status":"success","data":{"resultType":"vector","result":[{"metric":{},"value":[1,"x"]}]}}"#,
                     #"{"status":"success","data":{"resultType":"vector","result":[{"metric":{},"value":[1,"1"]}]}"#,
                     #"{"status":"success","data":{"resultType":"tensor","result":[]}}"#,
                     #"{"status":"success","data":{"resultType":"vector","result":[]}} trailing"#,
                     "<html>502 Bad Gateway</html>", ""] {
            #expect(QueryAnswerScanner.scan(Array(text.utf8)) == nil, "\(text)")
        }
    }
}
