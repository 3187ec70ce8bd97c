import Foundation
import Testing
import VigilCore
@testable import VigilSources
@testable import VigilLogSources

/// `SourceDrain`: a streaming source read for one frame (`vigil --once`).
@Suite(.timeLimit(.minutes(5))) struct SourceDrainTests {
    private static func lines(_ r: SourceDrain.Result) -> [String] {
        r.messages.flatMap { m -> [String] in if case .logs(let records) = m { return records.map(\.line) } else { return [] } }
    }

    @Test func aPipeThatEndsIsReadWhole() async throws {
        let p = try TestPipe.make()
        defer { close(p.read) }
        TestPipe.send(p.write, "one\ntwo\nthree\n")
        close(p.write)
        let r = await SourceDrain.collect(quiet: .seconds(30), limit: .seconds(60)) { sink in
            await StdinLogSource(fd: p.read, sink: sink).run()
        }
        #expect(r.cutShort == nil)
        #expect(Self.lines(r) == ["one", "two", "three"] && r.lines == 3)
        #expect(r.messages.contains { if case .health(let h) = $0 { return h.state == .finished } else { return false } })
    }

    @Test func aPipeThatStaysOpenIsCutWhenQuiet() async throws {
        let p = try TestPipe.make()
        defer { close(p.read); close(p.write) }
        TestPipe.send(p.write, "first\nsecond\n")
        // As `tail -f | vigil --logs - --once`: the writer never closes; reading stops after the
        // quiet spell with what came, and the reader is stopped.
        let r = await SourceDrain.collect(quiet: .milliseconds(300), limit: .seconds(60)) { sink in
            await StdinLogSource(fd: p.read, sink: sink).run()
        }
        #expect(r.cutShort == .quiet(.milliseconds(300)))
        #expect(Self.lines(r) == ["first", "second"])
        #expect(r.cutShort?.description.contains("without a line") == true)
    }

    /// Issue 21, silent loss 4: a pipe gone quiet with its last line unterminated
    /// (`printf 'a\nb'; sleep 9`): the last line is kept.
    @Test func aQuietPipesUnterminatedLastLineIsKept() async throws {
        let p = try TestPipe.make()
        defer { close(p.read); close(p.write) }
        TestPipe.send(p.write, "first\nlast without newline")
        let r = await SourceDrain.collect(quiet: .milliseconds(300), limit: .seconds(60)) { sink in
            await StdinLogSource(fd: p.read, sink: sink).run()
        }
        #expect(Self.lines(r) == ["first", "last without newline"])
        #expect(r.lines == 2)
    }

    @Test func aSourceThatSendsNothingIsCutAfterTheFirstWait() async throws {
        let p = try TestPipe.make()
        defer { close(p.read); close(p.write) }
        let r = await SourceDrain.collect(quiet: .milliseconds(100), firstWait: .milliseconds(400), limit: .seconds(60)) { sink in
            await StdinLogSource(fd: p.read, sink: sink).run()
        }
        #expect(r.cutShort == .quiet(.milliseconds(400)))
        #expect(r.lines == 0)
    }

    @Test func aSourceThatNeverStopsSendingIsCutAtTheLimit() async {
        let r = await SourceDrain.collect(quiet: .seconds(30), limit: .milliseconds(300)) { sink in
            var i = 0
            while !Task.isCancelled {
                sink(.logs([LogRecord(timestamp: Date(), source: "t", line: "line \(i)")]))
                i += 1
                try? await Task.sleep(for: .milliseconds(10))
            }
        }
        #expect(r.cutShort == .limit(.milliseconds(300)))
        #expect(r.lines > 0 && r.lines == Self.lines(r).count)
    }

    @Test func aLargeInputIsCutAtTheLineCap() async throws {
        let p = try TestPipe.make()
        defer { close(p.read); close(p.write) }
        TestPipe.send(p.write, (0..<50).map { "line \($0)\n" }.joined())
        let r = await SourceDrain.collect(quiet: .seconds(30), limit: .seconds(60), maxLines: 10) { sink in
            await StdinLogSource(fd: p.read, sink: sink).run()
        }
        #expect(r.cutShort == .lines(10))
        #expect(r.lines >= 10)
    }
}
