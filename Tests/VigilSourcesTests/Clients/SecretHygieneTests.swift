import Foundation
import Testing
import VigilCore
import VigilSources
import VigilPrometheus
import VigilTestFakes

/// Every way a credential can fail, with every kind of credential: no message, description or
/// debug dump names a secret. (Each other client test checks the errors it sees, too.)
@Suite(.timeLimit(.minutes(5))) struct SecretHygieneTests {
    private typealias F = ClientFixtures

    @Test func noFailureOrDescriptionContainsASecret() async throws {
        let dir = try F.tempDir()
        let tokenFile = dir.appendingPathComponent("token"), passwordFile = dir.appendingPathComponent("password")
        try TestSecrets.fileToken.write(to: tokenFile, atomically: true, encoding: .utf8)
        try TestSecrets.password.write(to: passwordFile, atomically: true, encoding: .utf8)
        let stdoutFile = dir.appendingPathComponent("stdout")
        try TestSecrets.staleToken.write(to: stdoutFile, atomically: true, encoding: .utf8)
        let auths: [Auth] = [
            .bearer(.literal(TestSecrets.literalToken)),
            .bearer(.file(tokenFile.path)),
            .bearer(.command("cat \(stdoutFile.path)")),
            .bearer(.command("cat \(stdoutFile.path); echo boom >&2; exit 1")),
            .basic(user: "alice", passwordFile: passwordFile.path),
        ]
        var messages: [String] = []
        try await withServer({ request in
            switch request.path {
            case "/api/v1/query": .text("no", status: 401)
            case "/api/v1/targets": .text("no", status: 403)
            default: .text("oops", status: 500)
            }
        }) { server in
            for auth in auths {
                let options = EndpointOptions(baseURL: server.baseURL,
                                              headers: [(name: "X-Api-Key", value: TestSecrets.freshToken)],
                                              auth: auth, retries: 0)
                messages += [options.description, String(describing: options), String(reflecting: options),
                             String(describing: auth), String(reflecting: auth)]
                var dumped = ""
                dump(options, to: &dumped)
                messages.append(dumped)
                try await withPrometheus(options) { client in
                    for error in [await sourceError { try await client.query("up") },
                                  await sourceError { try await client.targets() },
                                  await sourceError { try await client.buildInfo() }] {
                        messages.append(error?.message ?? "")
                    }
                }
            }
        }
        #expect(messages.count == auths.count * 9)
        for message in messages { TestSecrets.expectAbsent(in: message) }
        #expect(messages.contains("401: basic auth for user alice rejected"))
        #expect(messages.contains { $0.hasPrefix("token command `cat ") && $0.hasSuffix("exited with status 1: boom") })
    }
}
