import VigilSources
import Foundation

/// Splits a byte stream into lines (LF or CRLF). A line longer than `maxLineBytes` keeps its
/// first `maxLineBytes` bytes and gets a marker with the number of bytes dropped; the dropped
/// bytes are never stored, so a 1 MB line costs no more memory than a 64 KB one. Invalid UTF-8
/// becomes U+FFFD. An unterminated last line waits for more data (or `finish()` at end of input).
public struct LogLineReader: Sendable {
    public let maxLineBytes: Int
    /// The current, unterminated line (at most `maxLineBytes` bytes).
    private var pending: [UInt8] = []
    /// Bytes of the current line dropped past `maxLineBytes`.
    private var dropped = 0
    /// Whether the last dropped byte was a CR: then it belonged to a CRLF, not to the text.
    private var droppedCR = false

    public init(maxLineBytes: Int = 64 * 1024) {
        self.maxLineBytes = max(1, maxLineBytes)
        pending.reserveCapacity(min(self.maxLineBytes, 4096))
    }

    /// Bytes held for the current unterminated line; never above `maxLineBytes`.
    public var bufferedByteCount: Int { pending.count }

    /// Feeds a chunk; returns the lines it completed, in order.
    public mutating func feed<C: BidirectionalCollection<UInt8>>(_ bytes: C) -> [String] {
        var lines: [String] = []
        var start = bytes.startIndex
        while start != bytes.endIndex {
            if let nl = bytes[start...].firstIndex(of: 10) {
                append(bytes[start..<nl])
                lines.append(takeLine())
                start = bytes.index(after: nl)
            } else {
                append(bytes[start...])
                break
            }
        }
        return lines
    }

    /// Ends the input: the unterminated last line, if any, as a line.
    public mutating func finish() -> String? {
        guard !pending.isEmpty || dropped > 0 else { return nil }
        return takeLine()
    }

    /// Forgets the unterminated line (the file it came from was truncated).
    public mutating func reset() {
        pending.removeAll(keepingCapacity: true)
        dropped = 0
        droppedCR = false
    }

    private mutating func append<S: BidirectionalCollection<UInt8>>(_ part: S) {
        guard !part.isEmpty else { return }
        let room = maxLineBytes - pending.count
        if room >= part.count {
            pending.append(contentsOf: part)
            return
        }
        if room > 0 { pending.append(contentsOf: part.prefix(room)) }
        dropped += part.count - max(0, room)
        droppedCR = part.last == 13
    }

    private mutating func takeLine() -> String {
        defer { reset() }
        if dropped == 0 {
            if pending.last == 13 { pending.removeLast() }
            return String(decoding: pending, as: UTF8.self)
        }
        var cut = dropped - (droppedCR ? 1 : 0)
        // The cut may fall inside a multi-byte character: drop its lead bytes too, rather than
        // showing a replacement character that was not in the input.
        let keep = Self.completeUTF8Prefix(pending)
        cut += pending.count - keep
        let text = String(decoding: pending[..<keep], as: UTF8.self)
        return cut > 0 ? text + " …[cut \(cut) bytes]" : text
    }

    /// The length of `bytes` without a trailing incomplete UTF-8 sequence.
    static func completeUTF8Prefix(_ bytes: [UInt8]) -> Int {
        var i = bytes.count
        var continuation = 0
        while i > 0, continuation < 4 {
            let b = bytes[i - 1]
            if b & 0xC0 == 0x80 { continuation += 1; i -= 1; continue }
            let need: Int
            switch b {
            case 0xC0...0xDF: need = 1
            case 0xE0...0xEF: need = 2
            case 0xF0...0xF7: need = 3
            default: return bytes.count
            }
            return continuation < need ? i - 1 : bytes.count
        }
        return bytes.count
    }
}
