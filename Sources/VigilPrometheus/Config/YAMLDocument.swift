import VigilSources
import Foundation
import Yams

/// Composing YAML into Yams nodes. The node tree is used rather than `Codable` because nodes keep
/// their line numbers, which every error message about a profile or a config file names.
enum YAMLDocument {
    /// The root node, or nil for an empty document (only comments or nothing at all).
    static func compose(_ text: String) throws(YAMLProblem) -> Node? {
        do {
            return try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw problem(error, text: text)
        } catch {
            throw YAMLProblem(line: nil, "not valid YAML: \(error)")
        }
    }

    /// Yams' error as a line and a one-line message: its own description repeats the line with a
    /// caret, which is noise once the message already says "FILE:LINE".
    static func problem(_ error: YamlError, text: String) -> YAMLProblem {
        switch error {
        case let .scanner(context, problem, mark, _),
             let .parser(context, problem, mark, _),
             let .composer(context, problem, mark, _):
            var message = "YAML syntax error: \(problem)"
            if let context { message += " (\(context.text) at line \(context.mark.line))" }
            return YAMLProblem(line: mark.line, message)
        case let .reader(problem, offset, _, _):
            let line = offset.map { offset in 1 + text.prefix(offset).reduce(0) { $1 == "\n" ? $0 + 1 : $0 } }
            return YAMLProblem(line: line, "YAML cannot be read: \(problem)")
        case let .duplicatedKeysInMapping(duplicates, context):
            let keys = duplicates.map { "'\($0)'" }.joined(separator: ", ")
            let line = laterOccurrence(of: duplicates.first, after: context.mark, in: text) ?? context.mark.line
            return YAMLProblem(line: line, "duplicate key \(keys): each key may appear once in a mapping",
                               duplicateKey: duplicates.first)
        default:
            return YAMLProblem(line: nil, "not valid YAML: \(error)")
        }
    }

    /// Yams points at the first of two duplicate keys; the second one is the mistake a person
    /// wants to be shown, so look for the next line holding the same key at the same indentation.
    private static func laterOccurrence(of key: String?, after mark: Mark, in text: String) -> Int? {
        guard let key else { return nil }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard mark.line >= 1, mark.line <= lines.count else { return nil }
        let indent = String(repeating: " ", count: max(0, mark.column - 1))
        for index in mark.line..<lines.count {
            let line = lines[index]
            for prefix in ["\(indent)\(key):", "\(indent)\"\(key)\":", "\(indent)'\(key)':"] where line.hasPrefix(prefix) {
                return index + 1
            }
        }
        return nil
    }
}
