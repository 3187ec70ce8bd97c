import Foundation
import Synchronization

/// A private CA and a server certificate for 127.0.0.1 and localhost signed by it, made with
/// `/usr/bin/openssl` in a temporary directory: what a cluster with its own CA looks like.
public struct TestCertificates: Sendable {
    /// The CA certificate (PEM): what `--ca-file` would name.
    public var caPEMPath: String
    /// The server certificate (PEM), valid for IP 127.0.0.1 and DNS localhost.
    public var certPath: String
    /// The server's private key (PEM).
    public var keyPath: String
    public var directory: String

    private static let cached = Mutex<TestCertificates?>(nil)

    /// One set per test process: generating keys takes a moment.
    public static func shared() throws -> TestCertificates {
        try cached.withLock { cached in
            if let cached { return cached }
            let made = try generate(name: "Vigil Test CA")
            cached = made
            return made
        }
    }

    /// A fresh CA and server certificate in a new temporary directory.
    public static func generate(name: String) throws -> TestCertificates {
        let dir = FileManager.default.temporaryDirectory
            .appendingPathComponent("vigil-certs-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let certs = TestCertificates(caPEMPath: dir + "/ca.pem", certPath: dir + "/server.pem",
                                     keyPath: dir + "/server.key", directory: dir)
        let ext = dir + "/server.ext"
        try """
        subjectAltName = IP:127.0.0.1, DNS:localhost
        basicConstraints = CA:FALSE
        keyUsage = critical, digitalSignature, keyEncipherment
        extendedKeyUsage = serverAuth
        """.write(toFile: ext, atomically: true, encoding: .utf8)
        let ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
        try openssl(["req", "-x509"] + ec + ["-keyout", dir + "/ca.key", "-out", certs.caPEMPath, "-days", "3",
                     "-subj", "/CN=\(name)", "-addext", "basicConstraints=critical,CA:TRUE",
                     "-addext", "keyUsage=critical,keyCertSign,cRLSign"], in: dir)
        try openssl(["req"] + ec + ["-keyout", certs.keyPath, "-out", dir + "/server.csr", "-subj", "/CN=127.0.0.1"],
                    in: dir)
        try openssl(["x509", "-req", "-in", dir + "/server.csr", "-CA", certs.caPEMPath, "-CAkey", dir + "/ca.key",
                     "-CAcreateserial", "-out", certs.certPath, "-days", "2", "-extfile", ext], in: dir)
        return certs
    }

    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    private static func openssl(_ arguments: [String], in dir: String) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: dir)
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let stderr = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw Failure(description: "openssl \(arguments.first ?? "") failed: "
                + String(decoding: stderr, as: UTF8.self))
        }
    }
}
