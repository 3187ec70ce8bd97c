import Foundation
import Testing
import VigilCore
import VigilSources
import VigilTerminal
@testable import VigilApp
@testable import VigilEngine

/// The bundled recording, loaded once for all screen tests.
enum Recorded {
    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("sample-data")
    static let recording: ReplayRecording? = try? ReplayRecording.load(from: directory)
    /// The peak of the incident: 503 storm, a master down, operators degraded.
    static let peak = Date(timeIntervalSince1970: 1_795_854_600) // 2026-11-28T08:30:00Z

    static func model(width: Int, height: Int, glyphs: Glyphs = .unicode, at: Date = peak) throws -> Model {
        let rec = try #require(recording, "sample-data/ must load from \(directory.path)")
        return Snapshot.model(recording: rec, at: at, config: AppConfig(theme: .fallback, glyphs: glyphs),
                              width: width, height: height)
    }
}

@Suite(.timeLimit(.minutes(5))) struct ScreenSnapshotTests {
    @Test(arguments: [(80, 24), (120, 40), (200, 60)])
    func overviewAtPeak(size: (Int, Int)) throws {
        let m = try Recorded.model(width: size.0, height: size.1)
        let b = view(m, width: size.0, height: size.1)
        #expect(b.lines.count == size.1)
        #expect(b.lines.allSatisfy { TextWidth.of($0) == size.0 })
        assertSnapshot(b.lines, named: "overview-\(size.0)x\(size.1)")
        // Colours and attributes too: a panel drawn in the wrong colour is a regression.
        if size == (120, 40) { assertSnapshot(styleLines(b, theme: m.theme), named: "overview-120x40.styles") }
    }

    @Test func overviewInASCII() throws {
        let m = try Recorded.model(width: 80, height: 24, glyphs: .ascii)
        let lines = view(m, width: 80, height: 24).lines
        #expect(lines.joined().unicodeScalars.allSatisfy { $0.isASCII })
        assertSnapshot(lines, named: "overview-ascii-80x24")
    }

    @Test(arguments: [(10, 5), (1, 1), (49, 30), (120, 11)])
    func tooSmallScreenSaysWhatItNeeds(size: (Int, Int)) throws {
        let m = try Recorded.model(width: size.0, height: size.1)
        let lines = view(m, width: size.0, height: size.1).lines
        #expect(lines.count == size.1)
        if size.0 >= 10 { #expect(lines.joined(separator: " ").contains("needs")) }
        if size == (10, 5) || size == (1, 1) { assertSnapshot(lines, named: "too-small-\(size.0)x\(size.1)") }
    }

    @Test func helpOverlay() throws {
        var m = try Recorded.model(width: 80, height: 24)
        _ = update(&m, .key(.char("?")))
        let lines = view(m, width: 80, height: 24).lines
        #expect(lines.joined().contains("Keys"))
        assertSnapshot(lines, named: "help-80x24")
    }

    @Test func alertDetailShowsLabelsAndAnnotations() throws {
        var m = try Recorded.model(width: 120, height: 40)
        _ = update(&m, .key(.tab))
        _ = update(&m, .key(.enter))
        let text = view(m, width: 120, height: 40).lines.joined(separator: "\n")
        #expect(text.contains("KubeAPIErrorsHigh"))
        #expect(text.contains("summary"))
        #expect(text.contains("severity"))
    }

    @Test func everyPanelTitleIsShownAndTheFocusedOneIsMarked() throws {
        let m = try Recorded.model(width: 120, height: 40)
        let text = view(m, width: 120, height: 40).lines.joined(separator: "\n")
        for p in PanelID.allCases { #expect(text.contains(p.title)) }
        #expect(text.contains("▶ Degraded operators"))
    }

    @Test func severityAndFocusStylesComeFromTheTheme() throws {
        let m = try Recorded.model(width: 120, height: 40)
        let b = view(m, width: 120, height: 40)
        let theme = Theme.fallback
        func find(_ s: String) -> (Int, Int)? {
            // The panels' rows, below the two header lines.
            for (y, line) in b.lines.enumerated() where y >= 2 {
                if let r = line.range(of: s) { return (TextWidth.of(String(line[..<r.lowerBound])), y) }
            }
            return nil
        }
        let crit = try #require(find("CRIT KubeAPIErrorsHigh"))
        #expect(b[crit.0, crit.1].style.fg == theme[.critical].fg)
        let warn = try #require(find("WARN KubeClientErrors"))
        #expect(b[warn.0, warn.1].style.fg == theme[.warning].fg)
        // The focused panel's border uses the focused border slot, the others the plain one.
        #expect(b[0, 2].style.fg == theme[.borderFocused].fg)
        #expect(b[119, 2].style.fg == theme[.border].fg)
        // The selected row of the focused table is drawn in the selection style.
        let first = try #require(find("etcd "))
        #expect(b[first.0, first.1].style.bg == theme[.selection].bg)
    }

    @Test func monoThemeHasNoColourAnywhere() throws {
        let rec = try #require(Recorded.recording)
        let m = Snapshot.model(recording: rec, at: Recorded.peak, config: AppConfig(theme: .mono, glyphs: .unicode),
                               width: 100, height: 30)
        let b = view(m, width: 100, height: 30)
        #expect(b.cells.allSatisfy { ($0.style.fg ?? .default) == .default && ($0.style.bg ?? .default) == .default })
    }
}
