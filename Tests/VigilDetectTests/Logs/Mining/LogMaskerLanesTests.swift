import Testing
@testable import VigilDetect

/// The eight-bytes-at-a-time scans against their byte-by-byte definitions, on every byte value, every
/// token length up to 20 and every position in a short buffer (a token's last word is loaded ending at
/// its end, so tokens at the buffer's start and end take other paths than tokens inside it).
@Suite struct LogMaskerLanesTests {
    /// A deterministic byte generator (xorshift).
    private struct Bytes {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        mutating func next() -> UInt8 {
            state ^= state << 13; state ^= state >> 7; state ^= state << 17
            return UInt8(truncatingIfNeeded: state >> 24)
        }
    }

    @Test func laneMasksMatchEachByte() {
        for value in 0...255 {
            let b = UInt8(value)
            // The byte in every lane, and alone in lane 3 among zeros.
            for w in [LogMasker.lanes &* UInt64(b), UInt64(b) << 24] {
                let inLane3 = (w >> 24) & 0xFF == UInt64(b)
                #expect((LogMasker.digitLanes(w) >> 31 & 1 == 1) == (inLane3 && LogMasker.isDigit(b)))
                #expect((LogMasker.lanes(w, equalTo: 0x3A) >> 31 & 1 == 1) == (b == 0x3A))
                #expect((LogMasker.zeroLanes(w) >> 31 & 1 == 1) == (b == 0))
            }
        }
    }

    @Test func tokenClassesMatchAByteByByteScan() {
        var gen = Bytes()
        // Bytes the classes care about, often; any byte, sometimes.
        let common: [UInt8] = Array("09aZfF:\"/ .=-x".utf8)
        for _ in 0..<20_000 {
            let n = Int(gen.next() % 24) + 1
            let buffer: [UInt8] = (0..<n).map { _ in gen.next() % 4 == 0 ? gen.next() : common[Int(gen.next()) % common.count] }
            let s = Int(gen.next()) % n
            let e = s + 1 + Int(gen.next()) % (n - s)
            buffer.withUnsafeBufferPointer { p in
                let c = LogMasker.tokenLanes(p, s, e)
                let t = Array(buffer[s..<e])
                #expect(c.allDigits == t.allSatisfy(LogMasker.isDigit), "\(t)")
                #expect(c.anyDigit == t.contains(where: LogMasker.isDigit), "\(t)")
                #expect(c.colons == min(2, t.filter { $0 == 0x3A }.count), "\(t)")
                #expect(c.quote == t.contains(0x22))
                #expect(c.slash == t.contains(0x2F))
                #expect(c.space == t.contains(0x20))
                #expect(c.dot == t.contains(0x2E))
                var run = 0, longest = 0
                for b in t { run = (b | 0x20) &- 0x61 < 6 ? run + 1 : 0; longest = max(longest, run) }
                #expect(LogMasker.hasHexLetterRun(p, s, e) == (longest >= 8), "\(t)")
                var end = s
                while end < n && !LogMasker.isSpace(buffer[end]) && buffer[end] != 0x22 { end += 1 }
                #expect(LogMasker.plainRunEnd(p, from: s) == end, "\(buffer) from \(s)")
            }
        }
    }

    @Test func longRunsOfHexLettersAnywhereInALongToken() {
        for start in 0..<12 {
            let word = String(repeating: "x", count: start)
            #expect(LogMasker.masked(Substring(word + "_deadbeef")) == [word + "_<*>"])
            #expect(LogMasker.masked(Substring(word + "_deadbee")) == [word + "_deadbee"])
        }
    }
}
