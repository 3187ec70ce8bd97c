import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL
import Synchronization

/// A small HTTP/1.1 server on 127.0.0.1 for client tests: each request goes to an async handler,
/// whose `FakeResponse` can delay, never answer, drop the connection or stream a huge body;
/// optionally over TLS. Call `shutdown()` when done.
public final class FakeHTTPServer: Sendable {
    public typealias Handler = @Sendable (FakeRequest) async -> FakeResponse
    typealias Connection = NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>

    /// The port the kernel picked.
    public let port: Int
    public let isTLS: Bool
    private let serverChannel: any Channel
    private let recorder: Recorder
    private let serving: Task<Void, Never>

    /// Starts serving at once. With `tls`, speaks HTTPS with its server certificate and key.
    public init(tls: TestCertificates? = nil, handler: @escaping Handler) async throws {
        let sslContext = try tls.map { certs in
            try NIOSSLContext(configuration: .makeServerConfiguration(
                certificateChain: try NIOSSLCertificate.fromPEMFile(certs.certPath).map { .certificate($0) },
                privateKey: .privateKey(try NIOSSLPrivateKey(file: certs.keyPath, format: .pem))))
        }
        let recorder = Recorder()
        let server = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .bind(host: "127.0.0.1", port: 0) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(SentBytesCounter(recorder: recorder))
                    if let sslContext {
                        try channel.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: sslContext))
                    }
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                    return try Connection(wrappingChannelSynchronously: channel)
                }
            }
        port = server.channel.localAddress?.port ?? 0
        isTLS = sslContext != nil
        serverChannel = server.channel
        self.recorder = recorder
        serving = Task { await Self.serve(server, recorder: recorder, handler: handler) }
    }

    /// `http://127.0.0.1:port` (or https), for `EndpointOptions.baseURL`.
    public var baseURL: URL {
        URL(string: "\(isTLS ? "https" : "http")://127.0.0.1:\(port)") ?? URL(fileURLWithPath: "/")
    }

    /// Every request received so far, oldest first.
    public var requests: [FakeRequest] { recorder.requests.withLock { $0 } }
    public var requestCount: Int { recorder.requests.withLock { $0.count } }
    /// Bytes (all connections, headers included) the kernel took so far: at most what clients
    /// read plus what socket buffers hold, since `.stream` bodies are written at the client's pace.
    public var bytesSent: Int { recorder.bytesSent.withLock { $0 } }

    /// Connections the server holds open now (a client that gave up on a body closes its one).
    public var openConnections: Int { recorder.channels.withLock { $0.count } }

    /// Stops accepting, drops open connections (never-answered ones too) and waits for them.
    ///
    /// Closing, not cancelling, ends the serving task: cancelling it can drop a connection NIO has
    /// accepted but not yet handed to the accept loop, and that connection's writer then traps on
    /// deinit ("Deinited NIOAsyncWriter without calling finish()", swift-nio #3481). A connection
    /// accepted while shutting down is closed as soon as the loop takes it. Cancelling stays as a
    /// last resort after 10 s, so a shutdown never hangs a test.
    public func shutdown() async {
        recorder.closing.withLock { $0 = true }
        serverChannel.close(promise: nil)
        for channel in recorder.channels.withLock({ Array($0.values) }) { channel.close(promise: nil) }
        let serving = self.serving
        await withTaskGroup(of: Bool.self) { group in
            group.addTask { await serving.value; return true }
            group.addTask { (try? await Task.sleep(for: .seconds(10))) == nil }
            if await group.next() == false { serving.cancel() }
            group.cancelAll()
        }
    }

    /// State shared by the connection tasks.
    final class Recorder: Sendable {
        let requests = Mutex<[FakeRequest]>([])
        let bytesSent = Mutex(0)
        let channels = Mutex<[ObjectIdentifier: any Channel]>([:])
        let closing = Mutex(false)
    }

    private static func serve(_ server: NIOAsyncChannel<Connection, Never>, recorder: Recorder,
                              handler: @escaping Handler) async {
        await withDiscardingTaskGroup { group in
            try? await server.executeThenClose { inbound in
                for try await connection in inbound {
                    let id = ObjectIdentifier(connection.channel)
                    recorder.channels.withLock { $0[id] = connection.channel }
                    // Accepted while shutting down: served (so its writer is finished) but closed at once.
                    if recorder.closing.withLock({ $0 }) { connection.channel.close(promise: nil) }
                    group.addTask {
                        await serve(connection, recorder: recorder, handler: handler)
                        _ = recorder.channels.withLock { $0.removeValue(forKey: id) }
                    }
                }
            }
        }
    }

    /// Answers requests on one connection in order until it closes or a response ends it.
    private static func serve(_ connection: Connection, recorder: Recorder, handler: @escaping Handler) async {
        try? await connection.executeThenClose { inbound, outbound in
            var head: HTTPRequestHead?
            var body: [UInt8] = []
            for try await part in inbound {
                switch part {
                case .head(let h):
                    head = h; body = []
                case .body(let chunk):
                    body.append(contentsOf: chunk.readableBytesView)
                case .end:
                    guard let h = head else { continue }
                    let request = FakeRequest(method: h.method.rawValue, uri: h.uri,
                                              headers: h.headers.map { (name: $0.name, value: $0.value) }, body: body)
                    recorder.requests.withLock { $0.append(request) }
                    let response = await handler(request)
                    if let delay = response.delay { try await wait(delay, while: connection.channel) }
                    switch response.action {
                    case .neverAnswer:
                        try await wait(.seconds(3600), while: connection.channel)
                        return
                    case .closeConnection:
                        return
                    case .respond:
                        try await write(response, to: outbound, on: connection.channel, keepAlive: h.isKeepAlive)
                        if !h.isKeepAlive { return }
                    }
                }
            }
        }
    }

    /// Sleeps for `duration` or until the connection closes (a shutdown closes it), whichever is first.
    private static func wait(_ duration: Duration, while channel: any Channel) async throws {
        let end = ContinuousClock.now + duration
        while channel.isActive, ContinuousClock.now < end {
            try await Task.sleep(for: min(.milliseconds(50), end - ContinuousClock.now))
        }
    }

    private static func write(_ response: FakeResponse, to outbound: NIOAsyncChannelOutboundWriter<HTTPServerResponsePart>,
                              on channel: any Channel, keepAlive: Bool) async throws {
        var headers = HTTPHeaders(response.headers.map { ($0.name, $0.value) })
        switch response.body {
        case .bytes(let bytes):
            headers.replaceOrAdd(name: "Content-Length", value: String(bytes.count))
        case .stream(let count, _, let declareLength):
            if declareLength {
                headers.replaceOrAdd(name: "Content-Length", value: String(count))
            } else {
                headers.replaceOrAdd(name: "Transfer-Encoding", value: "chunked")
            }
        }
        if !keepAlive { headers.replaceOrAdd(name: "Connection", value: "close") }
        let status = HTTPResponseStatus(statusCode: response.status)
        try await outbound.write(.head(HTTPResponseHead(version: .http1_1, status: status, headers: headers)))
        switch response.body {
        case .bytes(let bytes):
            if !bytes.isEmpty { try await outbound.write(.body(.byteBuffer(ByteBuffer(bytes: bytes)))) }
        case .stream(let count, let chunkSize, _):
            var sent = 0
            let size = max(1, chunkSize)
            let full = ByteBuffer(repeating: UInt8(ascii: " "), count: size)
            while sent < count {
                // After the client hangs up the writer may still accept (and drop) writes.
                guard channel.isActive else { throw CancellationError() }
                let n = min(size, count - sent)
                // The write waits while the client is not reading: memory stays at one chunk.
                try await outbound.write(.body(.byteBuffer(n == size ? full : ByteBuffer(repeating: 32, count: n))))
                sent += n
            }
        }
        try await outbound.write(.end(nil))
    }
}

/// Counts bytes whose write completed, i.e. that the kernel accepted: placed next to the socket,
/// it measures what really left the process rather than what was queued.
private final class SentBytesCounter: ChannelOutboundHandler {
    typealias OutboundIn = IOData
    typealias OutboundOut = IOData
    private let recorder: FakeHTTPServer.Recorder

    init(recorder: FakeHTTPServer.Recorder) { self.recorder = recorder }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        let count = unwrapOutboundIn(data).readableBytes
        let done = promise ?? context.eventLoop.makePromise()
        done.futureResult.whenSuccess { [recorder] in recorder.bytesSent.withLock { $0 += count } }
        context.write(data, promise: done)
    }
}

extension FakeHTTPServer {
    /// A fake server for the duration of `body`, shut down afterwards whatever happens.
    public static func with<T>(tls: TestCertificates? = nil, _ handler: @escaping Handler,
                               _ body: (FakeHTTPServer) async throws -> T) async throws -> T {
        let server = try await FakeHTTPServer(tls: tls, handler: handler)
        do {
            let result = try await body(server)
            await server.shutdown()
            return result
        } catch {
            await server.shutdown()
            throw error
        }
    }
}
