import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing
import VigilLiveHarness
import VigilTestFakes

/// Cluster logs in, as a forwarder sends them: util-linux `logger --server` writes to a real
/// rsyslogd, which forwards to `vigil serve` over TCP (octet counting, RFC 5424), TLS (its openssl
/// driver, verifying Vigil's certificate against a test CA) and UDP (RFC 3164); `logger` also sends
/// to Vigil directly. /metrics counts each transport, and nothing is dropped.
@Suite(.timeLimit(.minutes(5)), .serialized,
       .enabled(if: ProcessInfo.processInfo.environment["VIGIL_SKIP_LIVE_TESTS"] != "1"))
struct SyslogForwardingTests {
    /// `name{labels} value` lines of a scrape, by the series as written.
    static func samples(_ body: String) -> [String: Double] {
        var out: [String: Double] = [:]
        for line in body.split(separator: "\n") where !line.hasPrefix("#") {
            guard let space = line.lastIndex(of: " "), let value = Double(line[line.index(after: space)...]) else { continue }
            out[String(line[..<space])] = value
        }
        return out
    }

    @Test func rsyslogForwardsOverTCPTLSAndUDPAndLoggerSendsDirectly() async throws {
        guard let binary = vigilBinary() else { return }
        let certs = try TestCertificates.generate(name: "Vigil Syslog Test CA")
        defer { try? FileManager.default.removeItem(atPath: certs.directory) }
        let tcp = try RealServers.freePort(), tls = try RealServers.freePort(), udp = try RealServers.freePort()
        let state = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-syslog-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: state) }
        let serve = try RealServers.vigilServe(binary: binary, arguments: [
            "--replay", packageRoot().appendingPathComponent("sample-data").path, "--speed", "60", "--loop",
            "--state-dir", state.path,
            "--syslog-tcp", "127.0.0.1:\(tcp)", "--syslog-udp", "127.0.0.1:\(udp)",
            "--syslog-tls", "127.0.0.1:\(tls)", "--syslog-tls-cert", certs.certPath, "--syslog-tls-key", certs.keyPath])
        defer { serve.stop() }

        let rsyslog = try RealServers.rsyslog { input, work in
            let forward = #"TCP_Framing="octet-counted" template="RSYSLOG_SyslogProtocol23Format""#
            return """
            global(workDirectory="\(work)" DefaultNetstreamDriverCAFile="\(certs.caPEMPath)")
            module(load="imtcp")
            input(type="imtcp" port="\(input)" address="127.0.0.1")
            action(type="omfwd" target="127.0.0.1" port="\(tcp)" protocol="tcp" \(forward))
            action(type="omfwd" target="127.0.0.1" port="\(tls)" protocol="tcp" StreamDriver="ossl" StreamDriverMode="1"
                   StreamDriverAuthMode="x509/name" StreamDriverPermittedPeers="localhost" \(forward))
            action(type="omfwd" target="127.0.0.1" port="\(udp)" protocol="udp")

            """
        }
        defer { rsyslog.stop() }

        for i in 0..<5 {
            let sent = try ProcessRunner.run("/usr/bin/logger", [
                "--server", "127.0.0.1", "--port", "\(rsyslog.port)", "--tcp", "-t", "e2e-app",
                "--", "vigil syslog end-to-end line \(i)"], timeout: 30, allowFailure: true)
            #expect(sent.status == 0, "logger: \(sent.stderr)")
        }
        let direct = try ProcessRunner.run("/usr/bin/logger", [
            "--server", "127.0.0.1", "--port", "\(tcp)", "--tcp", "--octet-count", "--rfc5424", "-t", "direct",
            "--", "straight to vigil"], timeout: 30, allowFailure: true)
        #expect(direct.status == 0, "logger: \(direct.stderr)")

        // rsyslog sends its own start message too: at least 5 per transport, 6 over TCP.
        var got: [String: Double] = [:]
        let deadline = Date().addingTimeInterval(60)
        func count(_ transport: String) -> Double { got["vigil_syslog_messages_received_total{transport=\"\(transport)\"}"] ?? 0 }
        repeat {
            try await Task.sleep(for: .milliseconds(300))
            let (data, _) = try await URLSession.shared.data(from: serve.url.appendingPathComponent("metrics"))
            got = Self.samples(String(decoding: data, as: UTF8.self))
        } while (count("tcp") < 6 || count("tls") < 5 || count("udp") < 5) && Date() < deadline
        #expect(count("tcp") >= 6, "tcp: \(count("tcp")); rsyslog: \(rsyslog.logTail()) vigil: \(serve.logTail())")
        #expect(count("tls") >= 5, "tls: \(count("tls")); rsyslog: \(rsyslog.logTail()) vigil: \(serve.logTail())")
        #expect(count("udp") >= 5, "udp: \(count("udp")); rsyslog: \(rsyslog.logTail())")
        #expect(got["vigil_syslog_messages_dropped_total{reason=\"rate_limited\"}"] == 0)
        #expect(got["vigil_syslog_messages_dropped_total{reason=\"queue_full\"}"] == 0)
        #expect(got["vigil_syslog_connection_errors_total"] == 0)
        #expect((got["vigil_syslog_connections_total"] ?? 0) >= 3)
        #expect(got["vigil_source_up{source=\"syslog\"}"] == 1)
    }

    @Test func aSyslogPortInUseIsSaidAndServeIsNotReady() async throws {
        guard let binary = vigilBinary() else { return }
        let blocker = try RealServers.vigilServe(binary: binary, arguments: [
            "--replay", packageRoot().appendingPathComponent("sample-data").path, "--syslog-tcp", "127.0.0.1:0",
            "--state-dir", FileManager.default.temporaryDirectory.appendingPathComponent("vigil-syslog-\(UUID().uuidString)").path])
        defer { blocker.stop() }
        // The blocker's own HTTP port is taken: ask a second serve to receive syslog on it.
        let state = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-syslog-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: state) }
        let serve = try RealServers.vigilServe(binary: binary, arguments: [
            "--replay", packageRoot().appendingPathComponent("sample-data").path, "--state-dir", state.path,
            "--syslog-tcp", "127.0.0.1:\(blocker.port)"])
        defer { serve.stop() }
        var ready: (status: Int, body: String) = (0, "")
        for _ in 0..<20 {
            var request = URLRequest(url: serve.url.appendingPathComponent("-/ready"))
            request.timeoutInterval = 5
            let (data, response) = try await URLSession.shared.data(for: request)
            ready = ((response as? HTTPURLResponse)?.statusCode ?? 0, String(decoding: data, as: UTF8.self))
            if serve.logTail().contains("address is in use") { break }
            try await Task.sleep(for: .milliseconds(200))
        }
        #expect(ready.status == 503 && ready.body.contains("syslog"), "\(ready)")
        #expect(serve.logTail().contains("cannot listen on tcp 127.0.0.1:\(blocker.port): the address is in use"), "\(serve.logTail())")
    }
}
