import Foundation
import Testing
import VigilCore
import VigilSources
import VigilPrometheus
import VigilTestFakes

@Suite(.timeLimit(.minutes(5))) struct TransportTLSTests {
    private typealias F = ClientFixtures

    @Test func privateCAIsNotTrustedByDefault() async throws {
        let certs = try TestCertificates.shared()
        try await withServer(tls: certs, { _ in .json(F.okVector) }) { server in
            #expect(server.baseURL.scheme == "https")
            let error = try await withPrometheus(EndpointOptions(baseURL: server.baseURL)) { c in
                await sourceError { try await c.query("up") }
            }
            #expect(error == SourceError(kind: .tls, message:
                "TLS: certificate of 127.0.0.1:\(server.port) not trusted (pass --ca-file or --insecure-skip-tls-verify)"))
            #expect(server.requestCount == 0)
        }
    }

    @Test func caFileTrustsThePrivateCA() async throws {
        let certs = try TestCertificates.shared()
        try await withServer(tls: certs, { _ in .json(F.okVector) }) { server in
            let options = EndpointOptions(baseURL: server.baseURL, caFile: certs.caPEMPath)
            let response = try await withPrometheus(options) { try await $0.query("up") }
            guard case .vector(let samples) = response.result else { Issue.record("not a vector"); return }
            #expect(samples.count == 1)
            // localhost is in the certificate too.
            let byName = try #require(URL(string: "https://localhost:\(server.port)"))
            _ = try await withPrometheus(EndpointOptions(baseURL: byName, caFile: certs.caPEMPath)) { try await $0.query("up") }
        }
    }

    @Test func anotherCAIsNotTrusted() async throws {
        let certs = try TestCertificates.shared()
        let other = try TestCertificates.generate(name: "Some Other CA")
        try await withServer(tls: certs, { _ in .json(F.okVector) }) { server in
            let options = EndpointOptions(baseURL: server.baseURL, caFile: other.caPEMPath)
            let error = try await withPrometheus(options) { c in await sourceError { try await c.query("up") } }
            #expect(error?.kind == .tls)
        }
    }

    @Test func insecureSkipVerifyConnects() async throws {
        let certs = try TestCertificates.shared()
        try await withServer(tls: certs, { _ in .json(#"{"status":"success","data":{"version":"3.1.0","revision":"r"}}"#) }) { server in
            let options = EndpointOptions(baseURL: server.baseURL, insecureSkipTLSVerify: true)
            let info = try await withPrometheus(options) { try await $0.buildInfo() }
            #expect(info == BuildInfo(version: "3.1.0", revision: "r"))
        }
    }

    @Test func badCAFileFailsAtInit() throws {
        let dir = try F.tempDir()
        let junk = dir.appendingPathComponent("junk.pem")
        try "not a certificate".write(to: junk, atomically: true, encoding: .utf8)
        for path in [dir.appendingPathComponent("missing.pem").path, junk.path] {
            let options = EndpointOptions(baseURL: F.dummyURL, caFile: path)
            do {
                _ = try AlertmanagerClient(options: options)
                Issue.record("accepted \(path)")
            } catch let error as SourceError {
                #expect(error.kind == .tls)
                #expect(error.message.contains(path))
            }
        }
    }
}
