import CNCursesW
import Foundation
import Glibc
import Synchronization

/// A real ncurses terminal on a pseudo-terminal, for measuring what frames cost on the wire.
///
/// `terminal` draws into the pty's slave side; `drainBytes()` reads what reached the master and
/// says how many bytes that was. A reader thread also drains the master while a frame is being
/// written: a full repaint can exceed the pty's buffer (~64 KiB), and ncurses would then block
/// in write() forever with nobody reading.
public final class PseudoTerminalProbe {
    public let terminal: NCursesTerminal
    public let width: Int
    public let height: Int
    private let master: Int32
    private let slave: Int32
    private let reader: Reader
    private var closed = false

    /// Opens a `width`×`height` pty running ncurses as `term`.
    public init(width: Int, height: Int, term: String = "xterm-256color", colorMode: ColorMode = .auto) throws {
        var m: Int32 = -1, s: Int32 = -1
        guard openpty(&m, &s, nil, nil, nil) == 0 else {
            throw TerminalError.cannotOpen("openpty failed: errno \(errno)")
        }
        // ncurses reads the size from the tty (TIOCGWINSZ) at newterm.
        guard cnc_set_winsize(s, UInt16(clamping: height), UInt16(clamping: width)) == 0,
              cnc_set_nonblocking(m) == 0 else {
            let e = errno
            Glibc.close(m); Glibc.close(s)
            throw TerminalError.cannotOpen("cannot configure the pty: errno \(e)")
        }
        _ = cnc_set_cloexec(m)
        _ = cnc_set_cloexec(s)
        master = m
        slave = s
        self.width = width
        self.height = height
        do {
            reader = try Reader(fd: m)
        } catch {
            Glibc.close(m); Glibc.close(s)
            throw error
        }
        reader.start()
        do {
            terminal = try NCursesTerminal(input: s, output: s, term: term, colorMode: colorMode)
        } catch {
            reader.stop()
            Glibc.close(m); Glibc.close(s)
            throw error
        }
        // newterm itself writes nothing, but start from zero whatever it did.
        _ = drainBytes()
    }

    deinit { close() }

    /// Bytes that reached the master since the last call. Waits until the pty has been quiet for
    /// `settleMs` (the kernel moves pty data to the master asynchronously), so call it right
    /// after `terminal.draw(_:)` and time the draw, not this.
    public func drainBytes(settleMs: Int32 = 2) -> Int {
        reader.drain(settleMs: settleMs)
    }

    /// Restores the terminal and closes the pty.
    public func close() {
        guard !closed else { return }
        closed = true
        terminal.restore()
        _ = reader.drain(settleMs: 0)
        reader.stop()
        Glibc.close(slave)
        Glibc.close(master)
    }

    /// Reads the master side; counts bytes under a lock so a drain sees every byte exactly once.
    private final class Reader: Sendable {
        private struct State {
            var pending = 0
            var chunk = [UInt8](repeating: 0, count: 16384)
        }
        private let fd: Int32
        private let state = Mutex(State())
        private let stopping = Atomic<Bool>(false)
        private let finished = DispatchSemaphore(value: 0)
        // Written to on stop() so the thread can block in poll() without a timeout: an idle
        // probe (the CPU benchmark) must not wake up on its own.
        private let wakeRead: Int32
        private let wakeWrite: Int32

        init(fd: Int32) throws {
            self.fd = fd
            var ends: [Int32] = [-1, -1]
            guard pipe(&ends) == 0 else {
                throw TerminalError.cannotOpen("pipe failed: errno \(errno)")
            }
            _ = cnc_set_cloexec(ends[0])
            _ = cnc_set_cloexec(ends[1])
            wakeRead = ends[0]
            wakeWrite = ends[1]
        }

        func start() {
            let thread = Thread { [self] in
                var fds = [pollfd(fd: fd, events: Int16(POLLIN), revents: 0),
                           pollfd(fd: wakeRead, events: Int16(POLLIN), revents: 0)]
                while !stopping.load(ordering: .relaxed) {
                    fds[0].revents = 0
                    fds[1].revents = 0
                    let n = Glibc.poll(&fds, 2, -1)
                    if n < 0, errno == EINTR { continue }
                    if n < 0 || fds[1].revents != 0 { break }
                    let hungUp = fds[0].revents & Int16(POLLHUP | POLLERR) != 0
                    let got = state.withLock { s in
                        let got = Self.readAvailable(fd, &s.chunk)
                        s.pending += got
                        return got
                    }
                    // The slave side is gone and nothing is left to read: stop rather than spin.
                    if hungUp, got == 0 { break }
                }
                finished.signal()
            }
            thread.name = "pty-drain"
            thread.start()
        }

        func stop() {
            guard !stopping.exchange(true, ordering: .relaxed) else { return }
            var byte: UInt8 = 1
            _ = write(wakeWrite, &byte, 1)
            _ = finished.wait(timeout: .now() + 2)
            Glibc.close(wakeRead)
            Glibc.close(wakeWrite)
        }

        func drain(settleMs: Int32) -> Int {
            state.withLock { s in
                s.pending += Self.readAvailable(fd, &s.chunk)
                var p = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
                while settleMs > 0, Glibc.poll(&p, 1, settleMs) > 0 {
                    let n = Self.readAvailable(fd, &s.chunk)
                    if n == 0 { break } // EOF/EIO: the slave side is gone
                    s.pending += n
                }
                defer { s.pending = 0 }
                return s.pending
            }
        }

        /// Non-blocking reads until the master is empty.
        private static func readAvailable(_ fd: Int32, _ chunk: inout [UInt8]) -> Int {
            var count = 0
            while true {
                let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
                if n > 0 { count += n; continue }
                if n < 0, errno == EINTR { continue }
                return count // 0 (EOF), EAGAIN (empty) or EIO (slave closed)
            }
        }
    }
}
