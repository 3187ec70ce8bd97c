/// Cuts a syslog TCP stream into messages (RFC 6587): octet counting (`LEN SP MSG`, which RFC 5425
/// requires over TLS) or a line feed after each message (non-transparent framing). Each frame says
/// which by its first byte, as rsyslog decides: a digit starts a count, anything else a line.
/// A message longer than `maxLength` is cut there (the rest is skipped, not taken for new frames)
/// and counted in `truncated`.
public struct SyslogFramer: Sendable {
    public let maxLength: Int
    public private(set) var truncated = 0
    private var pending: [UInt8] = []
    /// Bytes of an over-long counted frame still to skip.
    private var skip = 0
    /// An over-long line was cut: skip to its line feed.
    private var skipToNewline = false

    public init(maxLength: Int = 256 * 1024) {
        self.maxLength = max(1, maxLength)
    }

    /// Feeds bytes as they arrive; returns the messages they complete, in order.
    public mutating func feed<C: Collection<UInt8>>(_ bytes: C) -> [[UInt8]] {
        pending.append(contentsOf: bytes)
        var out: [[UInt8]] = []
        var i = 0
        defer { pending.removeFirst(i) }
        while i < pending.count {
            if skip > 0 {
                let n = min(skip, pending.count - i)
                skip -= n; i += n
                continue
            }
            if skipToNewline {
                guard let nl = pending[i...].firstIndex(of: 10) else { i = pending.count; break }
                skipToNewline = false
                i = nl + 1
                continue
            }
            let b = pending[i]
            if b == 10 || b == 13 || b == 0 || b == 32 {  // stray separators between frames
                i += 1
                continue
            }
            if b >= 49, b <= 57 {
                // Octet counting: up to 9 digits, a space, then exactly that many bytes.
                var j = i, length = 0
                while j < pending.count, j - i < 10, pending[j] >= 48, pending[j] <= 57 {
                    length = length * 10 + Int(pending[j] - 48); j += 1
                }
                if j == pending.count { break }  // the count is not complete yet
                if pending[j] == 32, j - i <= 9 {
                    let body = j + 1
                    if length > maxLength {
                        let have = min(maxLength, pending.count - body)
                        guard have == maxLength else { break }  // wait for the first maxLength bytes
                        out.append(Array(pending[body..<(body + maxLength)]))
                        truncated += 1
                        skip = length - maxLength
                        i = body + maxLength
                        continue
                    }
                    guard pending.count - body >= length else { break }
                    out.append(Array(pending[body..<(body + length)]))
                    i = body + length
                    continue
                }
                // Digits not followed by a space: a line that starts with a digit.
            }
            if let nl = pending[i...].prefix(maxLength + 1).firstIndex(of: 10) {
                out.append(Array(pending[i..<nl]))
                i = nl + 1
            } else if pending.count - i > maxLength {
                out.append(Array(pending[i..<(i + maxLength)]))
                truncated += 1
                skipToNewline = true
                i += maxLength
            } else {
                break
            }
        }
        return out
    }

    /// At the end of the stream: what is left (a last line without its line feed, or a counted
    /// frame cut short) as a final message, so nothing a sender wrote is lost without a word.
    public mutating func finish() -> [UInt8]? {
        defer { pending = []; skip = 0; skipToNewline = false }
        guard skip == 0, !skipToNewline else { return nil }
        var rest = pending[...]
        while let f = rest.first, f == 10 || f == 13 || f == 0 || f == 32 { rest = rest.dropFirst() }
        guard !rest.isEmpty else { return nil }
        // An unfinished counted frame: its body as far as it came.
        var j = rest.startIndex
        while j < rest.endIndex, j - rest.startIndex < 10, rest[j] >= 48, rest[j] <= 57 { j += 1 }
        if j > rest.startIndex, j < rest.endIndex, rest[j] == 32, rest[rest.startIndex] != 48 {
            return Array(rest[(j + 1)...])
        }
        return Array(rest)
    }
}
