import VigilSources
import Foundation
import VigilCore

/// `--logs -`: log lines from standard input (or any descriptor given to `init`, as the tests
/// do with a pipe). Each read becomes one `.logs` batch; end of input ends `run()` cleanly with
/// a `.finished` health, a read error with a stale one.
public final class StdinLogSource: Sendable {
    public let sourceName: String
    let fd: Int32
    let builder: LogRecordBuilder
    let clock: @Sendable () -> Date
    let sink: @Sendable (SourceMessage) -> Void

    /// - Parameters:
    ///   - fd: the descriptor to read; 0 (standard input) unless a test passes a pipe. Not closed.
    ///   - sourceName: the `source` of the records and of the health messages.
    public init(fd: Int32 = 0, sourceName: String = "stdin", timestamps: LogTimestamp = LogTimestamp(),
                clock: @escaping @Sendable () -> Date = { Date() },
                sink: @escaping @Sendable (SourceMessage) -> Void) {
        self.fd = fd
        self.sourceName = sourceName
        self.builder = LogRecordBuilder(timestamps: timestamps, source: sourceName)
        self.clock = clock
        self.sink = sink
    }

    /// Reads until end of input, a read error, or cancellation.
    public func run() async {
        let builder = builder, clock = clock, sink = sink
        let end = await DescriptorPump(fd: fd).run { lines in
            sink(.logs(builder.records(lines, arrival: clock())))
        }
        switch end {
        case .endOfFile:
            sink(.health(SourceHealth(source: sourceName, state: .finished, lastSuccess: clock())))
        case .failed(let reason):
            sink(.health(SourceHealth(source: sourceName, state: .stale(reason: "reading \(sourceName): \(reason)"))))
        case .stopped:
            break
        }
    }
}
