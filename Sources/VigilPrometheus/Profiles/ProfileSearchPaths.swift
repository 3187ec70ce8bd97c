import VigilSources
import Foundation

/// Where profiles are looked for, first match first.
extension ProfileLoader {
    /// The file whose presence marks a folder as Vigil's bundled `profiles/`.
    static let bundleMarker = "openshift.yaml"

    /// `$VIGIL_PROFILES_DIR`; then the user's `$XDG_CONFIG_HOME/vigil/profiles` (or
    /// `~/.config/vigil/profiles`); then the bundled `profiles/`, found by walking up from the
    /// executable's folder and then from the current directory to the first folder holding
    /// `profiles/openshift.yaml` (or `share/vigil/profiles/openshift.yaml`, an installed layout).
    /// Folders that do not exist are kept: a user folder may be created later, and a missing one
    /// simply holds nothing.
    public static func standardSearchPaths(environment: [String: String], executablePath: String,
                                           currentDirectory: String) -> [String] {
        var paths: [String] = []
        if let dir = environment["VIGIL_PROFILES_DIR"], !dir.isEmpty {
            paths.append(absolute(dir, from: currentDirectory))
        }
        paths.append((ConfigDirectory.path(environment: environment) as NSString).appendingPathComponent("profiles"))
        // The executable may be a symlink (`/usr/local/bin/vigil` → the build); its real folder is
        // the one next to the repository.
        if let located = locateExecutable(executablePath, environment: environment, currentDirectory: currentDirectory) {
            let executable = URL(fileURLWithPath: located).resolvingSymlinksInPath()
            if let bundled = bundledProfiles(above: executable.deletingLastPathComponent().path) { paths.append(bundled) }
        }
        if let bundled = bundledProfiles(above: absolute(currentDirectory, from: "/")) { paths.append(bundled) }
        var seen = Set<String>()
        return paths.map { ($0 as NSString).standardizingPath }.filter { seen.insert($0).inserted }
    }

    /// The nearest `profiles/` holding the marker, in `start` or a folder above it.
    static func bundledProfiles(above start: String) -> String? {
        var dir = (start as NSString).standardizingPath
        let fm = FileManager.default
        while true {
            for candidate in ["profiles", "share/vigil/profiles"] {
                let profiles = (dir as NSString).appendingPathComponent(candidate)
                if fm.fileExists(atPath: (profiles as NSString).appendingPathComponent(bundleMarker)) { return profiles }
            }
            let parent = (dir as NSString).deletingLastPathComponent
            if parent == dir || parent.isEmpty { return nil }
            dir = parent
        }
    }

    /// `argv[0]` is a bare name (`vigil`) when the shell found the program on PATH; look it up
    /// there the same way, since resolving it against the current directory would be wrong.
    /// Prefer passing `Bundle.main.executablePath`, which is always a full path.
    static func locateExecutable(_ path: String, environment: [String: String], currentDirectory: String) -> String? {
        guard !path.isEmpty else { return nil }
        if path.contains("/") { return absolute(path, from: currentDirectory) }
        let dirs = (environment["PATH"] ?? "").split(separator: ":").map { absolute(String($0), from: currentDirectory) }
        return dirs.map { ($0 as NSString).appendingPathComponent(path) }
            .first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    static func absolute(_ path: String, from base: String) -> String {
        path.hasPrefix("/") ? path : (base as NSString).appendingPathComponent(path)
    }
}
