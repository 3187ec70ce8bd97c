import Foundation
import VigilTerminal
import VigilFacts
import VigilSources

/// Where things are on this machine: sample-data, themes, state.
public enum Paths {
    public static var executable: String {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
    }

    /// The bundled recording: $VIGIL_SAMPLE_DATA, else `sample-data/` found walking up from the
    /// executable (a checkout's .build/…/vigil), else from the current directory.
    public static func sampleData() -> URL? {
        let env = ProcessInfo.processInfo.environment
        if let p = env["VIGIL_SAMPLE_DATA"], !p.isEmpty { return URL(fileURLWithPath: p) }
        for startDir in [URL(fileURLWithPath: executable).deletingLastPathComponent(),
                         URL(fileURLWithPath: FileManager.default.currentDirectoryPath)] {
            var dir = startDir
            for _ in 0..<8 {
                let candidate = dir.appendingPathComponent("sample-data")
                if FileManager.default.fileExists(atPath: candidate.appendingPathComponent("metrics.om").path) { return candidate }
                let parent = dir.deletingLastPathComponent()
                if parent.path == dir.path { break }
                dir = parent
            }
        }
        return nil
    }

    public static func themeLoader() -> ThemeLoader {
        ThemeLoader(searchPaths: ThemeLoader.standardSearchPaths(
            environment: ProcessInfo.processInfo.environment, executablePath: executable,
            currentDirectory: FileManager.default.currentDirectoryPath))
    }

    /// The state directory (facts, log model, log file): one definition, the fact store's.
    public static func stateDirectory() -> URL { FactStore.defaultDirectory() }
}

/// What the terminal and locale allow.
public enum TerminalFacts {
    /// True when stdin and stdout are a terminal that can be addressed.
    public static var isInteractive: Bool {
        let term = ProcessInfo.processInfo.environment["TERM"] ?? ""
        return isatty(0) == 1 && isatty(1) == 1 && !term.isEmpty && term != "dumb"
    }

    /// Why the full-screen UI cannot run, or nil.
    public static var notInteractiveReason: String? {
        let term = ProcessInfo.processInfo.environment["TERM"] ?? ""
        if isatty(1) != 1 { return "stdout is not a terminal" }
        if isatty(0) != 1 { return "stdin is not a terminal" }
        if term.isEmpty { return "TERM is not set" }
        if term == "dumb" { return "TERM=dumb cannot address the cursor" }
        return nil
    }

    /// Whether the locale's character set is UTF-8 (else braille and box glyphs would vanish).
    public static var localeIsUTF8: Bool {
        setlocale(LC_ALL, "")
        guard let cs = nl_langinfo(nl_item(CODESET)) else { return false }
        let name = String(cString: cs).uppercased()
        return name == "UTF-8" || name == "UTF8"
    }
}
