import VigilSources
import Foundation

/// Finds and reads dashboard profiles: by name in the search paths (user folders before the
/// bundled one), or from a path.
public struct ProfileLoader: Sendable {
    /// Profile files are YAML; `.yml` is accepted too because people write both.
    static let extensions = ["yaml", "yml"]

    public var searchPaths: [String]

    public init(searchPaths: [String]) {
        self.searchPaths = searchPaths
    }

    /// A name (`openshift`: `openshift.yaml` in the first search path that has it) or a path to a
    /// file (anything with a `/` or a YAML extension).
    public func load(_ nameOrPath: String) throws -> DashboardProfile {
        if Self.looksLikePath(nameOrPath) { return try Self.loadFile(nameOrPath) }
        for dir in searchPaths {
            for ext in Self.extensions {
                let path = (dir as NSString).appendingPathComponent("\(nameOrPath).\(ext)")
                if FileManager.default.fileExists(atPath: path) { return try Self.loadFile(path) }
            }
        }
        let known = (try? availableNames()) ?? []
        let available = known.isEmpty ? "none found" : known.joined(separator: ", ")
        throw ProfileError(file: nameOrPath, message: "no profile of that name in \(searchPaths.joined(separator: ", ")) "
            + "(available: \(available)); give a name or a path to a .yaml file")
    }

    /// Every profile in the search paths, in detection order (openshift, kubernetes, node, then
    /// by name). Where two have the same name the one in the earlier path wins, so a user's copy
    /// overrides the bundled one. Any invalid file is an error: a profile that silently went
    /// missing would make detection pick another without saying why.
    public func bundled() throws -> [DashboardProfile] {
        var byName: [String: DashboardProfile] = [:]
        for path in profileFiles() {
            let profile = try Self.loadFile(path)
            if byName[profile.name] == nil { byName[profile.name] = profile }
        }
        return Self.detectionOrder(Array(byName.values))
    }

    /// The `.yaml`/`.yml` files of every search path, path by path, each sorted by name.
    func profileFiles() -> [String] {
        let fm = FileManager.default
        return searchPaths.flatMap { dir -> [String] in
            let names = (try? fm.contentsOfDirectory(atPath: dir)) ?? []
            return names.filter { Self.extensions.contains(($0 as NSString).pathExtension) }.sorted()
                .map { (dir as NSString).appendingPathComponent($0) }
        }
    }

    private func availableNames() throws -> [String] {
        var seen = Set<String>()
        return profileFiles().map { (($0 as NSString).lastPathComponent as NSString).deletingPathExtension }
            .filter { seen.insert($0).inserted }
    }

    static func looksLikePath(_ text: String) -> Bool {
        text.contains("/") || extensions.contains((text as NSString).pathExtension)
    }

    static func loadFile(_ path: String) throws -> DashboardProfile {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            let reason = FileManager.default.fileExists(atPath: path) ? "cannot be read" : "no such file"
            throw ProfileError(file: path, message: reason)
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ProfileError(file: path, message: "not UTF-8 text")
        }
        return try parse(text, file: path)
    }

    public static func parse(_ yaml: String, file: String) throws -> DashboardProfile {
        try ProfileParser.parse(yaml, file: file)
    }
}
