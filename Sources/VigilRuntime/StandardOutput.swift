import Foundation

/// Writes to standard output and says when it could not: `print` buffers and drops a failed write
/// at exit (`> /dev/full` exited 0 having written nothing), and FileHandle's `write(_:)` traps.
public enum StandardOutput {
    public static func write(_ text: String) throws {
        let bytes = Array(text.utf8)
        var done = 0
        while done < bytes.count {
            let n = bytes[done...].withUnsafeBytes { Foundation.write(1, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw UserError("cannot write to standard output: \(String(cString: strerror(errno)))")
            }
            done += n
        }
    }
}
