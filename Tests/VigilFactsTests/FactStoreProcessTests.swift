import Foundation
import VigilCore
import Testing
import VigilLiveHarness
@testable import VigilFacts

/// The debug binaries these tests drive, found from this file's path (no `swift build` call):
/// `vigil feedback` as operators run it, and the lab's `write-loop` helper.
private enum VigilBinary {
    static func debug(_ name: String) -> String? {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let binary = root.appendingPathComponent(".build/debug/\(name)").path
        return FileManager.default.isExecutableFile(atPath: binary) ? binary : nil
    }
    static let path = debug("vigil")
    static let lab = debug("vigil-lab")
}

/// Ids a `vigil-lab write-loop` printed: complete lines only (the last may be cut by SIGKILL).
private func printedIDs(_ file: String) -> [Int64] {
    let text = (try? String(contentsOfFile: file, encoding: .utf8)) ?? ""
    var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    lines.removeLast()  // after the final newline: empty, or a partial line
    return lines.compactMap { Int64($0) }
}

@Suite(.timeLimit(.minutes(5)), .serialized, .enabled(if: VigilBinary.path != nil && VigilBinary.lab != nil,
                             "needs .build/debug/vigil and vigil-lab: run `swift build` first"))
struct FactStoreProcessTests {
    @Test func everyConfirmedVerdictSurvivesSIGKILL() async throws {
        let lab = try #require(VigilBinary.lab)
        try await ProcessRunner.blocking {
            try withStateDir { dir in
                let out = dir.appendingPathComponent("ids.out").path
                let err = dir.appendingPathComponent("ids.err").path
                let pid = try ProcessRunner.spawn(lab, ["write-loop", "--state-dir", dir.path],
                                                  stdout: out, stderr: err)
                // Wait for some confirmed verdicts (or for the child to die early), then kill it mid-loop.
                var exited: Int32?
                for _ in 0..<6000 {
                    if printedIDs(out).count >= 200 { break }
                    if let status = ProcessRunner.poll(pid) { exited = status; break }
                    usleep(10_000)
                }
                if exited == nil {
                    sendSignal(pid, SIGKILL)
                    exited = ProcessRunner.waitForExit(pid, timeout: .infinity)
                }
                let stderr = (try? String(contentsOfFile: err, encoding: .utf8)) ?? ""
                #expect(exited == 128 + SIGKILL, "the loop ended by itself: \(stderr)")
                let confirmed = printedIDs(out)
                #expect(confirmed.count >= 200)
                let stored = Set(try FactStore.open(directory: dir).verdicts().compactMap(\.id))
                let missing = confirmed.filter { !stored.contains($0) }
                #expect(missing.isEmpty, "confirmed but lost: \(missing.prefix(10))")
            }
        }
    }

    @Test func twoProcessesWriteToOneStore() async throws {
        let lab = try #require(VigilBinary.lab)
        try await ProcessRunner.blocking {
            try withStateDir { dir in
                let count = 300
                let writers = try ["a", "b"].map { tag in
                    let out = dir.appendingPathComponent("\(tag).out").path
                    let err = dir.appendingPathComponent("\(tag).err").path
                    let pid = try ProcessRunner.spawn(lab, ["write-loop", "--state-dir", dir.path,
                                                               "--count", "\(count)", "--tag", tag],
                                                      stdout: out, stderr: err)
                    return (tag: tag, pid: pid, out: out, err: err)
                }
                for w in writers {
                    var status = ProcessRunner.waitForExit(w.pid, timeout: 300)
                    if status == nil {
                        sendSignal(w.pid, SIGKILL)
                        status = ProcessRunner.waitForExit(w.pid, timeout: .infinity)
                    }
                    let stderr = (try? String(contentsOfFile: w.err, encoding: .utf8)) ?? ""
                    #expect(status == 0, "writer \(w.tag) failed: \(stderr)")
                    #expect(!stderr.contains("locked"))
                    #expect(printedIDs(w.out).count == count)
                }
                let store = try FactStore.open(directory: dir)
                let byID = Dictionary(try store.verdicts().compactMap { v in v.id.map { ($0, v.user) } },
                                      uniquingKeysWith: { a, _ in a })
                #expect(byID.count == 2 * count)
                for w in writers {
                    #expect(printedIDs(w.out).allSatisfy { byID[$0] == w.tag })
                }
            }
        }
    }

    @Test func commandLineErrorsAreOneLineWithNonZeroExit() async throws {
        let binary = try #require(VigilBinary.path)
        try await ProcessRunner.blocking {
            try withStateDir { dir in
                func vigil(_ args: [String]) throws -> ProcessResult {
                    try ProcessRunner.run(binary, ["feedback"] + args + ["--state-dir", dir.path], timeout: 120, allowFailure: true)
                }
                let bad = dir.appendingPathComponent("bad.csv").path
                try Data("predict_id,message,is_anomaly\n1,fine,true\n2,broken,maybe\n".utf8).write(to: URL(fileURLWithPath: bad))
                let malformed = try vigil(["import", bad])
                #expect(malformed.status != 0)
                #expect(malformed.stderr.contains("line 3: is_anomaly 'maybe'"))
                #expect(malformed.stderr.split(separator: "\n").count == 1)
                #expect(try vigil(["list"]).stdout.hasPrefix("no verdicts"))

                let missing = try vigil(["import", dir.appendingPathComponent("absent.jsonl").path])
                #expect(missing.status != 0 && missing.stderr.contains("cannot read"))

                let store = dir.appendingPathComponent("facts.sqlite").path
                try FileManager.default.removeItem(atPath: store)
                try Data("not sqlite".utf8).write(to: URL(fileURLWithPath: store))
                let corrupt = try vigil(["list"])
                #expect(corrupt.status != 0)
                #expect(corrupt.stderr.contains("not a valid SQLite database"))
                #expect(corrupt.stderr.split(separator: "\n").count == 1)
                let fresh = try vigil(["list", "--fresh-store"])
                #expect(fresh.status == 0 && fresh.stderr.contains("moved aside"))
                #expect(try vigil(["import", "--format", "csv", bad]).status != 0)
                let good = dir.appendingPathComponent("good.csv").path
                try Data("predict_id,message,is_anomaly\n1,fine,true\n".utf8).write(to: URL(fileURLWithPath: good))
                #expect(try vigil(["import", good]).stdout.hasPrefix("imported 1 verdicts"))
                #expect(try vigil(["list"]).stdout.contains("reference-import  correct"))
            }
        }
    }
}
