import Foundation
@testable import VigilSources
@testable import VigilPrometheus

/// The repository's bundled profiles, and scratch folders for search-path tests.
enum ProfileFixtures {
    /// `<repo>/profiles`, found from this file's path so tests run from any directory.
    static let bundledDirectory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("profiles").path

    static let bundledNames = ["openshift", "kubernetes", "node"]

    static func bundled(_ name: String) throws -> DashboardProfile {
        try ProfileLoader(searchPaths: [bundledDirectory]).load(name)
    }

    /// A fresh empty folder; the caller removes it.
    static func scratch() throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-profiles-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        // Resolved so that comparisons with paths the loader standardizes hold where /tmp is a link.
        return dir.resolvingSymlinksInPath().path
    }

    static func write(_ text: String, to path: String) throws {
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent,
                                                withIntermediateDirectories: true)
        try text.write(toFile: path, atomically: true, encoding: .utf8)
    }

    /// A valid profile with one panel.
    static func minimal(name: String, detect: [String] = []) -> String {
        """
        name: \(name)
        detect: [\(detect.joined(separator: ", "))]
        panels:
          down:
            queries:
              - series: up
                expr: up
        """
    }

    /// The error `parse` throws for `yaml`, or nil if it parsed.
    static func parseError(_ yaml: String, file: String = "test.yaml") -> ProfileError? {
        do {
            _ = try ProfileLoader.parse(yaml, file: file)
            return nil
        } catch let error as ProfileError {
            return error
        } catch {
            return ProfileError(file: "?", message: "unexpected error type: \(error)")
        }
    }
}
