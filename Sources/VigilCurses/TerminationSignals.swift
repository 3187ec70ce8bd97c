import Glibc
import Synchronization

/// The signal number that asked us to stop, 0 while none did. An `Atomic` in a global `let`:
/// the handler may only do async-signal-safe work, and a lock-free store is exactly that.
private let terminationSignal = Atomic<Int32>(0)

/// SIGINT, SIGTERM, SIGHUP (and the other signals in `handled`) turned into a flag the UI loop reads each tick.
///
/// The handlers are plain `sigaction` handlers that only store the signal number; the loop
/// sees `requested`, leaves, and its `defer { terminal.restore() }` gives the tty back. SIGWINCH
/// is left alone on purpose: ncurses installs its own handler only while its disposition is
/// still SIG_DFL, and without it `wget_wch` never reports KEY_RESIZE.
public enum TerminationSignals {
    /// The signals handled here: the usual stop requests, and SIGUSR1/SIGUSR2/SIGQUIT, whose
    /// default action would end the process with the terminal left raw. SIGPIPE is ignored while
    /// the UI runs (a write to a closed pipe or socket fails with EPIPE where it is made, instead
    /// of killing the dashboard with the terminal raw).
    public static let handled: [Int32] = [SIGINT, SIGTERM, SIGHUP, SIGUSR1, SIGUSR2, SIGQUIT]

    /// Installs the handlers. Call it before creating `NCursesTerminal`: ncurses puts its own
    /// SIGINT/SIGTERM handlers (endwin, then exit(1)) on any of these still at SIG_DFL.
    public static func install() {
        // Touch the atomic first so its lazy initialisation never runs inside a handler.
        _ = terminationSignal.load(ordering: .relaxed)
        for sig in handled {
            var action = sigaction()
            action.__sigaction_handler.sa_handler = { sig in
                terminationSignal.store(sig, ordering: .relaxed)
            }
            sigemptyset(&action.sa_mask)
            // SA_RESTART: other threads' reads (collectors) must not fail with EINTR; the UI loop
            // notices within one poll timeout anyway.
            action.sa_flags = SA_RESTART
            sigaction(sig, &action, nil)
        }
        signal(SIGPIPE, SIG_IGN)
    }

    /// Puts the default dispositions back (after the loop ended, if a later phase wants the
    /// usual Ctrl-C behaviour again).
    public static func uninstall() {
        for sig in handled + [SIGPIPE] { signal(sig, SIG_DFL) }
    }

    /// True once SIGINT, SIGTERM or SIGHUP arrived.
    public static var requested: Bool { terminationSignal.load(ordering: .relaxed) != 0 }

    /// The signal that arrived (for an exit status of 128 + n), nil if none.
    public static var received: Int32? {
        let sig = terminationSignal.load(ordering: .relaxed)
        return sig == 0 ? nil : sig
    }
}
