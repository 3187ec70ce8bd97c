import Foundation
import VigilDetect

/// The reference's input files, read fast: a JSON list of Prometheus matrix results
/// (`[{"metric": {…}, "values": [[ts, "value"], …]}, …]`) scanned byte by byte. JSONDecoder took
/// 6 s for the 90 MB of the shared data; this takes a fraction. Numbers are converted by
/// `Double(String)`, which rounds correctly, as Python's json does.
enum FlatlinerJSON {
    struct Malformed: Error, CustomStringConvertible {
        var description: String
    }

    static func parse(_ data: Data) throws -> [FlatlinerScorer.Series] {
        try data.withUnsafeBytes { raw in
            var s = Scanner(b: raw.bindMemory(to: UInt8.self))
            return try s.list()
        }
    }

    struct Scanner {
        let b: UnsafeBufferPointer<UInt8>
        var i = 0

        mutating func fail(_ what: String) -> Malformed { Malformed(description: "\(what) at byte \(i)") }

        mutating func space() {
            while i < b.count, b[i] == 32 || b[i] == 10 || b[i] == 13 || b[i] == 9 { i += 1 }
        }

        mutating func peek() -> UInt8? {
            space()
            return i < b.count ? b[i] : nil
        }

        mutating func expect(_ c: UInt8) throws {
            space()
            guard i < b.count, b[i] == c else { throw fail("expected '\(Character(UnicodeScalar(c)))'") }
            i += 1
        }

        /// `,` then more, or the closing bracket: true while there is more.
        mutating func more(_ close: UInt8) throws -> Bool {
            space()
            guard i < b.count else { throw fail("unterminated") }
            if b[i] == 44 { i += 1; return true }
            if b[i] == close { i += 1; return false }
            throw fail("expected ',' or '\(Character(UnicodeScalar(close)))'")
        }

        mutating func string() throws -> String {
            try expect(34)
            let start = i
            var escaped = false
            while i < b.count, b[i] != 34 {
                if b[i] == 92 { escaped = true; i += 1 }
                i += 1
            }
            guard i < b.count else { throw fail("unterminated string") }
            let text = String(decoding: UnsafeBufferPointer(rebasing: b[start..<i]), as: UTF8.self)
            i += 1
            guard escaped else { return text }
            // Rare: let Foundation undo the escapes.
            guard let value = try? JSONSerialization.jsonObject(with: Data("\"\(text)\"".utf8), options: .fragmentsAllowed) as? String
            else { throw fail("bad escape in a string") }
            return value
        }

        mutating func number() throws -> Double {
            space()
            let start = i
            while i < b.count, (b[i] >= 48 && b[i] <= 57) || b[i] == 46 || b[i] == 45 || b[i] == 43 || b[i] == 101 || b[i] == 69 { i += 1 }
            guard i > start, let v = Double(String(decoding: UnsafeBufferPointer(rebasing: b[start..<i]), as: UTF8.self)) else {
                throw fail("expected a number")
            }
            return v
        }

        /// Skips any value (an unknown key's).
        mutating func skip() throws {
            guard let c = peek() else { throw fail("expected a value") }
            switch c {
            case 34: _ = try string()
            case 123:
                i += 1
                if peek() == 125 { i += 1; return }
                repeat { _ = try string(); try expect(58); try skip() } while try more(125)
            case 91:
                i += 1
                if peek() == 93 { i += 1; return }
                repeat { try skip() } while try more(93)
            default:
                while i < b.count, b[i] != 44, b[i] != 125, b[i] != 93, b[i] != 32, b[i] != 10 { i += 1 }
            }
        }

        mutating func list() throws -> [FlatlinerScorer.Series] {
            var out: [FlatlinerScorer.Series] = []
            try expect(91)
            if peek() == 93 { i += 1; return out }
            repeat {
                var metric: [String: String] = [:]
                var values: [(timestamp: Double, value: Double)] = []
                // Only the three metrics the scorer reads keep their samples (metric comes first in the files).
                var keep: Bool { ["alerts", "etcd_object_counts", "cluster_version"].contains(metric["__name__"] ?? "alerts") }
                try expect(123)
                if peek() != 125 {
                    repeat {
                        let key = try string()
                        try expect(58)
                        switch key {
                        case "metric":
                            try expect(123)
                            if peek() != 125 {
                                repeat {
                                    let k = try string()
                                    try expect(58)
                                    metric[k] = try string()
                                } while try more(125)
                            } else { i += 1 }
                        case "values":
                            try expect(91)
                            if peek() != 93 {
                                repeat {
                                    try expect(91)
                                    let t = try number()
                                    try expect(44)
                                    let text = try string()
                                    try expect(93)
                                    if keep { values.append((t, Double(text) ?? .nan)) }
                                } while try more(93)
                            } else { i += 1 }
                        default:
                            try skip()
                        }
                    } while try more(125)
                } else { i += 1 }
                guard let cluster = metric["_id"], let name = metric["__name__"] else { continue }
                let label: String? = switch name {
                case "cluster_version": metric["version"]
                case "etcd_object_counts": metric["resource"]
                case "alerts": metric["alertname"]
                default: nil
                }
                out.append(FlatlinerScorer.Series(metric: name, cluster: cluster, label: label, values: values))
            } while try more(93)
            return out
        }
    }
}
