import Foundation

/// Writes to standard output and says when it could not: `print` buffers and drops a failed write
/// at exit (`> /dev/full` exited 0 having written nothing), and FileHandle's `write(_:)` traps.
public enum StandardOutput {
    public static func write(_ text: String) throws {
        if let reason = OutputFile.writeAll(fd: 1, Array(text.utf8)) {
            throw UserError("cannot write to standard output: \(reason)")
        }
    }
}

/// Writes a whole file the way an operator means it: a new or regular file is replaced at once
/// (a temporary file beside it, synced, renamed over it, its permissions kept), so a reader never
/// sees half of it; a symbolic link is followed (the link stays a link); a FIFO, a terminal or a
/// device is written to, never replaced by a regular file.
public enum OutputFile {
    public static func write(_ text: String, to path: String) throws {
        let bytes = Array(text.utf8)
        var info = stat()
        if lstat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFLNK {
            // Follow the link (to a file that may not exist yet): write where it points.
            var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
            let n = readlink(path, &buffer, buffer.count - 1)
            guard n > 0 else { throw UserError("cannot write \(path): \(String(cString: strerror(errno)))") }
            let target = String(decoding: buffer[..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
            let resolved = target.hasPrefix("/") ? target : (path as NSString).deletingLastPathComponent + "/" + target
            guard resolved != path else { throw UserError("cannot write \(path): the link points at itself") }
            return try write(text, to: resolved)
        }
        let exists = stat(path, &info) == 0
        let kind = info.st_mode & S_IFMT
        if exists, kind == S_IFDIR { throw UserError("cannot write \(path): it is a directory") }
        if exists, kind != S_IFREG {
            // A FIFO, a terminal, a device: write into it as it is.
            let fd = open(path, O_WRONLY | O_CLOEXEC)
            guard fd >= 0 else { throw UserError("cannot write \(path): \(String(cString: strerror(errno)))") }
            defer { close(fd) }
            if let reason = writeAll(fd: fd, bytes) { throw UserError("cannot write \(path): \(reason)") }
            return
        }
        let directory = (path as NSString).deletingLastPathComponent
        let temporary = (directory.isEmpty ? "." : directory) + "/.\((path as NSString).lastPathComponent).\(getpid()).tmp"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, exists ? info.st_mode & 0o7777 : 0o644)
        guard fd >= 0 else { throw UserError("cannot write \(path): \(String(cString: strerror(errno)))") }
        var reason = writeAll(fd: fd, bytes)
        if reason == nil, fsync(fd) != 0 { reason = String(cString: strerror(errno)) }
        if exists, reason == nil { _ = fchmod(fd, info.st_mode & 0o7777) }
        close(fd)
        if reason == nil, rename(temporary, path) != 0 { reason = String(cString: strerror(errno)) }
        if let reason {
            unlink(temporary)
            throw UserError("cannot write \(path): \(reason)")
        }
    }

    /// Writes every byte (retrying short writes and EINTR); the reason it could not, or nil.
    static func writeAll(fd: Int32, _ bytes: [UInt8]) -> String? {
        var done = 0
        while done < bytes.count {
            let n = bytes[done...].withUnsafeBytes { Foundation.write(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                return String(cString: strerror(errno))
            }
            done += n
        }
        return nil
    }
}

/// Reads a whole file, a FIFO, a process substitution (`<(cmd)`) or standard input (`-`), with
/// errors in the system's words ("Permission denied", "Is a directory"), not Foundation's codes.
public enum InputFile {
    public static func read(_ path: String, limit: Int = 1 << 30) throws -> Data {
        let fd = path == "-" ? 0 : open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw UserError("cannot read \(path): \(String(cString: strerror(errno)))") }
        defer { if fd != 0 { close(fd) } }
        var info = stat()
        if fstat(fd, &info) == 0, info.st_mode & S_IFMT == S_IFDIR { throw UserError("cannot read \(path): it is a directory") }
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = buffer.withUnsafeMutableBytes { Foundation.read(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw UserError("cannot read \(path == "-" ? "standard input" : path): \(String(cString: strerror(errno)))")
            }
            if n == 0 { return data }
            data.append(contentsOf: buffer[..<n])
            if data.count > limit { throw UserError("cannot read \(path): larger than \(limit >> 20) MB") }
        }
    }
}
