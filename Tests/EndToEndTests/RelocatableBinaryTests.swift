import Foundation
import Testing
import VigilLiveHarness

/// The release binary links the Swift runtime statically (README's build command passes
/// `--static-swift-stdlib`): copied alone to a host without Swift, it runs.
@Suite(.timeLimit(.minutes(2)))
struct RelocatableBinaryTests {
    @Test func theReleaseBinaryNamesNoSwiftLibraryAndRunsCopiedAlone() throws {
        guard let binary = vigilBinary() else { return }
        let ldd = try ProcessRunner.run("/usr/bin/ldd", [binary], timeout: 30, allowFailure: true)
        let swiftLibraries = ldd.stdout.split(separator: "\n").filter {
            $0.contains("libswift") || $0.contains("libFoundation") || $0.contains("libdispatch") || $0.contains("libBlocksRuntime")
        }
        #expect(swiftLibraries.isEmpty, "the release binary needs Swift's libraries; build it with --static-swift-stdlib (README): \(swiftLibraries)")
        #expect(!ldd.stdout.contains("not found"), "\(ldd.stdout)")

        // Copied to an empty folder, run from there with an empty environment (no Swift on PATH,
        // no library path): one frame of the recorded incident.
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-relocated-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let copy = dir.appendingPathComponent("vigil")
        try FileManager.default.copyItem(atPath: binary, toPath: copy.path)
        let r = try ProcessRunner.run("/bin/sh", ["-c", "cd \"$1\" && exec env -i PATH=/usr/bin:/bin HOME=\"$1\" LANG=C.UTF-8 ./vigil --once --width 100 --height 30 --replay \"$2\" --at end --state-dir \"$1/state\"",
                                                  "sh", dir.path, packageRoot().appendingPathComponent("sample-data").path],
                                      timeout: 60, allowFailure: true)
        #expect([0, 1, 2].contains(r.status), "exit \(r.status): \(r.stderr)")
        #expect(r.stdout.contains("Vigil") && r.stdout.contains("Degraded operators"), "\(r.stdout.prefix(600))")
    }
}
