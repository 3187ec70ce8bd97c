import Foundation
import Testing
import VigilTerminal

/// A scratch folder for one test, removed when the test is done with it.
final class TempDirectory {
    let path: String

    init() throws {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-theme-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    @discardableResult
    func write(_ relative: String, _ text: String) throws -> String {
        let file = path + "/" + relative
        try FileManager.default.createDirectory(atPath: (file as NSString).deletingLastPathComponent,
                                                withIntermediateDirectories: true)
        try text.write(toFile: file, atomically: true, encoding: .utf8)
        return file
    }
}

@Suite(.timeLimit(.minutes(5))) struct ThemeLoaderTests {
    @Test func userThemeOverridesTheBundledOne() throws {
        let user = try TempDirectory()
        try user.write("default.theme", "text.fg = \"#010203\"\n")
        let loader = ThemeLoader(searchPaths: [user.path, bundledThemesDirectory])
        let (mine, warning) = loader.load("default")
        #expect(warning == nil)
        #expect(mine[.text].fg == .rgb(1, 2, 3))
        #expect(mine[.ok] == Theme.fallback[.ok])
        let (light, lightWarning) = loader.load("light")
        #expect(lightWarning == nil)
        #expect(light == (try bundledTheme("light")))
    }

    @Test func malformedThemeFallsBackWithAOneLineWarning() throws {
        let dir = try TempDirectory()
        let file = try dir.write("broken.theme", "# fine\nok.fg = \"#zzz\"\n")
        let (theme, warning) = ThemeLoader(searchPaths: [dir.path]).load("broken")
        #expect(theme == Theme.fallback)
        let text = try #require(warning)
        #expect(text.contains("\(file):2: bad colour '#zzz'"))
        #expect(!text.contains("\n"))
    }

    @Test func malformedMonoFallsBackToBuiltInMono() throws {
        let dir = try TempDirectory()
        try dir.write("mono.theme", "title.attrs = \"blink\"\n")
        let (theme, warning) = ThemeLoader(searchPaths: [dir.path]).load("mono")
        #expect(theme == Theme.mono)
        #expect(warning?.contains("mono.theme:1:") == true)
    }

    @Test func missingThemes() {
        let loader = ThemeLoader(searchPaths: ["/nonexistent/vigil-themes"])
        let (theme, warning) = loader.load("solarized")
        #expect(theme == Theme.fallback)
        #expect(warning?.contains("'solarized' not found") == true)
        // The built-ins are the same themes, so their absence is not worth a warning.
        #expect(loader.load("default") == (Theme.fallback, nil))
        #expect(loader.load("mono") == (Theme.mono, nil))
    }

    @Test func nameMayBeAPath() throws {
        let dir = try TempDirectory()
        let file = try dir.write("custom.theme", "name = \"Custom\"\naccent.fg = \"#abcdef\"\n")
        let (theme, warning) = ThemeLoader(searchPaths: []).load(file)
        #expect(warning == nil)
        #expect(theme.name == "custom")
        #expect(theme[.accent].fg == .rgb(0xab, 0xcd, 0xef))
        let missing = ThemeLoader(searchPaths: []).load(dir.path + "/nope.theme")
        #expect(missing.theme == Theme.fallback)
        #expect(missing.warning?.contains("nope.theme not found") == true)
    }

    @Test func availableThemesAreSortedAndUnique() throws {
        let user = try TempDirectory()
        try user.write("default.theme", "")
        try user.write("zebra.theme", "")
        try user.write("notes.txt", "")
        let names = ThemeLoader(searchPaths: [user.path, bundledThemesDirectory, "/nonexistent"]).availableThemes()
        #expect(names == ["default", "high-contrast", "light", "mono", "zebra"])
    }

    @Test func standardSearchPathsOrder() throws {
        let tree = try TempDirectory()
        try tree.write("opt/vigil/themes/default.theme", "")
        try tree.write("opt/vigil/.build/debug/vigil", "")
        let repo = URL(fileURLWithPath: bundledThemesDirectory).deletingLastPathComponent().path
        let paths = ThemeLoader.standardSearchPaths(
            environment: ["VIGIL_THEMES_DIR": "/srv/themes", "XDG_CONFIG_HOME": "/cfg", "HOME": "/home/op"],
            executablePath: tree.path + "/opt/vigil/.build/debug/vigil",
            currentDirectory: repo + "/Sources")
        let treeThemes = URL(fileURLWithPath: tree.path + "/opt/vigil/themes").standardizedFileURL.path
        #expect(paths == ["/srv/themes", "/cfg/vigil/themes", treeThemes, bundledThemesDirectory])
    }

    @Test func standardSearchPathsWithoutXDGUseHomeAndDropDuplicates() {
        let repo = URL(fileURLWithPath: bundledThemesDirectory).deletingLastPathComponent().path
        let paths = ThemeLoader.standardSearchPaths(
            environment: ["HOME": "/home/op", "XDG_CONFIG_HOME": ""],
            executablePath: repo + "/.build/debug/vigil",
            currentDirectory: repo)
        #expect(paths == ["/home/op/.config/vigil/themes", bundledThemesDirectory])
        let bare = ThemeLoader.standardSearchPaths(environment: [:], executablePath: "", currentDirectory: "/")
        #expect(bare.allSatisfy { $0.hasSuffix("/themes") })
    }
}
