import CNCursesW
import Glibc
import VigilTerminal

/// The ncurses (wide) backend of `TerminalBackend`.
///
/// Not Sendable: ncurses is not thread-safe, so the terminal lives on the one UI thread from
/// `init` to `restore()`. Frames are diffed against the previous `Buffer`, so only changed cells
/// reach ncurses, and an unchanged frame writes nothing at all.
public final class NCursesTerminal: TerminalBackend {
    /// Whether the locale's codeset is UTF-8. Without it ncurses drops every non-ASCII glyph, so
    /// the backend then draws ASCII stand-ins (`+-|`, `#`) instead of box/braille/block glyphs.
    public let isUTF8: Bool
    /// Colours the terminal offers once colour is started (COLORS); 0 without colour.
    public private(set) var colorCount: Int = 0

    private let screen: OpaquePointer
    private let window: UnsafeMutablePointer<WINDOW>
    // Our own FILEs on dup'ed descriptors: closing them never closes the caller's fds.
    private let inFile: UnsafeMutablePointer<FILE>
    private let outFile: UnsafeMutablePointer<FILE>
    private let ownsCrashGuard: Bool
    /// /dev/tty, opened when stdin carries data (`vigil --logs -`); -1 otherwise.
    private let ttyFD: Int32
    private var restored = false
    private var finalSize = (width: 0, height: 0)
    private var last: Buffer?
    private var palette: ColorPalette
    private let modifierAttrs: [(Modifiers, attr_t)]
    private var styleCache: [Style: (attrs: attr_t, pair: Int32)] = [:]
    // Reused per cell so drawing does not allocate: a spacing char, up to CCHARW_MAX - 1
    // combining marks, and the terminating 0.
    private var wideChars = [wchar_t](repeating: 0, count: Int(CCHARW_MAX) + 1)

    /// Starts ncurses on the process's stdin/stdout; when stdin is not a tty (it carries log
    /// lines, `vigil --logs -`), keys are read from /dev/tty instead, as `less` does.
    ///
    /// Refuses (rather than spewing escape codes) when stdout is not a tty, there is no tty to
    /// read keys from, or TERM is unset/`dumb`. Call `TerminationSignals.install()` first, or ncurses installs its own
    /// SIGINT/SIGTERM handlers that exit(1) behind the app's back.
    public init(colorMode: ColorMode = .auto) throws {
        setlocale(LC_ALL, "")
        isUTF8 = Self.localeIsUTF8()
        guard isatty(STDOUT_FILENO) == 1 else {
            throw TerminalError.notATerminal(
                "vigil needs an interactive terminal: stdout must be a tty "
                + "(use the text snapshot mode when piping or in CI)")
        }
        let term = getenv("TERM").map { String(cString: $0) } ?? ""
        guard !term.isEmpty, term != "dumb" else {
            throw TerminalError.notATerminal(
                "vigil needs a terminal with cursor addressing, but TERM is "
                + (term.isEmpty ? "not set" : "'\(term)'") + " (try TERM=xterm-256color)")
        }
        var input = STDIN_FILENO
        if isatty(STDIN_FILENO) == 1 {
            ttyFD = -1
        } else {
            ttyFD = Glibc.open("/dev/tty", O_RDWR | O_CLOEXEC)
            guard ttyFD >= 0 else {
                throw TerminalError.notATerminal(
                    "stdin is not a terminal and /dev/tty cannot be opened (errno \(errno)): there is no keyboard "
                    + "to read keys from (use the text snapshot mode when piping or in CI)")
            }
            input = ttyFD
        }
        // Saved before ncurses changes the tty modes, so a crash can put them back. An earlier
        // terminal's guard (which saved the same, untouched modes) stays its owner's to remove.
        ownsCrashGuard = !CrashGuard.isInstalled
        if ownsCrashGuard { CrashGuard.install(inputFD: input, outputFD: STDOUT_FILENO) }
        let opened: Opened
        do {
            opened = try Self.open(term: nil, termName: term, input: input, output: STDOUT_FILENO)
        } catch {
            if ownsCrashGuard { CrashGuard.uninstall() }
            if ttyFD >= 0 { close(ttyFD) }
            throw error
        }
        (screen, window, inFile, outFile) = (opened.screen, opened.window, opened.inFile, opened.outFile)
        modifierAttrs = Self.modifierTable()
        palette = ColorPalette(colors: 0, defaultColors: false)
        configure(colorMode: colorMode)
    }

    /// Starts ncurses on the given descriptors with terminal type `term` (a pty in the render
    /// benchmark). No tty check and no crash guard: the process's own terminal is not involved.
    public init(input: Int32, output: Int32, term: String, colorMode: ColorMode) throws {
        setlocale(LC_ALL, "")
        isUTF8 = Self.localeIsUTF8()
        ownsCrashGuard = false
        ttyFD = -1
        let opened = try Self.open(term: term, termName: term, input: input, output: output)
        (screen, window, inFile, outFile) = (opened.screen, opened.window, opened.inFile, opened.outFile)
        modifierAttrs = Self.modifierTable()
        palette = ColorPalette(colors: 0, defaultColors: false)
        configure(colorMode: colorMode)
    }

    deinit { restore() }

    // MARK: TerminalBackend

    public var size: (width: Int, height: Int) {
        // After restore the window is freed; report the size it last had.
        guard !restored else { return finalSize }
        return (Int(max(0, getmaxx(window))), Int(max(0, getmaxy(window))))
    }

    public func draw(_ buffer: Buffer) {
        guard !restored else { return }
        // doupdate() works on the current screen; another NCursesTerminal may have switched it.
        set_term(screen)
        let previous = last
        var changed = false
        if previous?.area != buffer.area {
            // New size (or first frame, or after invalidate/resize): start from a blank window so
            // nothing outside the new buffer survives; ncurses still sends only real differences.
            werase(window)
            changed = true
        }
        let rows = Int(getmaxy(window)), cols = Int(getmaxx(window))
        for (x, y, cell) in buffer.diff(from: previous?.area == buffer.area ? previous : nil) {
            // The wide glyph before a continuation cell already covers it.
            if cell.isContinuation { continue }
            guard x >= 0, y >= 0, x < cols, y < rows else { continue }
            let wide = buffer.area.contains(x: x + 1, y: y) && buffer[x + 1, y].isContinuation
            put(cell, x: x, y: y, wide: wide, cols: cols)
            changed = true
        }
        last = buffer
        if changed {
            wnoutrefresh(window)
            doupdate()
        }
    }

    public func invalidate() {
        guard !restored else { return }
        last = nil
        // The physical screen may hold anything (another program wrote to the tty): make the
        // next refresh clear it and repaint from scratch instead of trusting ncurses' copy.
        clearok(window, true)
    }

    public func poll(timeoutMs: Int) -> TerminalEvent? {
        guard !restored else { return nil }
        set_term(screen)
        wtimeout(window, Int32(clamping: timeoutMs))
        var ch: wint_t = 0
        switch wget_wch(window, &ch) {
        case OK:
            return KeyDecoder.character(UInt32(ch)).map { .key($0) }
        case KEY_CODE_YES:
            if Int32(bitPattern: ch) == KEY_RESIZE {
                // ncurses has resized stdscr already. After a shrink and grow the terminal may
                // show leftovers ncurses does not know about: repaint everything next frame.
                last = nil
                clearok(window, true)
                let s = size
                return .resize(width: s.width, height: s.height)
            }
            return KeyDecoder.keyCode(Int32(bitPattern: ch)).map { .key($0) }
        default:
            return nil
        }
    }

    public func restore() {
        guard !restored else { return }
        finalSize = size
        restored = true
        set_term(screen)
        curs_set(1)
        endwin()
        delscreen(screen)
        // delscreen does not close the streams; these are our dup'ed descriptors.
        fclose(outFile)
        fclose(inFile)
        if ownsCrashGuard { CrashGuard.uninstall() }
        if ttyFD >= 0 { close(ttyFD) }
    }

    // MARK: Setup

    private struct Opened {
        var screen: OpaquePointer
        var window: UnsafeMutablePointer<WINDOW>
        var inFile: UnsafeMutablePointer<FILE>
        var outFile: UnsafeMutablePointer<FILE>
    }

    private static func localeIsUTF8() -> Bool {
        guard let codeset = nl_langinfo(nl_item(CODESET)) else { return false }
        let name = String(cString: codeset).uppercased()
        return name == "UTF-8" || name == "UTF8"
    }

    /// newterm on dup'ed descriptors; NULL (no terminfo entry) becomes an error, never exit(1).
    private static func open(term: String?, termName: String, input: Int32, output: Int32) throws -> Opened {
        let outFD = dup(output), inFD = dup(input)
        guard outFD >= 0, inFD >= 0 else {
            if outFD >= 0 { close(outFD) }
            if inFD >= 0 { close(inFD) }
            throw TerminalError.cannotOpen("cannot duplicate the terminal descriptors: errno \(errno)")
        }
        // A child process (a log tailer, a shell-out) must not inherit the tty copies.
        _ = cnc_set_cloexec(outFD)
        _ = cnc_set_cloexec(inFD)
        guard let outFile = fdopen(outFD, "w") else {
            close(outFD); close(inFD)
            throw TerminalError.cannotOpen("cannot open the terminal output stream: errno \(errno)")
        }
        guard let inFile = fdopen(inFD, "r") else {
            fclose(outFile); close(inFD)
            throw TerminalError.cannotOpen("cannot open the terminal input stream: errno \(errno)")
        }
        let screen: OpaquePointer? = if let term { newterm(term, outFile, inFile) } else { newterm(nil, outFile, inFile) }
        guard let screen else {
            fclose(outFile); fclose(inFile)
            throw TerminalError.cannotOpen(
                "ncurses cannot open the terminal TERM=\(termName): no terminfo entry for it? "
                + "(try TERM=xterm-256color)")
        }
        set_term(screen)
        guard let window = cnc_stdscr() else {
            endwin(); delscreen(screen); fclose(outFile); fclose(inFile)
            throw TerminalError.cannotOpen("ncurses created no screen window for TERM=\(termName)")
        }
        return Opened(screen: screen, window: window, inFile: inFile, outFile: outFile)
    }

    private func configure(colorMode: ColorMode) {
        cbreak()        // key by key; Ctrl-C still raises SIGINT (raw() would swallow it)
        noecho()
        nonl()          // Enter arrives as 13 and no CR/LF translation on output
        keypad(window, true)   // arrows, F-keys and KEY_RESIZE come back as key codes
        leaveok(window, true)  // the cursor is hidden: do not spend bytes moving it after a frame
        curs_set(0)
        set_escdelay(25)       // a lone Esc otherwise waits a full second
        if colorMode == .auto, has_colors() {
            start_color()
            let defaults = use_default_colors() == OK
            colorCount = Int(max(0, cnc_colors()))
            palette = ColorPalette(colors: colorCount, defaultColors: defaults)
        }
    }

    private static func modifierTable() -> [(Modifiers, attr_t)] {
        [(.bold, cnc_a_bold()), (.dim, cnc_a_dim()), (.italic, cnc_a_italic()),
         (.underline, cnc_a_underline()), (.reverse, cnc_a_reverse())]
    }

    // MARK: Cells

    private func rendition(_ cellStyle: Style) -> (attrs: attr_t, pair: Int32) {
        if let hit = styleCache[cellStyle] { return hit }
        // 8/16-colour terminals: dark greys become black and would vanish on a black background.
        let style = (1..<16).contains(palette.colors) ? cellStyle.legibleOnEightColors() : cellStyle
        var attrs = cnc_a_normal()
        for (m, a) in modifierAttrs where style.modifiers.contains(m) { attrs |= a }
        let (pair, recycled) = palette.pair(fg: style.fg, bg: style.bg)
        // A recycled pair number now means other colours: cached renditions may point at it.
        if recycled { styleCache.removeAll(keepingCapacity: true) }
        let value = (attrs: attrs, pair: pair)
        styleCache[cellStyle] = value
        return value
    }

    /// Writes one cell (two columns when `wide`), keeping ncurses' idea of widths in step with
    /// the buffer's: a glyph ncurses would measure differently is replaced, never misaligned.
    private func put(_ cell: Cell, x: Int, y: Int, wide: Bool, cols: Int) {
        let r = rendition(cell.style)
        var glyph = Glyph.fit(cell.symbol, wide: wide, utf8: isUTF8)
        // A wide glyph in the last column would wrap onto the next row.
        if wide, x + 1 >= cols { glyph = Glyph(scalars: [0x20], padAfter: false) }
        let ok = writeCell(glyph.scalars, attrs: r.attrs, pair: r.pair, x: x, y: y)
        if !ok {
            // setcchar refused the sequence (an odd combining run): draw a placeholder instead.
            _ = writeCell([0x3F], attrs: r.attrs, pair: r.pair, x: x, y: y)
            if wide, x + 1 < cols { _ = writeCell([0x20], attrs: r.attrs, pair: r.pair, x: x + 1, y: y) }
        } else if glyph.padAfter, x + 1 < cols {
            _ = writeCell([0x20], attrs: r.attrs, pair: r.pair, x: x + 1, y: y)
        }
    }

    /// False when setcchar rejects the text. The bottom-right cell returns ERR from
    /// mvwadd_wch (the cursor cannot advance) but is drawn, so that rc is ignored.
    private func writeCell(_ scalars: [UInt32], attrs: attr_t, pair: Int32, x: Int, y: Int) -> Bool {
        let n = min(scalars.count, wideChars.count - 1)
        for i in 0..<n { wideChars[i] = wchar_t(bitPattern: scalars[i]) }
        wideChars[n] = 0
        var cc = cchar_t()
        let rc = wideChars.withUnsafeBufferPointer { chars -> Int32 in
            guard let base = chars.baseAddress else { return ERR }
            return cnc_setcchar(&cc, base, attrs, pair)
        }
        guard rc == OK else { return false }
        _ = mvwadd_wch(window, Int32(y), Int32(x), &cc)
        return true
    }
}

/// What actually goes into one ncurses cell for a buffer cell.
struct Glyph: Equatable {
    var scalars: [UInt32]
    /// The glyph is narrower than the buffer's two columns: blank the second one explicitly.
    var padAfter: Bool

    /// Chooses scalars for `symbol` whose width under the C library (what ncurses uses) matches
    /// the buffer's (`wide` = two columns). Control characters become `?`.
    static func fit(_ symbol: String, wide: Bool, utf8: Bool) -> Glyph {
        let want = wide ? 2 : 1
        var it = symbol.unicodeScalars.makeIterator()
        guard let first = it.next() else { return Glyph(scalars: [0x20], padAfter: wide) }
        let v = first.value
        if v < 0x20 || (v >= 0x7F && v < 0xA0) { return Glyph(scalars: [0x3F], padAfter: wide) }
        if v < 0x7F, !wide, symbol.unicodeScalars.count == 1 { return Glyph(scalars: [v], padAfter: false) }
        if !utf8 {
            // The locale cannot encode it: ncurses would drop it. An ASCII stand-in keeps the shape.
            let a = v < 0x7F ? v : asciiStandIn(v)
            return Glyph(scalars: [a], padAfter: wide)
        }
        let w = Int(cnc_wcwidth(v))
        var scalars = [v]
        // Combining marks (width 0) ride along in the same cell, as setcchar allows.
        while scalars.count < Int(CCHARW_MAX), let next = it.next() {
            if cnc_wcwidth(next.value) == 0 { scalars.append(next.value) } else { break }
        }
        if w == want { return Glyph(scalars: scalars, padAfter: false) }
        if w == 1, want == 2 { return Glyph(scalars: scalars, padAfter: true) }
        return Glyph(scalars: [0x3F], padAfter: wide)
    }

    /// ASCII shapes for the glyphs dashboards use, for non-UTF-8 locales.
    static func asciiStandIn(_ v: UInt32) -> UInt32 {
        switch v {
        case 0x2500, 0x2501, 0x2504, 0x2505, 0x2508, 0x2509, 0x254C, 0x254D, 0x2550, 0x2574, 0x2576,
             0x2578, 0x257A, 0x257C, 0x257E:
            return 0x2D // -
        case 0x2502, 0x2503, 0x2506, 0x2507, 0x250A, 0x250B, 0x254E, 0x254F, 0x2551, 0x2575, 0x2577,
             0x2579, 0x257B, 0x257D, 0x257F:
            return 0x7C // |
        case 0x2500...0x257F: return 0x2B // + corners, tees, crosses
        case 0x2800: return 0x20 // empty braille
        case 0x2801...0x28FF: return 0x3A // :
        case 0x2581: return 0x5F // _
        case 0x2580...0x259F: return 0x23 // # blocks and shades
        case 0x2026: return 0x2E // … -> .
        case 0x2022, 0x25CF, 0x25CB: return 0x2A // bullets
        case 0x00B7: return 0x2E
        case 0x2191, 0x25B2: return 0x5E // ^
        case 0x2193, 0x25BC: return 0x76 // v
        case 0x2190, 0x25C0: return 0x3C // <
        case 0x2192, 0x25B6: return 0x3E // >
        default: return 0x3F // ?
        }
    }
}

/// Colour numbers and pairs for one screen.
struct ColorPalette {
    let colors: Int
    let defaultColors: Bool
    private struct Key: Hashable { var fg: Int32; var bg: Int32 }
    private var pairs: [Key: Int32] = [:]
    private var keyOfPair: [Int32: Key] = [:]

    init(colors: Int, defaultColors: Bool) {
        self.colors = colors
        self.defaultColors = defaultColors
    }

    /// The ncurses colour number for `color`: -1 is the terminal default; 256-colour terminals
    /// get the xterm index, 8/16-colour ones the nearest ANSI colour.
    func number(_ color: Color?) -> Int32 {
        guard let color, colors > 0 else { return -1 }
        let n = colors >= 256 ? color.xterm256 : color.ansi8
        return n < colors ? Int32(n) : -1
    }

    /// The pair for fg/bg (0 = terminal defaults), and whether ncurses recycled a pair number we
    /// had cached for other colours (alloc_pair reuses the least recently used when full).
    mutating func pair(fg: Color?, bg: Color?) -> (Int32, recycled: Bool) {
        guard colors > 0 else { return (0, false) }
        var f = number(fg), b = number(bg)
        if f < 0, b < 0 { return (0, false) }
        if !defaultColors {
            // Without use_default_colors, -1 is not a valid colour: assume white on black.
            if f < 0 { f = 7 }
            if b < 0 { b = 0 }
        }
        let key = Key(fg: f, bg: b)
        if let p = pairs[key] { return (p, false) }
        let p = alloc_pair(f, b)
        guard p > 0 else { return (0, false) }
        var recycled = false
        if let old = keyOfPair[p], old != key {
            pairs[old] = nil
            recycled = true
        }
        pairs[key] = p
        keyOfPair[p] = key
        return (p, recycled)
    }
}
