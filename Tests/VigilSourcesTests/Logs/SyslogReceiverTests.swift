import Foundation
import NIOCore
import NIOPosix
import NIOSSL
import Synchronization
import Testing
import VigilCore
import VigilTestFakes
@testable import VigilLogSources

/// The receiver on real loopback sockets: util-linux `logger --server` over UDP and TCP (octet
/// counting), a plain socket with line feeds, and a TLS client trusting a test CA.
@Suite(.timeLimit(.minutes(2))) struct SyslogReceiverTests {
    final class Collected: Sendable {
        let messages = Mutex<[SourceMessage]>([])
        func add(_ m: SourceMessage) { messages.withLock { $0.append(m) } }
        var records: [LogRecord] {
            messages.withLock { $0.flatMap { if case .logs(let r) = $0 { return r } else { return [] } } }
        }
        var health: [SourceHealth] {
            messages.withLock { $0.compactMap { if case .health(let h) = $0 { return h } else { return nil } } }
        }
    }

    func waitFor(_ what: String, _ condition: () -> Bool) async throws {
        let deadline = Date().addingTimeInterval(20)
        while !condition() {
            guard Date() < deadline else { throw Failure(description: "timed out waiting for \(what)") }
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    struct Failure: Error, CustomStringConvertible { var description: String }

    func logger(_ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/logger")
        process.arguments = arguments
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "logger \(arguments)")
    }

    /// Connects to 127.0.0.1:port, writes `bytes`, closes.
    func sendTCP(_ bytes: [UInt8], port: Int) throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #expect(fd >= 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw Failure(description: "connect: \(String(cString: strerror(errno)))") }
        var sent = 0
        while sent < bytes.count {
            let n = bytes[sent...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            guard n > 0 else { throw Failure(description: "write failed") }
            sent += n
        }
    }

    @Test func receivesLoggerOverUDPAndTCPPlainLinesAndTLS() async throws {
        let certs = try TestCertificates.shared()
        let got = Collected()
        let receiver = SyslogReceiver(
            listeners: [.init(.udp, host: "127.0.0.1", port: 0), .init(.tcp, host: "127.0.0.1", port: 0),
                        .init(.tls, host: "127.0.0.1", port: 0)],
            tls: .init(certificate: certs.certPath, key: certs.keyPath), flushInterval: .milliseconds(20), sink: got.add)
        let task = Task.detached { await receiver.run() }
        defer { task.cancel() }
        try await waitFor("the listeners") { receiver.bound != nil }
        let ports = try #require(receiver.bound).map(\.port)
        #expect(got.health.first?.state == .ok)

        try logger(["--server", "127.0.0.1", "--port", "\(ports[0])", "--udp", "--rfc3164", "-t", "udpapp", "-p", "daemon.err",
                    "hello over udp"])
        try logger(["--server", "127.0.0.1", "--port", "\(ports[1])", "--tcp", "--octet-count", "--rfc5424", "-t", "tcpapp",
                    "--msgid", "M1", "--sd-id", "vigil@32473", "--sd-param", #"cluster="east""#, "hello over tcp"])
        try sendTCP(Array("<13>Dec  7 19:59:00 node7 lineapp[7]: line one\n<13>Dec  7 19:59:01 node7 lineapp[7]: line two".utf8),
                    port: ports[1])

        // TLS, octet-counted as RFC 5425 asks.
        var tlsConfiguration = TLSConfiguration.makeClientConfiguration()
        tlsConfiguration.trustRoots = .file(certs.caPEMPath)
        let ssl = try NIOSSLContext(configuration: tlsConfiguration)
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .channelInitializer { ch in
                ch.eventLoop.makeCompletedFuture {
                    try ch.pipeline.syncOperations.addHandler(try NIOSSLClientHandler(context: ssl, serverHostname: "localhost"))
                }
            }
            .connect(host: "127.0.0.1", port: ports[2]).get()
        let body = "<190>1 2026-12-07T20:00:00Z tlshost tlsapp 99 - - hello over tls"
        try await channel.writeAndFlush(channel.allocator.buffer(string: "\(body.utf8.count) \(body)")).get()
        try await channel.close().get()

        try await waitFor("five messages") { got.records.count >= 5 }
        let byApp = Dictionary(got.records.map { ($0.labels["app"] ?? "", $0) }, uniquingKeysWith: { a, _ in a })
        let udp = try #require(byApp["udpapp"])
        #expect(udp.line == "hello over udp")
        #expect(udp.labels["severity"] == "err" && udp.labels["facility"] == "daemon" && udp.labels["transport"] == "udp")
        let tcp = try #require(byApp["tcpapp"])
        #expect(tcp.line == "hello over tcp")
        #expect(tcp.labels["msgid"] == "M1" && tcp.labels["sd_vigil_32473_cluster"] == "east" && tcp.labels["transport"] == "tcp")
        #expect(tcp.labels["procid"] != nil || tcp.labels["host"] != nil)
        let lines = got.records.filter { $0.labels["app"] == "lineapp" }.map(\.line)
        #expect(lines == ["line one", "line two"])
        #expect(got.records.first { $0.labels["app"] == "lineapp" }?.source == "syslog:node7/lineapp")
        let tls = try #require(byApp["tlsapp"])
        #expect(tls.line == "hello over tls" && tls.labels["transport"] == "tls" && tls.labels["procid"] == "99")
        #expect(receiver.intake.counts.received == ["udp": 1, "tcp": 3, "tls": 1])
        #expect(receiver.intake.counts.droppedTotal == 0)
    }

    @Test func aSenderOverItsRateIsDroppedCountedAndSaid() async throws {
        var settings = SyslogIntake.Settings()
        settings.ratePerSender = 1
        settings.burst = 5
        let got = Collected()
        let receiver = SyslogReceiver(listeners: [.init(.tcp, host: "127.0.0.1", port: 0)], intake: SyslogIntake(settings: settings),
                                      flushInterval: .milliseconds(20), sink: got.add)
        let task = Task.detached { await receiver.run() }
        defer { task.cancel() }
        try await waitFor("the listener") { receiver.bound != nil }
        let lines = (0..<50).map { "<13>Dec  7 19:59:00 h burst: line \($0)\n" }.joined()
        try sendTCP(Array(lines.utf8), port: try #require(receiver.bound?.first?.port))
        try await waitFor("the drops said") { got.health.contains { if case .partial = $0.state { return true } else { return false } } }
        try await waitFor("five lines") { got.records.count == 5 }
        // The 50 lines may arrive in several reads (a loaded machine): the health follows the count.
        func lastPartial() -> String? { got.health.compactMap { if case .partial(let w) = $0.state { return w } else { return nil } }.last }
        try await waitFor("every drop said") { lastPartial() == "45 lines dropped: 45 over a sender's rate limit" }
        #expect(receiver.intake.counts.dropped["rate_limited"] == 45)
        #expect(got.records.count == 5)
    }

    @Test func aPortInUseIsSaidAndNothingElseListens() async throws {
        let first = SyslogReceiver(listeners: [.init(.tcp, host: "127.0.0.1", port: 0)], sink: { _ in })
        let firstTask = Task.detached { await first.run() }
        defer { firstTask.cancel() }
        try await waitFor("the first listener") { first.bound != nil }
        let port = try #require(first.bound?.first?.port)
        let got = Collected()
        let second = SyslogReceiver(listeners: [.init(.udp, host: "127.0.0.1", port: 0), .init(.tcp, host: "127.0.0.1", port: port)],
                                    sink: got.add)
        await second.run()  // returns at once: it cannot listen
        #expect(second.bound == nil)
        let health = try #require(got.health.last)
        #expect(health.source == "syslog")
        #expect(health.state == .stale(reason: "cannot listen on tcp 127.0.0.1:\(port): the address is in use"))
    }
}
