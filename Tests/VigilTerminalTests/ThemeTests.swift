import Foundation
import Testing
import VigilTerminal

/// The repository's `themes/` folder, found from this file so the tests run from any directory.
let bundledThemesDirectory: String = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("themes").path

func bundledTheme(_ name: String) throws -> Theme {
    let file = bundledThemesDirectory + "/" + name + ".theme"
    return try Theme.parse(String(contentsOfFile: file, encoding: .utf8), name: name, file: file)
}

private func hasColour(_ style: Style) -> Bool { style.fg != nil || style.bg != nil }

@Suite(.timeLimit(.minutes(5))) struct ThemeTests {
    @Test(arguments: ["default", "light", "high-contrast", "mono"])
    func bundledThemeParses(_ name: String) throws {
        let theme = try bundledTheme(name)
        #expect(theme.name == name)
        #expect(!theme.displayName.isEmpty && theme.displayName != name)
    }

    /// On 8-colour terminals (TERM=xterm, screen, linux) dark greys become ANSI black: borders and
    /// the selected row vanished on a black background. Every bundled theme stays legible.
    @Test(arguments: ["default", "light", "high-contrast"])
    func eightColourTerminalsKeepBordersAndSelectionVisible(_ name: String) throws {
        let theme = try bundledTheme(name)
        for slot in ThemeSlot.allCases {
            let s = theme[slot].legibleOnEightColors()
            let fg = s.fg.map(\.ansi8) ?? -1, bg = s.bg.map(\.ansi8) ?? -1
            #expect(fg != 0 && fg != 7, "\(name) \(slot): grey foreground \(fg)")
            #expect(bg != 0 && bg != 7, "\(name) \(slot): grey background \(bg)")
            if fg >= 0, bg >= 0 { #expect(fg != bg, "\(name) \(slot): same colour both sides") }
        }
        let selection = theme[.selection].legibleOnEightColors()
        #expect(selection.bg != nil || selection.modifiers.contains(.reverse), "\(name): selection not marked")
        // The default theme's unfocused border (#4a545e) was ANSI black on black.
        if name == "default" {
            #expect(Theme.fallback[.border].fg?.ansi8 == 0)
            #expect(theme[.border].legibleOnEightColors().fg == nil)
            #expect(theme[.selection].legibleOnEightColors().modifiers.contains(.reverse))
        }
    }

    @Test func defaultFileMatchesTheBuiltInFallback() throws {
        let theme = try bundledTheme("default")
        for slot in ThemeSlot.allCases { #expect(theme[slot] == Theme.fallback[slot], "\(slot)") }
        #expect(Theme.fallback[.selection].bg == .rgb(0x2c, 0x3e, 0x50))
        #expect(Theme.fallback[.critical].modifiers.contains(.bold))
    }

    @Test func monoHasNoColoursAnywhere() throws {
        let file = try bundledTheme("mono")
        for slot in ThemeSlot.allCases {
            #expect(!hasColour(Theme.mono[slot]), "\(slot)")
            #expect(file[slot] == Theme.mono[slot], "\(slot)")
        }
        #expect(Theme.mono[.selection].modifiers == .reverse)
    }

    @Test func lightThemeHasDarkText() throws {
        let theme = try bundledTheme("light")
        let (r, g, b) = try #require(theme[.text].fg).rgbComponents
        #expect(Int(r) + Int(g) + Int(b) < 3 * 100)
    }

    @Test func highContrastUsesReverseSelectionAndBoldTitles() throws {
        let theme = try bundledTheme("high-contrast")
        #expect(theme[.selection].modifiers.contains(.reverse))
        #expect(theme[.selection].bg == .default)
        #expect(theme[.title].modifiers.contains(.bold))
        #expect(theme[.critical].fg == .rgb(255, 0, 0))
    }

    @Test func everySlotHasAStyleInEveryBuiltIn() {
        for slot in ThemeSlot.allCases where slot != .background {
            #expect(hasColour(Theme.fallback[slot]), "\(slot)")
        }
        #expect(Theme.fallback.name == "default")
        #expect(Theme.mono.name == "mono")
    }
}

@Suite(.timeLimit(.minutes(5))) struct ThemeParseTests {
    @Test func valuesCommentsAndInheritance() throws {
        let text = """
        # a comment
        name = "Mine"   # trailing comment
        ok.fg = "#0f0"
        critical.fg = "#102030"
        muted.fg = 244
        info.bg = "default"
        title.attrs = "underline, italic"
        header.attrs = "none"
        """
        let theme = try Theme.parse(text, name: "mine", file: "mine.theme")
        #expect(theme.name == "mine")
        #expect(theme.displayName == "Mine")
        #expect(theme[.ok].fg == .rgb(0, 255, 0))
        #expect(theme[.critical] == Style(fg: .rgb(0x10, 0x20, 0x30), modifiers: .bold)) // attrs inherited
        #expect(theme[.muted].fg == .indexed(244))
        #expect(theme[.info].bg == .default)
        #expect(theme[.info].fg == Theme.fallback[.info].fg)
        #expect(theme[.title].modifiers == [.underline, .italic])
        #expect(theme[.header].modifiers == [])
        #expect(theme[.warning] == Theme.fallback[.warning])
    }

    @Test func inheritMonoKeepsEverythingColourless() throws {
        let theme = try Theme.parse("inherit = \"mono\"\ntitle.attrs = \"italic\"\n", name: "m", file: "m.theme")
        #expect(theme[.title].modifiers == .italic)
        #expect(theme[.selection] == Theme.mono[.selection])
        #expect(ThemeSlot.allCases.allSatisfy { theme[$0].fg == nil && theme[$0].bg == nil })
    }

    @Test func windowsLineEndingsKeepLineNumbers() throws {
        let theme = try Theme.parse("ok.fg = \"#00ff00\"\r\n\r\ntext.fg = \"#010203\"\r\n", name: "w", file: "w.theme")
        #expect(theme[.text].fg == .rgb(1, 2, 3))
        let error = #expect(throws: ThemeError.self) {
            try Theme.parse("ok.fg = \"#00ff00\"\r\n\r\nbogus.fg = \"#fff\"\r\n", name: "w", file: "w.theme")
        }
        #expect(error?.line == 3)
    }

    @Test(arguments: [
        ("text.fg = \"#fff\"\n\nfoo.fg = \"#fff\"", 3, "unknown slot 'foo'"),
        ("text.fg = \"#ggg\"", 1, "bad colour '#ggg'"),
        ("text.fg = \"300\"", 1, "bad colour '300'"),
        ("\ntext.fg", 2, "expected key = \"value\""),
        ("text.colour = \"#fff\"", 1, "unknown key '.colour'"),
        ("text = \"#fff\"", 1, "unknown key 'text'"),
        ("text.fg = \"#fff", 1, "unterminated quote"),
        ("text.fg = #fff", 1, "missing value"),
        ("text.attrs = \"bold, blink\"", 1, "unknown attribute 'blink'"),
        ("text.attrs = \"\"", 1, "empty attrs"),
        ("text.fg = \"\"", 1, "bad colour ''"),
        ("inherit = \"solarized\"", 1, "unknown inherit 'solarized'"),
        ("text.fg = dark grey", 1, "must be quoted"),
    ] as [(String, Int, String)])
    func malformedThemeNamesFileAndLine(_ text: String, _ line: Int, _ message: String) {
        let error = #expect(throws: ThemeError.self) { try Theme.parse(text, name: "bad", file: "/x/bad.theme") }
        #expect(error?.file == "/x/bad.theme")
        #expect(error?.line == line)
        #expect(error?.message.contains(message) == true, "\(error?.message ?? "")")
        #expect(error?.description.hasPrefix("/x/bad.theme:\(line): ") == true)
    }
}
