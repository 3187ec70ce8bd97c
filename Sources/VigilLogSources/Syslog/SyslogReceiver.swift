import Foundation
import NIOCore
import NIOPosix
import NIOSSL
import Synchronization
import VigilCore

/// A syslog receiver: what a cluster's log forwarder (OpenShift's ClusterLogForwarder `syslog`
/// output, rsyslog, Vector, `logger --server`) sends, over UDP, TCP (octet counting or a line feed
/// after each message) and TLS (RFC 5425). Messages are parsed (RFC 5424 or RFC 3164), rate-limited
/// per sender and queued (`SyslogIntake`), then sent to the log pipeline as `.logs` every
/// `flushInterval`. Its health is `syslog`: fine once every listener is bound, partial while lines
/// are being dropped, stale with the reason when a listener cannot be bound.
public final class SyslogReceiver: Sendable {
    public enum Transport: String, Sendable, Equatable, CaseIterable {
        case udp, tcp, tls
    }

    public struct Listener: Sendable, Equatable, CustomStringConvertible {
        public var transport: Transport
        public var host: String
        public var port: Int
        public init(_ transport: Transport, host: String, port: Int) {
            self.transport = transport; self.host = host; self.port = port
        }
        public var description: String { "\(transport.rawValue) \(host.contains(":") ? "[\(host)]" : host):\(port)" }
    }

    /// The server's certificate chain and key (PEM files) for TLS; with `clientCA`, senders must
    /// present a certificate signed by it (mutual TLS).
    public struct TLSFiles: Sendable, Equatable {
        public var certificate: String
        public var key: String
        public var clientCA: String?
        public init(certificate: String, key: String, clientCA: String? = nil) {
            self.certificate = certificate; self.key = key; self.clientCA = clientCA
        }
    }

    public static let healthName = "syslog"
    public let listeners: [Listener]
    public let intake: SyslogIntake
    let tls: TLSFiles?
    let maxMessageBytes: Int
    let flushInterval: Duration
    let timeZone: TimeZone
    let clock: @Sendable () -> Date
    let sink: @Sendable (SourceMessage) -> Void
    private let boundState = Mutex<[Listener]?>(nil)

    public init(listeners: [Listener], tls: TLSFiles? = nil, intake: SyslogIntake = SyslogIntake(),
                maxMessageBytes: Int = 256 * 1024, flushInterval: Duration = .milliseconds(100),
                timeZone: TimeZone = .current, clock: @escaping @Sendable () -> Date = { Date() },
                sink: @escaping @Sendable (SourceMessage) -> Void) {
        self.listeners = listeners
        self.tls = tls
        self.intake = intake
        self.maxMessageBytes = maxMessageBytes
        self.flushInterval = flushInterval
        self.timeZone = timeZone
        self.clock = clock
        self.sink = sink
    }

    /// The listeners as bound (port 0 replaced by the port the system chose); nil until all are
    /// bound, or when binding failed.
    public var bound: [Listener]? { boundState.withLock { $0 } }

    /// Binds every listener, then delivers messages until the task is cancelled. A listener that
    /// cannot be bound stops the receiver with a stale health that says why.
    public func run() async {
        var channels: [Channel] = []
        var actual: [Listener] = []
        do {
            let ssl = try tls.map { try Self.sslContext($0) }
            for listener in listeners {
                let channel: Channel
                do {
                    channel = try await bind(listener, ssl: ssl)
                } catch {
                    throw Failure("cannot listen on \(listener): \(Self.describe(error))")
                }
                channels.append(channel)
                actual.append(Listener(listener.transport, host: listener.host, port: channel.localAddress?.port ?? listener.port))
            }
        } catch {
            for channel in channels { try? await channel.close() }
            sink(.health(SourceHealth(source: Self.healthName, state: .stale(reason: "\(error)"))))
            return
        }
        boundState.withLock { $0 = actual }
        sink(.health(SourceHealth(source: Self.healthName, state: .ok, lastSuccess: clock())))

        var reportedDrops = 0
        var lastDropAt: Date?
        while !Task.isCancelled {
            try? await Task.sleep(for: flushInterval)
            flush()
            let counts = intake.counts
            let now = clock()
            if counts.droppedTotal != reportedDrops {
                reportedDrops = counts.droppedTotal
                lastDropAt = now
                sink(.health(SourceHealth(source: Self.healthName, state: .partial(warnings: Self.dropSummary(counts)),
                                          lastSuccess: now)))
            } else if let at = lastDropAt, now.timeIntervalSince(at) >= 60 {
                // A minute without drops: fine again (the totals stay in the metrics).
                lastDropAt = nil
                sink(.health(SourceHealth(source: Self.healthName, state: .ok, lastSuccess: now)))
            }
        }
        for channel in channels { try? await channel.close() }
        flush()
    }

    private func flush() {
        let records = intake.take()
        if !records.isEmpty { sink(.logs(records)) }
    }

    /// "12 lines dropped: 10 over a sender's rate, 2 with the queue full".
    static func dropSummary(_ counts: SyslogIntake.Counts) -> String {
        var parts: [String] = []
        if let n = counts.dropped["rate_limited"], n > 0 { parts.append("\(n) over a sender's rate limit") }
        if let n = counts.dropped["queue_full"], n > 0 { parts.append("\(n) with the queue full") }
        return "\(counts.droppedTotal) lines dropped: " + parts.joined(separator: ", ")
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
        init(_ d: String) { description = d }
    }

    static func describe(_ error: Error) -> String {
        let text = "\(error)"
        if text.contains("Address already in use") { return "the address is in use" }
        if text.contains("Permission denied") { return "permission denied (ports below 1024 need privileges)" }
        return text
    }

    static func sslContext(_ files: TLSFiles) throws -> NIOSSLContext {
        do {
            let chain = try NIOSSLCertificate.fromPEMFile(files.certificate).map { NIOSSLCertificateSource.certificate($0) }
            let key = try NIOSSLPrivateKey(file: files.key, format: .pem)
            var configuration = TLSConfiguration.makeServerConfiguration(certificateChain: chain, privateKey: .privateKey(key))
            if let ca = files.clientCA {
                configuration.trustRoots = .file(ca)
                configuration.certificateVerification = .noHostnameVerification
            }
            return try NIOSSLContext(configuration: configuration)
        } catch {
            throw Failure("syslog TLS: cannot load the certificate \(files.certificate) or key \(files.key): \(error)")
        }
    }

    private func bind(_ listener: Listener, ssl: NIOSSLContext?) async throws -> Channel {
        let intake = intake, maxMessage = maxMessageBytes, timeZone = timeZone, clock = clock
        let transport = listener.transport
        let group = MultiThreadedEventLoopGroup.singleton
        switch transport {
        case .udp:
            return try await DatagramBootstrap(group: group)
                .channelOption(.socketOption(.so_reuseaddr), value: 1)
                .channelOption(.recvAllocator, value: FixedSizeRecvByteBufferAllocator(capacity: 65_536))
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.addHandler(
                            SyslogDatagramHandler(intake: intake, timeZone: timeZone, clock: clock))
                    }
                }
                .bind(host: listener.host, port: listener.port).get()
        case .tcp, .tls:
            guard transport == .tcp || ssl != nil else { throw Failure("syslog TLS needs a certificate and a key") }
            return try await ServerBootstrap(group: group)
                .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
                .serverChannelOption(.backlog, value: 256)
                .childChannelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        if transport == .tls, let ssl {
                            try channel.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: ssl))
                        }
                        try channel.pipeline.syncOperations.addHandler(SyslogStreamHandler(
                            intake: intake, transport: transport.rawValue, maxMessage: maxMessage, timeZone: timeZone, clock: clock))
                    }
                }
                .bind(host: listener.host, port: listener.port).get()
        }
    }
}

/// One TCP or TLS connection: bytes → frames → messages → the intake.
final class SyslogStreamHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer

    let intake: SyslogIntake
    let transport: String
    let timeZone: TimeZone
    let clock: @Sendable () -> Date
    var framer: SyslogFramer
    var sender = "unknown"
    var truncatedSeen = 0

    init(intake: SyslogIntake, transport: String, maxMessage: Int, timeZone: TimeZone, clock: @escaping @Sendable () -> Date) {
        self.intake = intake; self.transport = transport; self.timeZone = timeZone; self.clock = clock
        framer = SyslogFramer(maxLength: maxMessage)
    }

    func channelActive(context: ChannelHandlerContext) {
        sender = context.remoteAddress?.ipAddress ?? "unknown"
        intake.note(connection: true)
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let buffer = unwrapInboundIn(data)
        deliver(framer.feed(buffer.readableBytesView))
    }

    func channelInactive(context: ChannelHandlerContext) {
        if let last = framer.finish() { deliver([last]) }
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        intake.note(connectionError: true)
        context.close(promise: nil)
    }

    private func deliver(_ frames: [[UInt8]]) {
        if framer.truncated != truncatedSeen {
            intake.note(truncated: framer.truncated - truncatedSeen)
            truncatedSeen = framer.truncated
        }
        guard !frames.isEmpty else { return }
        let now = clock()
        for frame in frames {
            let record = SyslogMessage.parse(frame, arrival: now, timeZone: timeZone).record(arrival: now, transport: transport)
            intake.offer(record, sender: sender, transport: transport, now: now)
        }
    }
}

/// UDP: one datagram, one message.
final class SyslogDatagramHandler: ChannelInboundHandler {
    typealias InboundIn = AddressedEnvelope<ByteBuffer>

    let intake: SyslogIntake
    let timeZone: TimeZone
    let clock: @Sendable () -> Date

    init(intake: SyslogIntake, timeZone: TimeZone, clock: @escaping @Sendable () -> Date) {
        self.intake = intake; self.timeZone = timeZone; self.clock = clock
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let envelope = unwrapInboundIn(data)
        let now = clock()
        let record = SyslogMessage.parse(envelope.data.readableBytesView, arrival: now, timeZone: timeZone)
            .record(arrival: now, transport: "udp")
        intake.offer(record, sender: envelope.remoteAddress.ipAddress ?? "unknown", transport: "udp", now: now)
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        // A datagram error (an ICMP report, a buffer overrun) ends nothing: keep receiving.
        intake.note(connectionError: true)
    }
}
