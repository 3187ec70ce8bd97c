import Foundation
import Testing
import VigilCore
import VigilSources
@testable import VigilPrometheus
import VigilTestFakes

@Suite(.timeLimit(.minutes(5))) struct TransportAuthTests {
    private typealias F = ClientFixtures

    /// A token command that counts its runs in `count` and prints the stale token on the first
    /// run and the fresh one after (or always the stale one).
    private func tokenCommand(in dir: URL, rotates: Bool) throws -> String {
        let script = dir.appendingPathComponent("token.sh")
        try """
        n=$(cat "\(dir.path)/count" 2>/dev/null || echo 0)
        n=$((n + 1))
        echo $n > "\(dir.path)/count"
        if [ \(rotates ? "$n -ge 2" : "0 -eq 1") ]; then echo "\(TestSecrets.freshToken)"; else echo "\(TestSecrets.staleToken)"; fi
        """.write(to: script, atomically: true, encoding: .utf8)
        return "sh \(script.path)"
    }

    private func runs(in dir: URL) -> Int {
        (try? String(contentsOf: dir.appendingPathComponent("count"), encoding: .utf8))
            .flatMap { Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) } ?? 0
    }

    /// Accepts only `Bearer <fresh token>`.
    private let freshOnly: FakeHTTPServer.Handler = { request in
        request.header("Authorization") == "Bearer \(TestSecrets.freshToken)"
            ? .json(ClientFixtures.okVector) : .text("Unauthorized", status: 401)
    }

    @Test func commandTokenIsRerunOnceAfter401() async throws {
        let dir = try F.tempDir()
        let command = try tokenCommand(in: dir, rotates: true)
        try await withServer(freshOnly) { server in
            try await withPrometheus(EndpointOptions(baseURL: server.baseURL, auth: .bearer(.command(command)))) { client in
                _ = try await client.query("up")
                #expect(runs(in: dir) == 2)
                #expect(server.requests.map { $0.header("Authorization") }
                    == ["Bearer \(TestSecrets.staleToken)", "Bearer \(TestSecrets.freshToken)"])
                // The fresh token is kept: no further runs while it works.
                _ = try await client.query("up")
                #expect(runs(in: dir) == 2)
                #expect(server.requestCount == 3)
            }
        }
    }

    @Test func persisting401IsUnauthorizedWithoutTheToken() async throws {
        let dir = try F.tempDir()
        let command = try tokenCommand(in: dir, rotates: false)
        try await withServer(freshOnly) { server in
            let error = try await withPrometheus(EndpointOptions(baseURL: server.baseURL, auth: .bearer(.command(command)))) {
                client in await sourceError { try await client.query("up") }
            }
            #expect(error == SourceError(kind: .unauthorized, message: "401: token from `\(command)` rejected"))
            #expect(runs(in: dir) == 2)
            #expect(server.requestCount == 2)
        }
    }

    @Test func tokenFileIsRereadAfter401() async throws {
        let file = try F.tempDir().appendingPathComponent("token")
        try "\(TestSecrets.staleToken)\n".write(to: file, atomically: true, encoding: .utf8)
        let fileOnly: FakeHTTPServer.Handler = { request in
            request.header("Authorization") == "Bearer \(TestSecrets.fileToken)"
                ? .json(ClientFixtures.okVector) : .text("Unauthorized", status: 401)
        }
        try await withServer(fileOnly) { server in
            try await withPrometheus(EndpointOptions(baseURL: server.baseURL, auth: .bearer(.file(file.path)))) { client in
                let error = await sourceError { try await client.query("up") }
                #expect(error == SourceError(kind: .unauthorized, message: "401: token from file \(file.path) rejected"))
                // The token rotates on disk; the next request picks it up after its 401.
                try "\(TestSecrets.fileToken)\n".write(to: file, atomically: true, encoding: .utf8)
                _ = try await client.query("up")
                #expect(server.requests.last?.header("Authorization") == "Bearer \(TestSecrets.fileToken)")
            }
        }
    }

    @Test func literalAndBasicAuth() async throws {
        let passwordFile = try F.tempDir().appendingPathComponent("password")
        try "\(TestSecrets.password)\n".write(to: passwordFile, atomically: true, encoding: .utf8)
        let expectedBasic = "Basic " + Data("alice:\(TestSecrets.password)".utf8).base64EncodedString()
        try await withServer({ _ in .text("no", status: 401) }) { server in
            let literal = EndpointOptions(baseURL: server.baseURL, auth: .bearer(.literal(TestSecrets.literalToken)))
            let e1 = try await withPrometheus(literal) { c in await sourceError { try await c.query("up") } }
            #expect(e1?.kind == .unauthorized)
            #expect(e1?.message == "401: bearer token (literal, e.g. VIGIL_BEARER_TOKEN) rejected")
            // A literal token cannot change: no second try.
            #expect(server.requestCount == 1)
            #expect(server.requests[0].header("Authorization") == "Bearer \(TestSecrets.literalToken)")

            let basic = EndpointOptions(baseURL: server.baseURL, auth: .basic(user: "alice", passwordFile: passwordFile.path))
            let e2 = try await withPrometheus(basic) { c in await sourceError { try await c.query("up") } }
            #expect(e2 == SourceError(kind: .unauthorized, message: "401: basic auth for user alice rejected"))
            #expect(server.requests.last?.header("Authorization") == expectedBasic)

            let none = try await withPrometheus(EndpointOptions(baseURL: server.baseURL)) { c in
                await sourceError { try await c.query("up") }
            }
            #expect(none?.message == "401: unauthorized (no credentials configured; pass a bearer token)")
        }
    }

    @Test func forbiddenNamesTheCredentialNotTheSecret() async throws {
        try await withServer({ _ in .text("forbidden", status: 403) }) { server in
            let options = EndpointOptions(baseURL: server.baseURL, auth: .bearer(.literal(TestSecrets.literalToken)))
            let error = try await withPrometheus(options) { c in await sourceError { try await c.targets() } }
            #expect(error == SourceError(kind: .forbidden, message:
                "403: bearer token (literal, e.g. VIGIL_BEARER_TOKEN) may not read /api/v1/targets (forbidden)"))
            #expect(server.requestCount == 1)
        }
    }

    @Test func failingTokenCommandReportsStatusAndStderr() async throws {
        try await withServer({ _ in .json(F.okVector) }) { server in
            let secretFile = try F.tempDir().appendingPathComponent("stdout")
            try TestSecrets.staleToken.write(to: secretFile, atomically: true, encoding: .utf8)
            let failing = "cat \(secretFile.path); echo 'error: You must be logged in to the server (Unauthorized)' >&2; exit 3"
            let e1 = try await withPrometheus(EndpointOptions(baseURL: server.baseURL, auth: .bearer(.command(failing)))) {
                c in await sourceError { try await c.query("up") }
            }
            #expect(e1?.kind == .tokenCommandFailed)
            // The command line itself is shown (it is configuration); its stdout never is.
            #expect(e1?.message.hasSuffix("exited with status 3: error: You must be logged in to the server (Unauthorized)") == true)
            #expect(e1?.message.hasPrefix("token command `cat ") == true)

            let silent = "true"
            let e2 = try await withPrometheus(EndpointOptions(baseURL: server.baseURL, auth: .bearer(.command(silent)))) {
                c in await sourceError { try await c.query("up") }
            }
            #expect(e2 == SourceError(kind: .tokenCommandFailed, message: "token command `true` printed no token"))
            #expect(server.requestCount == 0)
        }
    }

    @Test func missingSecretFilesAreNamed() async throws {
        let options = EndpointOptions(baseURL: F.dummyURL, auth: .bearer(.file("/nonexistent/token")))
        let error = try await withPrometheus(options) { c in await sourceError { try await c.query("up") } }
        #expect(error == SourceError(kind: .unauthorized, message: "cannot read token file /nonexistent/token"))
    }
}

/// Issue 21, hang 4: a token command that never finishes is stopped at its timeout with everything
/// it started, and the next requests fail at once instead of waiting again.
@Suite(.timeLimit(.minutes(1))) struct TokenCommandTimeoutTests {
    @Test func aHungCommandIsKilledWithItsChildren() async throws {
        let marker = "vigil-token-hang-\(UInt32.random(in: 0...UInt32.max))"
        let started = ContinuousClock.now
        do {
            _ = try await TokenCommand.run("sleep 600 # \(marker)", timeout: .seconds(1))
            Issue.record("a command that sleeps gave a token")
        } catch let e as SourceError {
            #expect(e.kind == .tokenCommandFailed && e.message.contains("did not finish within"))
        }
        #expect(ContinuousClock.now - started < .seconds(10))
        try await Task.sleep(for: .milliseconds(300))
        let left = Process()
        left.executableURL = URL(fileURLWithPath: "/usr/bin/pgrep")
        left.arguments = ["-f", marker]
        left.standardOutput = FileHandle.nullDevice
        try left.run()
        left.waitUntilExit()
        #expect(left.terminationStatus == 1, "a process of the hung command is still running")
    }

    @Test func aFailedCommandIsNotRunAgainForEveryRequest() async throws {
        let store = CredentialStore(auth: .bearer(.command("exit 3")), commandTimeout: .seconds(5))
        await #expect(throws: SourceError.self) { _ = try await store.current() }
        let again = ContinuousClock.now
        await #expect(throws: SourceError.self) { _ = try await store.current() }
        #expect(ContinuousClock.now - again < .milliseconds(50))
    }
}
