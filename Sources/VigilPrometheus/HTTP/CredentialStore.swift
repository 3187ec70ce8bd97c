import VigilSources
import Foundation

/// The current `Authorization` value of one endpoint: loaded at first use, shared by concurrent
/// requests, and reloaded (once per rejection, however many requests saw it) after a 401.
actor CredentialStore {
    /// One loaded credential and the load it came from, so a stale 401 does not reload twice.
    struct Credential: Sendable {
        var header: String?
        var generation: Int
    }

    private let auth: Auth
    private let commandTimeout: Duration
    private var loading: Task<String?, any Error>?
    private var generation = 0

    init(auth: Auth, commandTimeout: Duration) {
        self.auth = auth; self.commandTimeout = commandTimeout
    }

    /// Whether a 401 is worth a reload: files and commands may now yield a different secret.
    nonisolated var canRefresh: Bool {
        switch auth {
        case .none, .bearer(.literal): false
        case .bearer(.file), .bearer(.command), .basic: true
        }
    }

    /// Whether Vigil itself adds an Authorization header (else any comes from --header).
    nonisolated var hasConfiguredAuth: Bool {
        if case .none = auth { return false }
        return true
    }

    /// What a persisting 401 says: which credential was rejected, never the credential itself.
    nonisolated var rejectionMessage: String {
        switch auth {
        case .none: "401: unauthorized (no credentials configured; pass a bearer token)"
        case .bearer(let source): "401: \(source.description) rejected"
        case .basic(let user, _): "401: basic auth for user \(user) rejected"
        }
    }

    /// A token command that failed is not run again for this long: every request of a refresh
    /// (and `--once`'s) would otherwise wait for its timeout in turn.
    static let failureMemory: Duration = .seconds(20)
    private var lastFailure: (error: any Error, at: ContinuousClock.Instant)?

    func current() async throws -> Credential {
        if let failure = lastFailure, ContinuousClock.now - failure.at < Self.failureMemory { throw failure.error }
        let task: Task<String?, any Error>
        if let loading {
            task = loading
        } else {
            generation += 1
            task = Task { [auth, commandTimeout] in try await Self.load(auth, commandTimeout: commandTimeout) }
            loading = task
        }
        let loadedGeneration = generation
        do {
            return Credential(header: try await task.value, generation: loadedGeneration)
        } catch {
            // A failed load is not kept as a credential: the next poll after `failureMemory` runs the
            // command again. Until then the same error answers at once.
            if generation == loadedGeneration { loading = nil }
            if case .bearer(.command) = auth { lastFailure = (error, ContinuousClock.now) }
            throw error
        }
    }

    /// Forgets the credential of `generation` after the server rejected it (a newer one stays).
    func invalidate(generation rejected: Int) {
        if rejected == generation { loading = nil; lastFailure = nil }
    }

    private static func load(_ auth: Auth, commandTimeout: Duration) async throws -> String? {
        switch auth {
        case .none:
            return nil
        case .bearer(.literal(let token)):
            return "Bearer " + token
        case .bearer(.file(let path)):
            return "Bearer " + (try readSecret(path, what: "token file"))
        case .bearer(.command(let command)):
            return "Bearer " + (try await TokenCommand.run(command, timeout: commandTimeout))
        case .basic(let user, let passwordFile):
            let password = try readSecret(passwordFile, what: "password file")
            return "Basic " + Data("\(user):\(password)".utf8).base64EncodedString()
        }
    }

    /// The file's text without trailing newlines (editors and `echo` add one).
    private static func readSecret(_ path: String, what: String) throws -> String {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw SourceError(kind: .unauthorized, message: "cannot read \(what) \(path)")
        }
        var trimmed = Substring(text)
        while let last = trimmed.last, last == "\n" || last == "\r" { trimmed.removeLast() }
        guard !trimmed.isEmpty else {
            throw SourceError(kind: .unauthorized, message: "\(what) \(path) is empty")
        }
        return String(trimmed)
    }
}
