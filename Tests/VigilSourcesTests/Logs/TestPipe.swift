import Foundation

/// A pipe for feeding a stream source in tests: the source reads `read`, the test writes `write`.
enum TestPipe {
    static func make() throws -> (read: Int32, write: Int32) {
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else { throw POSIXError(.EMFILE) }
        return (fds[0], fds[1])
    }

    /// Writes all of `text` (a pipe may take it in parts).
    static func send(_ fd: Int32, _ text: String) {
        let bytes = Array(text.utf8)
        var done = 0
        while done < bytes.count {
            let n = bytes[done...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            if n <= 0 { return }
            done += n
        }
    }
}
