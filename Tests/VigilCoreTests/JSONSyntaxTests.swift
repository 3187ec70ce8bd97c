import Foundation
import Testing
@testable import VigilCore

/// The syntax check that stands before JSONDecoder (fuzzing found documents on which Foundation's
/// decoder traps while describing a syntax error).
@Suite(.timeLimit(.minutes(1))) struct JSONSyntaxTests {
    static func problem(_ text: String) -> String? { JSONSyntax.problem(in: Data(text.utf8)) }
    static func problem(_ bytes: [UInt8]) -> String? { JSONSyntax.problem(in: Data(bytes)) }

    @Test func validDocumentsPass() {
        for text in ["{}", "[]", " 1 ", "-0.5e+10", "\"a\\u00e9\\ud83d\\ude00\\n\"", "true", "null",
                     "{\"status\":\"success\",\"data\":{\"result\":[{\"metric\":{},\"value\":[1.5,\"NaN\"]}]}}",
                     "[[[[]]]]", "{\"a\":[1,2,{\"b\":false}],\"c\":\"é日\"}"] {
            #expect(Self.problem(text) == nil, "\(text)")
        }
    }

    @Test func malformedDocumentsSayWhereAndWhy() {
        #expect(Self.problem("") == "unexpected end at byte 0")
        #expect(Self.problem("[1,]") == "not a value at byte 3")
        #expect(Self.problem("{\"a\" 1}") == "expected ':' at byte 5")
        #expect(Self.problem("[1 2]") == "expected ',' or the end of the array at byte 3")
        #expect(Self.problem("{}x") == "content after the document at byte 2")
        #expect(Self.problem("01") == "content after the document at byte 1")
        #expect(Self.problem("[1.]") == "a bad number at byte 1")
        #expect(Self.problem("\"\\ud800\"") == "a lone high surrogate at byte 1")
        #expect(Self.problem("\"\\udc00\"") == "a lone low surrogate at byte 1")
        #expect(Self.problem("\"a\tb\"") == "a control character in a string at byte 2")
        #expect(Self.problem([0x22, 0xC3, 0x28, 0x22]) == "not UTF-8 at byte 1")
        #expect(Self.problem([0x22, 0xED, 0xA0, 0x80, 0x22]) == "not UTF-8 at byte 1")   // an encoded surrogate
        #expect(Self.problem([0x5B, 0x5B, 0xBF, 0xBD]) == "not a value at byte 2")
        #expect(Self.problem(String(repeating: "[", count: 513)) == "more than 512 levels of nesting at byte 512")
        #expect(Self.problem(String(repeating: "[", count: 512) + String(repeating: "]", count: 512)) == nil)
    }

    /// What passes decodes as JSONDecoder would; what fails is refused before it.
    @Test func decodeChecksFirst() throws {
        struct S: Decodable, Equatable { var a: [Int] }
        #expect(try JSONSyntax.decode(S.self, from: Data("{\"a\":[1,2]}".utf8)) == S(a: [1, 2]))
        #expect(throws: JSONSyntax.Malformed.self) { try JSONSyntax.decode(S.self, from: Data("{\"a\":[1,2}".utf8)) }
        #expect(throws: DecodingError.self) { try JSONSyntax.decode(S.self, from: Data("{\"a\":\"x\"}".utf8)) }
    }

    /// Random bytes and random mutations of a valid answer: the check never traps, and every
    /// document it passes is one JSONDecoder reads without a syntax error.
    @Test func randomInputsNeverTrapAndPassOnlyWhatDecodes() {
        var rng = SplitMix64(seed: 0x5EED)
        func next() -> UInt64 { rng.next() }
        let base = Array("{\"status\":\"success\",\"data\":{\"result\":[{\"metric\":{\"a\":\"é\"},\"value\":[1.5,\"1\"]}]}}".utf8)
        let alphabet = Array("{}[],:\"\\0123456789.eE+-truefalsnul \n".utf8) + [0xC3, 0xA9, 0xED, 0xBF, 0xBD, 0xD1]
        var passed = 0
        for _ in 0..<20_000 {
            var bytes = base
            for _ in 0..<Int(next() % 4 + 1) {
                let at = Int(next() % UInt64(bytes.count + 1))
                switch next() % 3 {
                case 0: if at < bytes.count { bytes.remove(at: at) }
                case 1: bytes.insert(alphabet[Int(next() % UInt64(alphabet.count))], at: at)
                default: if at < bytes.count { bytes[at] = alphabet[Int(next() % UInt64(alphabet.count))] }
                }
            }
            guard Self.problem(bytes) == nil else { continue }
            passed += 1
            do {
                _ = try JSONSerialization.jsonObject(with: Data(bytes), options: [.fragmentsAllowed])
            } catch {
                Issue.record("passed the check but not JSONSerialization: \(String(decoding: bytes, as: UTF8.self))")
            }
        }
        #expect(passed > 100)
    }
}
