import Foundation
import Testing

/// Every test has a time limit, so a hang fails by name instead of stalling the suite: each suite
/// declares `.timeLimit`, and no test function stands outside a suite (where it would have none).
@Suite(.timeLimit(.minutes(5))) struct TestTimeLimitTests {
    static let testsRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()

    static func sources() -> [(path: String, text: String)] {
        let files = FileManager.default.enumerator(atPath: testsRoot.path)?.compactMap { $0 as? String } ?? []
        return files.filter { $0.hasSuffix(".swift") }.sorted().compactMap { rel in
            (try? String(contentsOf: testsRoot.appendingPathComponent(rel), encoding: .utf8)).map { (rel, $0) }
        }
    }

    @Test func everySuiteHasATimeLimit() {
        let files = Self.sources()
        #expect(files.count > 50, "found only \(files.count) test files under \(Self.testsRoot.path)")
        for (path, text) in files {
            for line in text.split(separator: "\n") where line.trimmingCharacters(in: .whitespaces).hasPrefix("@Suite") {
                #expect(line.contains(".timeLimit("), "\(path): a suite without a time limit: \(line)")
            }
        }
    }

    @Test func noTestStandsOutsideASuite() {
        for (path, text) in Self.sources() where text.contains("@Test") {
            // A file with tests declares a suite before its first test (tests in extensions of a
            // suite declared elsewhere inherit its traits).
            let firstTest = text.range(of: "@Test")!.lowerBound
            let before = text[..<firstTest]
            #expect(before.contains("@Suite") || before.contains("extension "), "\(path): a @Test outside any @Suite")
        }
    }
}
