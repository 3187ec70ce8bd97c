import VigilSources
import Yams

/// Typed reads of Yams nodes that fail with a `YAMLProblem` naming the line and what was expected,
/// shared by the profile and config readers.
extension Node {
    var line: Int? { mark?.line }

    /// The resolved tag (`str`, `int`, `bool`, …). Yams keeps `Tag.name` internal; its
    /// description is the name.
    var tagName: Tag.Name { Tag.Name(rawValue: tag.description) }

    /// What the node is, in words, for "must be X, not Y" messages.
    var kindDescription: String {
        switch self {
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .alias: return "an alias"
        case .scalar:
            switch tagName {
            case .int, .float: return "a number"
            case .bool: return "a boolean"
            case .null: return "nothing (null)"
            case .timestamp: return "a timestamp"
            default: return "text"
            }
        }
    }

    /// A scalar YAML resolved to a string (plain or quoted), nothing else: `expr: 1` or `expr: true`
    /// is almost surely a mistake, and a quoted "1" says the author meant it.
    func requireString(_ what: String) throws(YAMLProblem) -> String {
        guard case .scalar(let scalar) = self, tagName == .str else {
            throw YAMLProblem(line: line, "\(what) must be text, not \(kindDescription)")
        }
        return scalar.string
    }

    /// Any non-null scalar as written (a title of `2024` is fine as text).
    func requireScalarText(_ what: String) throws(YAMLProblem) -> String {
        guard case .scalar(let scalar) = self, tagName != .null else {
            throw YAMLProblem(line: line, "\(what) must be text, not \(kindDescription)")
        }
        return scalar.string
    }

    func requireBool(_ what: String) throws(YAMLProblem) -> Bool {
        guard case .scalar = self, tagName == .bool, let value = bool else {
            throw YAMLProblem(line: line, "\(what) must be true or false, not \(kindDescription)")
        }
        return value
    }

    func requireList(_ what: String) throws(YAMLProblem) -> [Node] {
        guard case .sequence(let sequence) = self else {
            throw YAMLProblem(line: line, "\(what) must be a list, not \(kindDescription)")
        }
        return Array(sequence)
    }

    /// The mapping's entries in file order, rejecting keys outside `allowed` so that a typo
    /// (`queris:`) is an error rather than a silently ignored setting.
    func requireMapping(_ what: String, allowed: [String]) throws(YAMLProblem) -> YAMLMapping {
        guard case .mapping(let mapping) = self else {
            throw YAMLProblem(line: line, "\(what) must be a mapping, not \(kindDescription)")
        }
        var entries: [YAMLMapping.Entry] = []
        for (key, value) in mapping {
            let name = key.scalar?.string ?? key.kindDescription
            guard allowed.contains(name) else {
                let expected = allowed.joined(separator: ", ")
                throw YAMLProblem(line: key.line, "unknown key '\(name)' in \(what) (expected one of: \(expected))")
            }
            entries.append(YAMLMapping.Entry(key: name, keyLine: key.line, value: value))
        }
        return YAMLMapping(line: line, entries: entries)
    }
}
