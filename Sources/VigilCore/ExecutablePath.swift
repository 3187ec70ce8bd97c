import Foundation

/// Finding a program to run: the one definition of a PATH look-up.
public enum ExecutablePath {
    /// The first executable file named `name` in the directories of `searchPath` (PATH when nil,
    /// `/usr/bin:/bin` when PATH is unset), then in `fallback`. A name with a slash is a path.
    public static func find(_ name: String, searchPath: String? = nil, fallback: [String] = []) -> String? {
        guard !name.isEmpty else { return nil }
        if name.contains("/") { return isExecutableFile(name) ? name : nil }
        let path = searchPath ?? ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for dir in path.split(separator: ":").map(String.init) + fallback where !dir.isEmpty {
            let candidate = "\(dir)/\(name)"
            if isExecutableFile(candidate) { return candidate }
        }
        return nil
    }

    private static func isExecutableFile(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && !isDirectory.boolValue
            && access(path, X_OK) == 0
    }
}
