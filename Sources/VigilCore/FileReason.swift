#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// Why a file cannot be read, in the system's words ("No such file or directory", "Permission
/// denied", "is a directory", "not a regular file"), never Foundation's ("NSCocoaErrorDomain error
/// 256", "You don't have permission" for a FIFO).
public enum FileReason {
    /// nil when `path` is a regular file that can be opened for reading; else the reason.
    public static func unreadable(_ path: String) -> String? {
        var info = stat()
        guard stat(path, &info) == 0 else { return String(cString: strerror(errno)) }
        let kind = info.st_mode & S_IFMT
        if kind == S_IFDIR { return "it is a directory" }
        if kind != S_IFREG { return "not a regular file" }
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return String(cString: strerror(errno)) }
        close(fd)
        return nil
    }

    /// The reason for `error` reading `path`: the system's, where the file says it; else the error's.
    public static func describe(_ error: any Error, path: String) -> String {
        unreadable(path) ?? {
            if let underlying = (error as NSError).userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
                return String(cString: strerror(Int32(underlying.code)))
            }
            return error.localizedDescription
        }()
    }
}
