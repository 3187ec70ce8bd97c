import Foundation
@testable import VigilSources

/// Where the bundled recording lives, and one shared parse of it for all tests.
enum SampleDataFixture {
    /// `<repo>/sample-data`, found from this file's path so tests run from any directory.
    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("sample-data")

    /// Parsed once: the file is large, and Swift Testing runs the tests that need it in parallel.
    static let recording: Result<ReplayRecording, any Error> = Result { try ReplayRecording.load(from: directory) }

    static func text(_ name: String) throws -> String {
        try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)
    }
}
