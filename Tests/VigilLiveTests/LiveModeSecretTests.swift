import Foundation
import Testing
import VigilLiveHarness

/// The real `vigil --once` binary against a server that rejects every credential: the frame
/// says why, and no secret reaches stdout, stderr or the log file.
@Suite(.timeLimit(.minutes(10)), .enabled(if: liveTestsEnabled))
struct LiveModeSecretTests {
    static let envToken = "s3cr3t-token-value"
    static let headerToken = "s3cr3t2"
    static let commandToken = "s3cr3t3"
    static let secrets = [envToken, headerToken, commandToken]
    /// Prints `s3cr3t3` without the command line holding it: the reason for a rejected command
    /// token names the command (it says where the token comes from, not what it is).
    static let tokenCommand = "echo s3cr3t$((1+2))"

    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var arguments: [String]
        var environment: [String: String]
        /// The Authorization header the server must have received (the secret was really used).
        var sent: String
        /// Text of the 401 reason the frame must show.
        var reason: String
        var testDescription: String { name }
    }

    static let cases = [
        Case(name: "VIGIL_BEARER_TOKEN", arguments: [], environment: ["VIGIL_BEARER_TOKEN": envToken],
             sent: "Bearer \(envToken)", reason: "prometheus: 401: bearer token (literal, e.g. VIGIL_BEARER_TOKEN) rejected"),
        Case(name: "--header", arguments: ["--header", "Authorization: Bearer \(headerToken)"], environment: [:],
             sent: "Bearer \(headerToken)", reason: "prometheus: 401: credentials in the Authorization header (--header) rejected"),
        Case(name: "--bearer-token-command", arguments: ["--bearer-token-command", tokenCommand], environment: [:],
             sent: "Bearer \(commandToken)", reason: "prometheus: 401: token from `\(tokenCommand)` rejected"),
    ]

    @Test(arguments: cases)
    func onceFrameShowsThe401WithoutTheSecret(_ c: Case) async throws {
        let binary = try #require(Self.vigilBinary(), "no vigil binary: build it first: swift build -c release --product vigil")
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-live-mode-secrets-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let logFile = scratch.appendingPathComponent("logs/vigil.log")

        try await LiveMode.withFakeServer({ _ in
            .json(#"{"status":"error","errorType":"unauthorized","error":"token rejected"}"#, status: 401)
        }) { server in
            var env = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("VIGIL_") }
            env["XDG_CONFIG_HOME"] = scratch.appendingPathComponent("config").path
            env["XDG_STATE_HOME"] = scratch.appendingPathComponent("state").path
            env["NO_COLOR"] = "1"
            env["LANG"] = "C.UTF-8"
            env["SWIFT_BACKTRACE"] = "interactive=no"
            env.merge(c.environment) { _, new in new }
            let arguments = ["--once", "--prometheus", "http://127.0.0.1:\(server.port)", "--width", "200", "--height", "30",
                             "--log-file", logFile.path] + c.arguments
            let environment = env
            let result = try await ProcessRunner.blocking {
                try ProcessRunner.run(binary, arguments, environment: environment, timeout: 60, allowFailure: true)
            }
            let log = (try? String(contentsOf: logFile, encoding: .utf8)) ?? ""
            // 3: UNKNOWN, the source refused us (the check-command convention).
            #expect(result.status == 3, "vigil --once exited \(result.status): \(result.stderr)\n\(result.stdout)")
            for secret in Self.secrets {
                #expect(!result.stdout.contains(secret), "\(c.name): a secret in stdout:\n\(result.stdout)")
                #expect(!result.stderr.contains(secret), "\(c.name): a secret in stderr:\n\(result.stderr)")
                #expect(!log.contains(secret), "\(c.name): a secret in the log:\n\(log)")
            }
            #expect(result.stdout.contains(c.reason), "\(c.name): no \"\(c.reason)\" in the frame:\n\(result.stdout)")
            #expect(log.contains("live mode: prometheus=http://127.0.0.1:\(server.port)"), "\(c.name): log:\n\(log)")
            let sent = server.requests.compactMap { $0.header("Authorization") }
            #expect(!sent.isEmpty && sent.allSatisfy { $0 == c.sent }, "\(c.name): the server got \(sent.count) requests")
            let logLine = log.split(separator: "\n").first { $0.contains("live mode:") } ?? ""
            liveLog("\(c.name): exit \(result.status) in \(ms(result.seconds)), \(server.requestCount) requests; "
                    + "frame: \(result.stdout.split(separator: "\n").first { $0.contains("401") }.map { $0.trimmingCharacters(in: .whitespaces) } ?? "-"); "
                    + "log: \(logLine)")
        }
    }

    /// `VIGIL_BINARY`, else the release build (as the end-to-end tests use), else the debug one.
    static func vigilBinary() -> String? {
        if let path = ProcessInfo.processInfo.environment["VIGIL_BINARY"], !path.isEmpty {
            return FileManager.default.isExecutableFile(atPath: path) ? path : nil
        }
        for build in ["release", "debug"] {
            let path = LiveMode.repoRoot.appendingPathComponent(".build/\(build)/vigil").path
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return nil
    }
}
