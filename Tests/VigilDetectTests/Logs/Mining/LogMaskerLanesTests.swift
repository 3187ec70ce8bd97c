import Testing
@testable import VigilDetect

/// The eight-bytes-at-a-time scans against their byte-by-byte definitions, on every byte value, every
/// token length up to 20 and every position in a short buffer (a token's last word is loaded ending at
/// its end, so tokens at the buffer's start and end take other paths than tokens inside it).
@Suite(.timeLimit(.minutes(5))) struct LogMaskerLanesTests {
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
                let letter = b < 0x80 && (b | 0x20) &- 0x61 < 26
                #expect((LogMasker.letterLanes(w) >> 31 & 1 == 1) == (inLane3 && letter))
                #expect((LogMasker.hexLetterLanes(w) >> 31 & 1 == 1) == (inLane3 && LogMasker.isHexLetter(b)))
            }
        }
        // One bit per lane, in lane order.
        for m in [UInt64(0), LogMasker.laneHighBits, 0x8000_0080_0000_8080, 0x0080_0000_0000_0000] {
            var expected: UInt64 = 0
            for lane in 0..<8 where (m >> UInt64(8 * lane + 7)) & 1 == 1 { expected |= 1 << UInt64(lane) }
            #expect(LogMasker.laneBits(m) == expected)
        }
    }

    @Test func tokenClassesMatchAByteByByteScan() {
        var gen = Bytes()
        // Bytes the classes care about, often; any byte, sometimes.
        let common: [UInt8] = Array("09aZfF:\"/ .=-x".utf8)
        for round in 0..<20_000 {
            // Mostly short buffers; every tenth one long enough for tokens past 64 bytes.
            let n = Int(gen.next() % 24) + 1 + (round % 10 == 0 ? 60 : 0)
            let buffer: [UInt8] = (0..<n).map { _ in gen.next() % 4 == 0 ? gen.next() : common[Int(gen.next()) % common.count] }
            let s = Int(gen.next()) % n
            let e = s + 1 + Int(gen.next()) % (n - s)
            buffer.withUnsafeBufferPointer { p in
                let c = LogMasker.tokenLanes(p, s, e)
                let t = Array(buffer[s..<e])
                #expect(c.allDigits == t.allSatisfy(LogMasker.isDigit), "\(t)")
                #expect(c.anyDigit == t.contains(where: LogMasker.isDigit), "\(t)")
                #expect(c.quote == t.contains(0x22))
                #expect(c.slash == t.contains(0x2F))
                let shape = LogMasker.tokenShape(p, s, e)
                #expect(shape.colons == min(2, t.filter { $0 == 0x3A }.count), "\(t)")
                #expect(shape.space == t.contains(0x20))
                #expect(shape.dot == t.contains(0x2E))
                #expect(shape.short == (t.count <= 64))
                if shape.short {
                    func bits(_ test: (UInt8) -> Bool) -> UInt64 {
                        var m: UInt64 = 0
                        for (i, b) in t.enumerated() where test(b) { m |= 1 << UInt64(i) }
                        return m
                    }
                    #expect(shape.delimiterBits == bits(LogMasker.isDelimiter), "\(t)")
                    #expect(shape.digitBits == bits(LogMasker.isDigit), "\(t)")
                    #expect(shape.hexLetterBits == bits(LogMasker.isHexLetter), "\(t)")
                }
                var run = 0, longest = 0
                for b in t { run = (b | 0x20) &- 0x61 < 6 ? run + 1 : 0; longest = max(longest, run) }
                #expect(LogMasker.hasHexLetterRun(p, s, e) == (longest >= 8), "\(t)")
                var end = s
                while end < n && !LogMasker.isSpace(buffer[end]) && buffer[end] != 0x22 { end += 1 }
                #expect(LogMasker.plainRunEnd(p, from: s) == end, "\(buffer) from \(s)")
            }
        }
    }

    /// The hash takes a token's bytes in chunks of any size (whole words, a last partial word, single
    /// bytes, the three bytes of `<*>`): every split of the same bytes gives the same hash.
    @Test func hashOfBytesIsTheSameWhateverTheChunks() {
        var gen = Bytes()
        for _ in 0..<5_000 {
            let n = Int(gen.next() % 40) + 1
            let bytes: [UInt8] = (0..<n).map { _ in gen.next() }
            bytes.withUnsafeBufferPointer { p in
                var oneByOne = HashSink()
                for b in bytes { oneByOne.put(b) }
                var chunked = HashSink()
                var k = 0
                while k < n {
                    let to = min(n, k + Int(gen.next() % 12))
                    chunked.put(p, k, to)
                    k = to
                }
                #expect(chunked.hash == oneByOne.hash, "\(bytes)")
            }
        }
        var wildcard = HashSink()
        wildcard.put(0x3C); wildcard.put(0x2A); wildcard.put(0x3E)
        #expect(wildcard.hash == HashSink.wildcardHash)
    }

    /// A unit after a number, against its definition: the word after one space, less its trailing
    /// punctuation, is one of `units`; the token then ends at the next space.
    @Test func unitAfterANumberMatchesItsDefinition() {
        func reference(_ p: UnsafeBufferPointer<UInt8>, _ i: Int) -> Int? {
            guard i + 1 < p.count, p[i] == 0x20, (p[i + 1] | 0x20) &- 0x61 < 26 else { return nil }
            var e = i + 1
            while e < p.count && !LogMasker.isSpace(p[e]) { e += 1 }
            var w = e
            while w > i + 1 && LogMasker.isDelimiter(p[w - 1]) { w -= 1 }
            guard w - (i + 1) <= 7 else { return nil }
            var key: UInt64 = 0
            for k in (i + 1)..<w { key = key << 8 | UInt64(p[k]) }
            return LogMasker.units.contains(key) ? e : nil
        }
        var gen = Bytes()
        let words = ["ms", "sec", "seconds", "secondsX", "sec1", "KB)", "KB),", "bytes", "byte.", "h", "hours!",
                     "INFO", "for", "minutesy", "MiB", "s\u{0}", "ms\u{e9}", "b", "B", "kb", "terminating"]
        let tails: [UInt8] = Array(",.);:\"x1 \t".utf8) + [0x00, 0xC3]
        var expectedUnits: UInt64 = 0
        for unit in LogMasker.units {
            var first = unit
            while first > 0xFF { first >>= 8 }
            expectedUnits |= 1 << (first & 0x3F)
        }
        #expect(LogMasker.unitInitials == expectedUnits)
        for _ in 0..<20_000 {
            var line = Array("12 ".utf8) + Array(words[Int(gen.next()) % words.count].utf8)
            for _ in 0..<Int(gen.next() % 4) { line.append(tails[Int(gen.next()) % tails.count]) }
            if gen.next() % 2 == 0 { line += Array(" more".utf8) }
            line.withUnsafeBufferPointer { p in
                #expect(LogMasker.unitAfter(p, 2) == reference(p, 2), "\(line)")
            }
        }
    }

    /// The shortcuts for `name_123` and `host:port` tokens give what the general rules give, on
    /// tokens built from the pieces that decide between them (names of hex letters, signs, dots,
    /// second colons, slashes, trailing punctuation).
    @Test func shortcutsForCommonShapesMatchTheGeneralRules() {
        var gen = Bytes()
        let pieces = ["blk", "node", "deadbeef", "DeadBeefCafe", "abcdefg", "x", "_", "-", "=", "__", "_-", "-_",
                      "=-", "---", ".", "..", ":", "::", "/", "(", ")", "]", ",", "123", "0", "-7", "6952295868487656571",
                      "10.251.73.220", "host.example", "a.b", "ff", "fe80", "%", "\u{e9}"]
        var checked = 0
        for _ in 0..<30_000 {
            var token = ""
            for _ in 0..<(1 + Int(gen.next() % 5)) { token += pieces[Int(gen.next()) % pieces.count] }
            let bytes = Array(token.utf8)
            bytes.withUnsafeBufferPointer { p in
                let c = LogMasker.tokenLanes(p, 0, p.count)
                var fast = ByteSink(), general = ByteSink()
                LogMasker.maskVariables(p, 0, p.count, c, into: &fast)
                LogMasker.maskVariables(p, 0, p.count, c, into: &general, shortcuts: false)
                #expect(fast.bytes == general.bytes, "\(token)")
                if fast.bytes != bytes { checked += 1 }
            }
        }
        #expect(checked > 10_000)
        #expect(LogMasker.masked("blk_-6952295868487656571 node-246 uid=0 deadbeef_1 10.251.73.220:50010") ==
                ["blk_<*>", "node-<*>", "uid=<*>", "<*>", "<*>:<*>"])
        #expect(LogMasker.masked("/10.250.19.102:54106, fe80::1:80 a.b:1:") == ["/<*>:<*>,", "<*>", "<*>"])
    }

    @Test func longRunsOfHexLettersAnywhereInALongToken() {
        for start in 0..<12 {
            let word = String(repeating: "x", count: start)
            #expect(LogMasker.masked(Substring(word + "_deadbeef")) == [word + "_<*>"])
            #expect(LogMasker.masked(Substring(word + "_deadbee")) == [word + "_deadbee"])
        }
    }
}
