#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import Synchronization

/// Where real servers and backfills keep their files, and what makes sure none outlives the
/// process that started it.
///
/// Everything lives under `$TMPDIR/vigil-live-<pid>/`; the `vigil-live-` marker is also in every
/// server's command line (its config path), so `.ci/run` can sweep leftovers with
/// `pkill -f vigil-live-`. Three layers of cleanup:
/// 1. `RunningServer.stop()` (tests call it in `defer`) and `deinit`;
/// 2. an `atexit` handler that stops every server still registered and deletes the folder;
/// 3. a watchdog per server (`sh`, reading a pipe whose write end only this process holds): when
///    this process dies in any way, even SIGKILL, the pipe reaches EOF and the watchdog sends the
///    server SIGTERM, then SIGKILL after 5 s.
enum LiveScratch {
    static let marker = "vigil-live-"

    /// `$TMPDIR/vigil-live-<pid>`, created on first use.
    static let root: URL = {
        removeStaleFolders()
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("\(marker)\(getpid())")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        atexit { LiveScratch.cleanUpAtExit() }
        return url
    }()

    /// Deletes the `vigil-live-<pid>` folders of processes that no longer exist (a run that
    /// crashed; its servers were ended by their watchdogs).
    private static func removeStaleFolders() {
        let tmp = FileManager.default.temporaryDirectory
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: tmp.path) else { return }
        for name in names where name.hasPrefix(marker) {
            guard let pid = pid_t(name.dropFirst(marker.count)), pid != getpid() else { continue }
            if kill(pid, 0) != 0 && errno == ESRCH {
                try? FileManager.default.removeItem(at: tmp.appendingPathComponent(name))
            }
        }
    }

    /// A fresh folder `root/<prefix>-<random>`.
    static func makeDirectory(_ prefix: String) throws -> URL {
        let token = UUID().uuidString.prefix(8).lowercased()
        let url = root.appendingPathComponent("\(prefix)-\(token)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    // MARK: Registry of live children

    /// Servers (pid → their watchdog's pid) not yet stopped.
    private static let live = Mutex<[pid_t: pid_t?]>([:])

    static func register(server: pid_t, watchdog: pid_t?) {
        live.withLock { $0[server] = watchdog }
    }

    static func unregister(server: pid_t) {
        _ = live.withLock { $0.removeValue(forKey: server) }
    }

    /// Stops what is left at a normal exit: SIGTERM to all, 3 s grace, then SIGKILL.
    private static func cleanUpAtExit() {
        let children = live.withLock { all -> [pid_t: pid_t?] in
            defer { all.removeAll() }
            return all
        }
        for server in children.keys { sendSignal(server, SIGTERM) }
        let deadline = Date().addingTimeInterval(3)
        for server in children.keys {
            if ProcessRunner.waitForExit(server, timeout: max(0, deadline.timeIntervalSinceNow)) == nil {
                sendSignal(server, SIGKILL)
                _ = ProcessRunner.waitForExit(server, timeout: 1)
            }
        }
        for case let watchdog? in children.values {
            sendSignal(watchdog, SIGKILL)
            _ = ProcessRunner.waitForExit(watchdog, timeout: 1)
        }
        try? FileManager.default.removeItem(at: root)
    }

    // MARK: Watchdog

    /// Read end of the lifeline pipe; the write end stays open, unwritten, until this process
    /// ends. Both ends are close-on-exec, so only a watchdog (which gets the read end as its
    /// stdin) holds it in a child.
    private static let lifeline: Int32? = {
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else { return nil }
        for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        return fds[0]
    }()

    /// Starts a watchdog for `pid`: it blocks reading the lifeline and, once this process is gone,
    /// terminates `pid`. Its command line carries the marker too. Nil when it cannot start (the
    /// server still runs; the other two cleanup layers remain).
    static func startWatchdog(for pid: pid_t) -> pid_t? {
        guard let lifeline, let sh = ProcessRunner.which("sh") else { return nil }
        let script = """
            read _ignored
            kill -TERM "$1" 2>/dev/null || exit 0
            i=0
            while kill -0 "$1" 2>/dev/null && [ "$i" -lt 50 ]; do
                stat=""
                read -r stat < "/proc/$1/stat" 2>/dev/null
                case "$stat" in *") Z "*) exit 0 ;; esac
                sleep 0.1
                i=$((i + 1))
            done
            kill -KILL "$1" 2>/dev/null
            """
        return try? ProcessRunner.spawn(sh, ["-c", script, "\(marker)watchdog", String(pid)],
                                        stdout: "/dev/null", newProcessGroup: true, stdinFD: lifeline)
    }
}
