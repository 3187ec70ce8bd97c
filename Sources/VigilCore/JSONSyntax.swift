import Foundation

/// A JSON syntax check (RFC 8259: UTF-8, at most `maxDepth` nested arrays and objects) run before
/// `JSONDecoder` sees untrusted bytes. Fuzzing found inputs on which Foundation's decoder traps
/// while it describes where a malformed document went wrong (in
/// `JSONError.SourceLocation.sourceLocation`), which would end the dashboard on one bad answer
/// from a server; a document that passes this check never takes that path. Linear, no recursion.
public enum JSONSyntax {
    public static let maxDepth = 512

    /// Why the bytes are not one JSON document, with the byte offset; nil when they are.
    public static func problem(in data: Data) -> String? {
        data.withUnsafeBytes { raw in problem(in: raw.bindMemory(to: UInt8.self)) }
    }

    /// `JSONDecoder().decode` after the syntax check; a document that fails it throws `Malformed`.
    public static func decode<T: Decodable>(_ type: T.Type, from data: Data) throws -> T {
        if let problem = problem(in: data) { throw Malformed(description: problem) }
        return try JSONDecoder().decode(type, from: data)
    }

    public struct Malformed: Error, CustomStringConvertible, Sendable {
        public var description: String
    }

    private enum State { case value, firstValueOrEnd, firstKeyOrEnd, key, colon, commaOrEnd }

    public static func problem(in b: UnsafeBufferPointer<UInt8>) -> String? {
        let n = b.count
        var i = 0
        var stack: [UInt8] = []
        var state = State.value
        func at(_ what: String) -> String { "\(what) at byte \(i)" }
        while true {
            while i < n, b[i] == 0x20 || b[i] == 0x09 || b[i] == 0x0A || b[i] == 0x0D { i += 1 }
            if state == .commaOrEnd, stack.isEmpty { return i == n ? nil : at("content after the document") }
            guard i < n else { return at("unexpected end") }
            let c = b[i]
            switch state {
            case .value, .firstValueOrEnd:
                if state == .firstValueOrEnd, c == UInt8(ascii: "]") {
                    stack.removeLast(); i += 1; state = .commaOrEnd; continue
                }
                switch c {
                case UInt8(ascii: "["), UInt8(ascii: "{"):
                    guard stack.count < maxDepth else { return at("more than \(maxDepth) levels of nesting") }
                    stack.append(c); i += 1
                    state = c == UInt8(ascii: "[") ? .firstValueOrEnd : .firstKeyOrEnd
                case UInt8(ascii: "\""):
                    if let e = string(b, &i) { return e }
                    state = .commaOrEnd
                case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                    if let e = number(b, &i) { return e }
                    state = .commaOrEnd
                case UInt8(ascii: "t"), UInt8(ascii: "f"), UInt8(ascii: "n"):
                    let word: [UInt8] = c == UInt8(ascii: "t") ? Array("true".utf8) : c == UInt8(ascii: "f") ? Array("false".utf8) : Array("null".utf8)
                    guard i + word.count <= n, Array(b[i..<(i + word.count)]) == word else { return at("not a value") }
                    i += word.count
                    state = .commaOrEnd
                default:
                    return at("not a value")
                }
            case .firstKeyOrEnd, .key:
                if state == .firstKeyOrEnd, c == UInt8(ascii: "}") {
                    stack.removeLast(); i += 1; state = .commaOrEnd; continue
                }
                guard c == UInt8(ascii: "\"") else { return at("expected a key") }
                if let e = string(b, &i) { return e }
                state = .colon
            case .colon:
                guard c == UInt8(ascii: ":") else { return at("expected ':'") }
                i += 1
                state = .value
            case .commaOrEnd:
                let open = stack[stack.count - 1]
                if c == UInt8(ascii: ",") {
                    i += 1
                    state = open == UInt8(ascii: "[") ? .value : .key
                } else if (c == UInt8(ascii: "]") && open == UInt8(ascii: "[")) || (c == UInt8(ascii: "}") && open == UInt8(ascii: "{")) {
                    stack.removeLast(); i += 1
                } else {
                    return at("expected ',' or the end of the \(open == UInt8(ascii: "[") ? "array" : "object")")
                }
            }
        }
    }

    /// A string from its opening quote: escapes (surrogates paired), no control characters, UTF-8.
    private static func string(_ b: UnsafeBufferPointer<UInt8>, _ i: inout Int) -> String? {
        let n = b.count
        i += 1
        func hex4(_ at: Int) -> Int? {
            guard at + 4 <= n else { return nil }
            var v = 0
            for k in at..<(at + 4) {
                let d = b[k]
                switch d {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): v = v * 16 + Int(d - UInt8(ascii: "0"))
                case UInt8(ascii: "a")...UInt8(ascii: "f"): v = v * 16 + Int(d - UInt8(ascii: "a")) + 10
                case UInt8(ascii: "A")...UInt8(ascii: "F"): v = v * 16 + Int(d - UInt8(ascii: "A")) + 10
                default: return nil
                }
            }
            return v
        }
        while i < n {
            let c = b[i]
            switch c {
            case UInt8(ascii: "\""):
                i += 1
                return nil
            case UInt8(ascii: "\\"):
                guard i + 1 < n else { return "unexpected end in a string at byte \(i)" }
                switch b[i + 1] {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
                     UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
                    i += 2
                case UInt8(ascii: "u"):
                    guard let v = hex4(i + 2) else { return "a bad \\u escape at byte \(i)" }
                    if (0xDC00...0xDFFF).contains(v) { return "a lone low surrogate at byte \(i)" }
                    if (0xD800...0xDBFF).contains(v) {
                        guard i + 11 < n, b[i + 6] == UInt8(ascii: "\\"), b[i + 7] == UInt8(ascii: "u"),
                              let low = hex4(i + 8), (0xDC00...0xDFFF).contains(low) else { return "a lone high surrogate at byte \(i)" }
                        i += 12
                    } else {
                        i += 6
                    }
                default:
                    return "a bad escape at byte \(i)"
                }
            case 0..<0x20:
                return "a control character in a string at byte \(i)"
            case 0x20..<0x80:
                i += 1
            default:
                // UTF-8: the lead byte decides the length and the range of the second byte.
                let (length, low, high): (Int, UInt8, UInt8)
                switch c {
                case 0xC2...0xDF: (length, low, high) = (2, 0x80, 0xBF)
                case 0xE0: (length, low, high) = (3, 0xA0, 0xBF)
                case 0xE1...0xEC, 0xEE...0xEF: (length, low, high) = (3, 0x80, 0xBF)
                case 0xED: (length, low, high) = (3, 0x80, 0x9F)
                case 0xF0: (length, low, high) = (4, 0x90, 0xBF)
                case 0xF1...0xF3: (length, low, high) = (4, 0x80, 0xBF)
                case 0xF4: (length, low, high) = (4, 0x80, 0x8F)
                default: return "not UTF-8 at byte \(i)"
                }
                guard i + length <= n, (low...high).contains(b[i + 1]) else { return "not UTF-8 at byte \(i)" }
                for k in 2..<length where !(0x80...0xBF).contains(b[i + k]) { return "not UTF-8 at byte \(i)" }
                i += length
            }
        }
        return "unexpected end in a string at byte \(i)"
    }

    /// A number: -? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?
    private static func number(_ b: UnsafeBufferPointer<UInt8>, _ i: inout Int) -> String? {
        let n = b.count, start = i
        func digits() -> Int {
            let from = i
            while i < n, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(b[i]) { i += 1 }
            return i - from
        }
        if b[i] == UInt8(ascii: "-") { i += 1 }
        guard i < n else { return "a bad number at byte \(start)" }
        if b[i] == UInt8(ascii: "0") { i += 1 } else if digits() == 0 { return "a bad number at byte \(start)" }
        if i < n, b[i] == UInt8(ascii: ".") {
            i += 1
            guard digits() > 0 else { return "a bad number at byte \(start)" }
        }
        if i < n, b[i] == UInt8(ascii: "e") || b[i] == UInt8(ascii: "E") {
            i += 1
            if i < n, b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-") { i += 1 }
            guard digits() > 0 else { return "a bad number at byte \(start)" }
        }
        return nil
    }
}
