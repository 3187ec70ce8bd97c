import VigilSources
/// A problem found while reading a YAML file, located by line where the YAML says where.
/// Profile and config readers wrap it with the file name (and, for profiles, the panel).
struct YAMLProblem: Error, Hashable, Sendable {
    var line: Int?
    var message: String
    /// Set for a key written twice in one mapping, so a reader can say what the key means to it
    /// ("panel 'alerts' is defined twice") rather than only that YAML forbids it.
    var duplicateKey: String?

    init(line: Int?, _ message: String, duplicateKey: String? = nil) {
        self.line = line
        self.message = message
        self.duplicateKey = duplicateKey
    }
}
