import Testing
import VigilTerminal

@Suite(.timeLimit(.minutes(5))) struct TextWidthTests {
    @Test(arguments: [
        ("abc", 3), ("", 0), ("日本", 4), ("🙂", 2), ("e\u{301}", 1), ("❤️", 2),
        ("👨‍👩‍👧", 2), ("🇫🇷", 2), ("ｱ", 1), ("Ａ", 2), ("\u{200B}", 0), ("┌─┐⣿▇", 5),
    ])
    func width(_ text: String, _ expected: Int) {
        #expect(TextWidth.of(text) == expected)
    }

    @Test func truncateNeverSplitsAWideChar() {
        #expect(TextWidth.truncate("日本語", to: 6) == "日本語")
        #expect(TextWidth.truncate("日本語", to: 5) == "日本…")
        #expect(TextWidth.truncate("日本語", to: 4) == "日…")
        #expect(TextWidth.truncate("abcdef", to: 4, ellipsis: "...") == "a...")
        #expect(TextWidth.truncate("abcdef", to: 2, ellipsis: "...") == "ab")
        #expect(TextWidth.truncate("abc", to: 0) == "")
    }

    @Test func prefixAndPad() {
        #expect(TextWidth.prefix("日本", fitting: 3) == "日")
        #expect(TextWidth.pad("日本", to: 5) == "日本 ")
        #expect(TextWidth.pad("ab", to: 4, alignRight: true) == "  ab")
        #expect(TextWidth.pad("日本語", to: 4) == "日… ")
    }

    @Test func displayableMatchesWhatBufferDraws() {
        #expect(TextWidth.displayable("a\tb\u{7F}") == "a?b?")
        #expect(TextWidth.displayable("\u{301}é") == "é")
        var b = Buffer(width: 6, height: 1)
        let text = "a\tb日"
        #expect(b.put(text, x: 0, y: 0) == TextWidth.of(TextWidth.displayable(text)))
    }
}
