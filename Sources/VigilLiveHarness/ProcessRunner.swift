#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import VigilCore

/// Why a child process could not be started, or how it failed.
public struct ProcessRunnerError: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// What a command that ran to completion left behind.
public struct ProcessResult: Sendable {
    /// The exit code, or 128 + the signal number when a signal ended it.
    public let status: Int32
    public let stdout: String
    public let stderr: String
    /// Wall-clock seconds from spawn to exit.
    public let seconds: Double
}

/// Starts child processes with `posix_spawn`, not Foundation's `Process`.
///
/// On Linux, `Process` decides a child has exited when a pipe or socket it handed the child
/// reaches EOF; a daemon (or anything the child forks) that inherits it keeps it open, and
/// `waitUntilExit()` never returns. Here children get `/dev/null` for stdin and files (never
/// pipes) for stdout and stderr, and exits are observed with `waitpid`.
///
/// Children also start with an empty signal mask and default signal handlers: the calling thread
/// is often a dispatch or Swift-concurrency worker with most signals blocked, and a spawned child
/// inherits that mask (a server would then ignore SIGTERM).
public enum ProcessRunner {
    /// Starts `executable` (a path, or a name looked up in `PATH`) and returns its pid at once.
    /// The caller must reap it: `waitForExit`, `poll` or `run`.
    ///
    /// - Parameters:
    ///   - stdout: file that receives standard output (created; appended to when `append`).
    ///   - stderr: file for standard error; nil sends it to the `stdout` file.
    ///   - environment: the whole environment; nil inherits this process's.
    ///   - newProcessGroup: puts the child in a process group of its own (a terminal's Ctrl-C
    ///     then reaches only this process, which cleans up after its children).
    ///   - stdinFD: an open descriptor to become the child's stdin instead of `/dev/null`.
    public static func spawn(_ executable: String, _ arguments: [String],
                             stdout: String, stderr: String? = nil, append: Bool = false,
                             environment: [String: String]? = nil,
                             newProcessGroup: Bool = false,
                             stdinFD: Int32? = nil) throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        if let stdinFD {
            posix_spawn_file_actions_adddup2(&actions, stdinFD, 0)
        } else {
            posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        }
        let mode = O_WRONLY | O_CREAT | (append ? O_APPEND : O_TRUNC)
        posix_spawn_file_actions_addopen(&actions, 1, stdout, mode, 0o600)
        if let stderr {
            posix_spawn_file_actions_addopen(&actions, 2, stderr, mode, 0o600)
        } else {
            posix_spawn_file_actions_adddup2(&actions, 1, 2)
        }
        // Nothing else: a test process holds sockets (NIO servers, event loops) and pipes (to
        // SwiftPM) without close-on-exec. A child that inherited a test's listening socket kept
        // its port accepting after the test closed it, and a pipe to SwiftPM can keep
        // `swift test` waiting for EOF.
        closeInheritedDescriptors(&actions)

        var attr = posix_spawnattr_t()
        posix_spawnattr_init(&attr)
        defer { posix_spawnattr_destroy(&attr) }
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        posix_spawnattr_setsigmask(&attr, &noSignals)
        var allSignals = sigset_t()
        sigfillset(&allSignals)
        posix_spawnattr_setsigdefault(&attr, &allSignals)
        var flags = Int32(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF)
        if newProcessGroup {
            flags |= Int32(POSIX_SPAWN_SETPGROUP)
            posix_spawnattr_setpgroup(&attr, 0)
        }
        posix_spawnattr_setflags(&attr, Int16(flags))

        let env = environment ?? ProcessInfo.processInfo.environment
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = env.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var pid: pid_t = 0
        let rc = posix_spawnp(&pid, executable, &actions, &attr, argv, envp)
        guard rc == 0 else {
            throw ProcessRunnerError("cannot start \(executable): \(String(cString: strerror(rc)))")
        }
        return pid
    }

    private typealias CloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32

    /// glibc 2.34's `posix_spawn_file_actions_addclosefrom_np`, which Swift's Glibc module
    /// does not export; looked up at run time.
    nonisolated(unsafe) private static let addCloseFrom: CloseFrom? = {
        #if os(Linux)
        guard let handle = dlopen(nil, RTLD_NOW),
              let symbol = dlsym(handle, "posix_spawn_file_actions_addclosefrom_np") else { return nil }
        return unsafeBitCast(symbol, to: CloseFrom.self)
        #else
        return nil
        #endif
    }()

    /// Adds "close every descriptor from 3 up" to `actions` (after the dup2/open actions).
    private static func closeInheritedDescriptors(_ actions: inout posix_spawn_file_actions_t) {
        if let addCloseFrom, addCloseFrom(&actions, 3) == 0 { return }
        // Older C libraries: close what is open now (a descriptor opened meanwhile by another
        // thread may still slip through; one closed meanwhile is ignored by glibc).
        let open = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []
        for fd in open.compactMap({ Int32($0) }) where fd > 2 {
            posix_spawn_file_actions_addclose(&actions, fd)
        }
    }

    /// Runs a command to completion; stdout and stderr go through temporary files.
    /// - Parameter timeout: SIGKILL the command after this many seconds (then it fails).
    /// - Throws: when it cannot start, times out, or (unless `allowFailure`) exits non-zero.
    public static func run(_ executable: String, _ arguments: [String],
                           environment: [String: String]? = nil, timeout: Double? = nil,
                           allowFailure: Bool = false) throws -> ProcessResult {
        let dir = FileManager.default.temporaryDirectory
        let token = UUID().uuidString
        let outPath = dir.appendingPathComponent("vigil-run-\(token).out").path
        let errPath = dir.appendingPathComponent("vigil-run-\(token).err").path
        defer {
            try? FileManager.default.removeItem(atPath: outPath)
            try? FileManager.default.removeItem(atPath: errPath)
        }
        let started = Date()
        let pid = try spawn(executable, arguments, stdout: outPath, stderr: errPath, environment: environment)
        var status: Int32
        if let timeout {
            if let s = waitForExit(pid, timeout: timeout) {
                status = s
            } else {
                _ = sendSignal(pid, SIGKILL)
                _ = waitForExit(pid, timeout: .infinity)
                throw ProcessRunnerError("\(executable) \(arguments.joined(separator: " ")) timed out after \(timeout) s")
            }
        } else {
            status = waitForExit(pid, timeout: .infinity) ?? -1
        }
        let result = ProcessResult(status: status,
                                   stdout: (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? "",
                                   stderr: (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? "",
                                   seconds: Date().timeIntervalSince(started))
        if status != 0 && !allowFailure {
            throw ProcessRunnerError("\(executable) \(arguments.joined(separator: " ")) failed (\(status)): "
                                     + String(result.stderr.suffix(4000)) + String(result.stdout.suffix(2000)))
        }
        return result
    }

    /// Reaps `pid` if it has exited, without waiting: its status, or nil while it runs.
    /// (Also nil when `pid` is not a child of this process, or was reaped already.)
    public static func poll(_ pid: pid_t) -> Int32? {
        var status: Int32 = 0
        while true {
            let r = waitpid(pid, &status, WNOHANG)
            if r == pid { return exitCode(waitStatus: status) }
            if r < 0 && errno == EINTR { continue }
            return nil
        }
    }

    /// Waits up to `timeout` seconds for `pid` to exit and reaps it: its status, or nil if it is
    /// still running. `.infinity` blocks in `waitpid`.
    public static func waitForExit(_ pid: pid_t, timeout: Double) -> Int32? {
        if timeout == .infinity {
            var status: Int32 = 0
            while true {
                let r = waitpid(pid, &status, 0)
                if r == pid { return exitCode(waitStatus: status) }
                if r < 0 && errno == EINTR { continue }
                return nil
            }
        }
        let deadline = Date().addingTimeInterval(timeout)
        var pause: UInt32 = 2_000
        while true {
            if let status = poll(pid) { return status }
            if !isAlive(pid) { return nil }
            if Date() >= deadline { return nil }
            usleep(pause)
            pause = min(pause * 2, 50_000)
        }
    }

    /// Whether a process with this pid exists (a zombie counts).
    public static func isAlive(_ pid: pid_t) -> Bool {
        sendSignal(pid, 0) || errno == EPERM
    }

    /// Decodes a `waitpid` status word (WIFEXITED / WEXITSTATUS are macros Swift cannot call):
    /// the exit code, or 128 + the signal number.
    public static func exitCode(waitStatus status: Int32) -> Int32 {
        (status & 0x7F) == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
    }

    /// Runs blocking work (a backfill, a server start, `waitpid`) on a thread of its own and
    /// awaits it, so an async test does not hold one of the few Swift-concurrency threads that
    /// every other test running in parallel needs (there are as many as cores: two in CI).
    public static func blocking<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            let thread = Thread { continuation.resume(with: Result { try body() }) }
            thread.stackSize = 8 << 20
            thread.start()
        }
    }

    /// Looks `name` up in `PATH`, then in the usual system directories.
    public static func which(_ name: String) -> String? {
        ExecutablePath.find(name, searchPath: ProcessInfo.processInfo.environment["PATH"] ?? "",
                            fallback: ["/usr/local/bin", "/usr/bin", "/bin", "/usr/sbin", "/sbin"])
    }
}

/// `kill(2)`, under a name that methods called `kill()` do not shadow. True on success.
@discardableResult
public func sendSignal(_ pid: pid_t, _ signal: Int32) -> Bool {
    kill(pid, signal) == 0
}
