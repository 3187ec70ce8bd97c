import Foundation
import Testing
@testable import VigilRuntime

/// Issue 21, silent loss 1: `feedback export --output PATH` replaced PATH instead of writing to it
/// (a symbolic link, a FIFO or a device became a regular file).
@Suite(.timeLimit(.minutes(1))) struct OutputFileTests {
    static func scratch() throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-out-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    static func kind(_ path: String) -> mode_t {
        var info = stat()
        return lstat(path, &info) == 0 ? info.st_mode & S_IFMT : 0
    }

    @Test func aNewOrRegularFileIsReplacedWholeKeepingItsMode() throws {
        let dir = try Self.scratch()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/export.jsonl"
        try OutputFile.write("one\n", to: path)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "one\n")
        chmod(path, 0o600)
        try OutputFile.write("two\n", to: path)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "two\n")
        var info = stat()
        stat(path, &info)
        #expect(info.st_mode & 0o777 == 0o600)
        // No temporary file left beside it.
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["export.jsonl"])
    }

    @Test func aSymbolicLinkIsFollowedAndStaysALink() throws {
        let dir = try Self.scratch()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileManager.default.createDirectory(atPath: dir + "/real", withIntermediateDirectories: true)
        symlink("real/target.jsonl", dir + "/link.jsonl")
        try OutputFile.write("through the link\n", to: dir + "/link.jsonl")
        #expect(Self.kind(dir + "/link.jsonl") == S_IFLNK)
        #expect(try String(contentsOfFile: dir + "/real/target.jsonl", encoding: .utf8) == "through the link\n")
    }

    @Test func aFIFOIsWrittenIntoNotReplaced() async throws {
        let dir = try Self.scratch()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let fifo = dir + "/pipe"
        #expect(mkfifo(fifo, 0o600) == 0)
        let reader = Task.detached { () -> String in
            let fd = open(fifo, O_RDONLY)
            defer { close(fd) }
            var out: [UInt8] = [], buffer = [UInt8](repeating: 0, count: 4096)
            while true {
                let n = read(fd, &buffer, buffer.count)
                if n <= 0 { break }
                out += buffer[..<n]
            }
            return String(decoding: out, as: UTF8.self)
        }
        try OutputFile.write("into the pipe\n", to: fifo)
        #expect(await reader.value == "into the pipe\n")
        #expect(Self.kind(fifo) == S_IFIFO)
    }

    @Test func aFullDeviceAndADirectoryAreErrorsThatSaySo() throws {
        #expect(throws: UserError.self) { try OutputFile.write("x", to: "/dev/full") }
        do { try OutputFile.write("x", to: "/dev/full") } catch { #expect("\(error)".contains("No space left on device")) }
        #expect(Self.kind("/dev/full") == S_IFCHR)
        let dir = try Self.scratch()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        do { try OutputFile.write("x", to: dir); Issue.record("wrote to a directory") } catch { #expect("\(error)".contains("is a directory")) }
        do { try OutputFile.write("x", to: dir + "/no/such/dir/f"); Issue.record("wrote") } catch { #expect("\(error)".contains("No such file")) }
    }
}
