import Glibc

/// Gives the tty back when the process dies of a crash signal while ncurses owns the screen.
///
/// Without it a `fatalError` (SIGILL/SIGTRAP), a failed precondition or a segfault leaves the
/// shell in `-icanon -echo` on the alternate screen, with the backtrace smeared over it. The
/// handlers restore the termios saved before ncurses started, leave the alternate screen, show
/// the cursor, then put back whatever handler was there before (the Swift backtracer) and
/// re-raise, so the crash report is still produced. Only async-signal-safe calls run in them.
public enum CrashGuard {
    /// The crash signals covered.
    public static let signals: [Int32] = [SIGILL, SIGTRAP, SIGABRT, SIGSEGV, SIGBUS, SIGFPE]

    /// Everything a handler needs, in memory allocated before any handler can run: a handler
    /// must not allocate, lock or touch Swift collections.
    private struct State {
        var inputFD: Int32
        var outputFD: Int32
        var hasTermios: Bool
        var termios: termios
        var numbers: UnsafeMutablePointer<Int32>
        var previous: UnsafeMutablePointer<sigaction>
        var count: Int
    }

    // Written only by install/uninstall on the UI thread; read by handlers, which run only while
    // it is set. A C handler cannot capture context, so this has to be global.
    nonisolated(unsafe) private static var state: UnsafeMutablePointer<State>?

    /// Whether the handlers are in place.
    public static var isInstalled: Bool { state != nil }

    /// Saves the termios of `inputFD` and installs the handlers. A second call is a no-op.
    public static func install(inputFD: Int32 = STDIN_FILENO, outputFD: Int32 = STDOUT_FILENO) {
        guard state == nil else { return }
        let previous = UnsafeMutablePointer<sigaction>.allocate(capacity: signals.count)
        previous.initialize(repeating: sigaction(), count: signals.count)
        let numbers = UnsafeMutablePointer<Int32>.allocate(capacity: signals.count)
        numbers.initialize(from: signals, count: signals.count)
        var saved = termios()
        let hasTermios = tcgetattr(inputFD, &saved) == 0
        let s = UnsafeMutablePointer<State>.allocate(capacity: 1)
        s.initialize(to: State(inputFD: inputFD, outputFD: outputFD, hasTermios: hasTermios,
                               termios: saved, numbers: numbers, previous: previous, count: signals.count))
        state = s
        for (i, sig) in signals.enumerated() {
            var action = sigaction()
            action.__sigaction_handler.sa_sigaction = { sig, info, _ in
                CrashGuard.handle(sig, code: info?.pointee.si_code ?? 0)
            }
            sigemptyset(&action.sa_mask)
            // SA_SIGINFO tells a hardware fault from a sent signal. SA_ONSTACK: a stack overflow
            // can only be handled on the alternate stack, if the runtime set one up.
            action.sa_flags = SA_SIGINFO | SA_ONSTACK
            sigaction(sig, &action, previous + i)
        }
    }

    /// Puts the previous handlers back and forgets the saved termios.
    public static func uninstall() {
        guard let s = state else { return }
        for (i, sig) in signals.enumerated() {
            sigaction(sig, s.pointee.previous + i, nil)
        }
        state = nil
        s.pointee.previous.deinitialize(count: s.pointee.count)
        s.pointee.previous.deallocate()
        s.pointee.numbers.deinitialize(count: s.pointee.count)
        s.pointee.numbers.deallocate()
        s.deinitialize(count: 1)
        s.deallocate()
    }

    /// Runs inside the signal handler: only tcsetattr, write, sigaction and raise.
    private static func handle(_ sig: Int32, code: Int32) {
        guard let s = state else {
            signal(sig, SIG_DFL)
            raise(sig)
            return
        }
        if s.pointee.hasTermios {
            _ = tcsetattr(s.pointee.inputFD, TCSANOW, &s.pointee.termios)
        }
        // Reset attributes, leave the alternate screen, show the cursor; a new line so the crash
        // report starts at the left margin. A StaticString needs no allocation.
        let reset: StaticString = "\u{1B}[0m\u{1B}[?1049l\u{1B}[?25h\r\n"
        reset.withUTF8Buffer { bytes in
            _ = write(s.pointee.outputFD, bytes.baseAddress, bytes.count)
        }
        var index = -1
        for i in 0..<s.pointee.count where s.pointee.numbers[i] == sig { index = i }
        if index >= 0 {
            sigaction(sig, s.pointee.previous + index, nil)
        } else {
            signal(sig, SIG_DFL)
        }
        // A hardware fault (si_code > 0: ud2 from a Swift trap, a bad access, a division by
        // zero) re-executes the faulting instruction when we return, so the previous handler (the
        // Swift backtracer) sees the genuine siginfo and registers. SIGTRAP resumes after int3
        // on x86, and a sent signal (abort, kill: si_code <= 0) would not recur: raise those.
        // The signal is blocked while this handler runs, so it is delivered right after return.
        if code <= 0 || sig == SIGTRAP {
            raise(sig)
        }
    }
}
