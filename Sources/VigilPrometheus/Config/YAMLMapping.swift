import VigilSources
import Yams

/// A YAML mapping whose keys were checked, kept in file order with the line of each key.
struct YAMLMapping {
    struct Entry {
        var key: String
        var keyLine: Int?
        var value: Node
    }

    /// The line where the mapping starts, for "missing key" messages.
    var line: Int?
    var entries: [Entry]

    subscript(key: String) -> Node? { entries.first { $0.key == key }?.value }

    func entry(_ key: String) -> Entry? { entries.first { $0.key == key } }
}
