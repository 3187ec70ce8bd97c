import Foundation

/// Finds and loads theme files (`NAME.theme`) from a list of folders, first match wins.
///
/// Loading never fails: a missing or malformed theme falls back to a built-in one and says why
/// in a one-line warning the app can show in its status line.
///
/// ```swift
/// let paths = ThemeLoader.standardSearchPaths(environment: ProcessInfo.processInfo.environment,
///                                             executablePath: CommandLine.arguments[0],
///                                             currentDirectory: FileManager.default.currentDirectoryPath)
/// let (theme, warning) = ThemeLoader(searchPaths: paths).load("light")
/// ```
public struct ThemeLoader: Sendable {
    public let searchPaths: [String]

    public init(searchPaths: [String]) {
        self.searchPaths = searchPaths
    }

    /// Standard order: $XDG_CONFIG_HOME/vigil/themes (or ~/.config/vigil/themes), then the repo's themes/ found by walking up
    /// from the executable's directory and from cwd (first dir containing themes/default.theme), then env VIGIL_THEMES_DIR first if set.
    ///
    /// That is: `VIGIL_THEMES_DIR` (when set and not empty), the user's folder, then the bundled
    /// folders; duplicates are removed. Only the bundled folders are looked up on disk.
    public static func standardSearchPaths(environment: [String: String], executablePath: String,
                                           currentDirectory: String) -> [String] {
        var paths: [String] = []
        if let dir = environment["VIGIL_THEMES_DIR"], !dir.isEmpty {
            paths.append(absolute(dir, base: currentDirectory))
        }
        if let config = environment["XDG_CONFIG_HOME"], !config.isEmpty {
            paths.append(absolute(config, base: currentDirectory) + "/vigil/themes")
        } else if let home = environment["HOME"], !home.isEmpty {
            paths.append(absolute(home, base: currentDirectory) + "/.config/vigil/themes")
        }
        if !executablePath.isEmpty {
            // Resolving links finds the checkout when the binary is linked from elsewhere (~/bin/vigil).
            let exe = URL(fileURLWithPath: absolute(executablePath, base: currentDirectory)).resolvingSymlinksInPath()
            if let found = bundledThemes(above: exe.deletingLastPathComponent().path) { paths.append(found) }
        }
        if let found = bundledThemes(above: currentDirectory) { paths.append(found) }
        var seen = Set<String>()
        return paths.filter { seen.insert($0).inserted }
    }

    /// Loads NAME (first match NAME.theme across searchPaths; a user file overrides a bundled one). NAME may also be a path to a file.
    /// Never throws: on a missing or malformed theme returns Theme.fallback (or mono for "mono") plus a one-line warning naming file and line.
    ///
    /// A missing `default` or `mono` is no cause for a warning: the built-in copies are the same themes.
    public func load(_ name: String) -> (theme: Theme, warning: String?) {
        if name.contains("/") || name.hasSuffix(".theme") {
            let path = ThemeLoader.absolute(name, base: FileManager.default.currentDirectoryPath)
            let stem = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
            guard FileManager.default.fileExists(atPath: path) else {
                return (Theme.builtin(named: stem) ?? .fallback,
                        ThemeLoader.oneLine("theme file \(path) not found; using the built-in default theme"))
            }
            return loadFile(path, name: stem)
        }
        for dir in searchPaths {
            let path = dir + "/" + name + ".theme"
            if FileManager.default.fileExists(atPath: path) { return loadFile(path, name: name) }
        }
        if let builtin = Theme.builtin(named: name) { return (builtin, nil) }
        let looked = searchPaths.isEmpty ? "no theme folders" : searchPaths.joined(separator: ", ")
        return (.fallback, ThemeLoader.oneLine("theme '\(name)' not found in \(looked); using the built-in default theme"))
    }

    /// Names of the themes found in the search paths, sorted, each once.
    public func availableThemes() -> [String] {
        var names = Set<String>()
        for dir in searchPaths {
            guard let entries = try? FileManager.default.contentsOfDirectory(atPath: dir) else { continue }
            for entry in entries where entry.hasSuffix(".theme") && entry.count > ".theme".count {
                names.insert(String(entry.dropLast(".theme".count)))
            }
        }
        return names.sorted()
    }

    private func loadFile(_ path: String, name: String) -> (theme: Theme, warning: String?) {
        let substitute = Theme.builtin(named: name) ?? .fallback
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            let why = ThemeError(file: path, line: 0, message: "cannot read as UTF-8 text")
            return (substitute, ThemeLoader.oneLine("\(why); using the built-in \(substitute.name) theme"))
        }
        do {
            return (try Theme.parse(text, name: name, file: path), nil)
        } catch {
            return (substitute, ThemeLoader.oneLine("\(error); using the built-in \(substitute.name) theme"))
        }
    }

    /// The first `<dir>/themes` holding `default.theme`, from `start` up to the root.
    static func bundledThemes(above start: String) -> String? {
        var dir = absolute(start, base: "/")
        // A bound, not a real limit: it only stops a pathological loop.
        for _ in 0..<256 {
            let themes = dir == "/" ? "/themes" : dir + "/themes"
            if FileManager.default.fileExists(atPath: themes + "/default.theme") { return themes }
            guard dir != "/", let cut = dir.lastIndex(of: "/") else { return nil }
            dir = cut == dir.startIndex ? "/" : String(dir[..<cut])
        }
        return nil
    }

    static func absolute(_ path: String, base: String) -> String {
        let joined = path.hasPrefix("/") ? path : base + "/" + path
        return URL(fileURLWithPath: joined).standardizedFileURL.path
    }

    /// Status lines hold one line: newlines in file names or messages become spaces.
    static func oneLine(_ s: String) -> String {
        String(s.map { $0.isNewline ? " " : $0 })
    }
}
