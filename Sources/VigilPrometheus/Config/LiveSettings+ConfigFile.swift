import VigilSources
import VigilCore
import Foundation
import Yams

/// The config file layer: `$XDG_CONFIG_HOME/vigil/config.yaml` (default
/// `~/.config/vigil/config.yaml`).
extension LiveSettings {
    static let configKeys = [
        "prometheus", "alertmanager", "bearer_token_file", "bearer_token_command", "basic_auth", "ca_file",
        "insecure_skip_tls_verify", "headers", "refresh", "profile", "max_concurrent_requests",
        // Known so that they get their own message rather than "unknown key".
        "bearer_token",
    ]

    public static func defaultConfigPath(environment: [String: String]) -> String {
        (ConfigDirectory.path(environment: environment) as NSString).appendingPathComponent("config.yaml")
    }

    /// A missing file gives empty settings (the file is optional); anything wrong in one that
    /// exists is an error naming the file and line. Relative paths in it (`ca_file: ca.pem`)
    /// are relative to the file's folder, and `~/` is the home directory.
    public static func loadConfigFile(_ path: String) throws -> LiveSettings {
        var info = stat()
        if stat(path, &info) != 0 {
            if errno == ENOENT { return LiveSettings() }
            throw ConfigError(file: path, message: "cannot be read: \(String(cString: strerror(errno)))")
        }
        // A FIFO would block the start; a directory is a mistake.
        guard info.st_mode & S_IFMT == S_IFREG else { throw ConfigError(file: path, message: "cannot be read: not a regular file") }
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw ConfigError(file: path, message: "cannot be read: \(String(cString: strerror(errno)))") }
        close(fd)
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw ConfigError(file: path, message: "cannot be read: \(FileReason.describe(error, path: path))")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ConfigError(file: path, message: "not UTF-8 text")
        }
        do {
            return try parseConfig(text, directory: (path as NSString).deletingLastPathComponent)
        } catch {
            throw ConfigError(file: path, line: error.line, message: error.message)
        }
    }

    /// The file's text as settings; `directory` anchors relative paths.
    static func parseConfig(_ text: String, directory: String) throws(YAMLProblem) -> LiveSettings {
        var settings = LiveSettings()
        guard let root = try YAMLDocument.compose(text) else { return settings }
        let top = try root.requireMapping("the config file", allowed: configKeys)
        func path(_ node: Node, _ key: String) throws(YAMLProblem) -> String {
            resolvePath(try node.requireScalarText(key), directory: directory)
        }
        for entry in top.entries {
            let node = entry.value
            switch entry.key {
            case "prometheus": settings.prometheus = try node.requireScalarText("prometheus")
            case "alertmanager": settings.alertmanager = try node.requireScalarText("alertmanager")
            case "bearer_token":
                throw YAMLProblem(line: entry.keyLine, "bearer_token is not read from the config file: secrets do not "
                    + "belong in config files. Put the token in a file readable only by you and set "
                    + "bearer_token_file, or set bearer_token_command (e.g. oc whoami -t), or VIGIL_BEARER_TOKEN")
            case "bearer_token_file": settings.bearerTokenFile = try path(node, "bearer_token_file")
            case "bearer_token_command": settings.bearerTokenCommand = try node.requireScalarText("bearer_token_command")
            case "basic_auth": try readBasicAuth(node, into: &settings, directory: directory)
            case "ca_file": settings.caFile = try path(node, "ca_file")
            case "insecure_skip_tls_verify": settings.insecureSkipTLSVerify = try node.requireBool("insecure_skip_tls_verify")
            case "headers": settings.headers = try readHeaders(node)
            case "alertmanager_bearer_token_file": settings.alertmanagerBearerTokenFile = try path(node, "alertmanager_bearer_token_file")
            case "alertmanager_bearer_token_command":
                settings.alertmanagerBearerTokenCommand = try node.requireScalarText("alertmanager_bearer_token_command")
            case "alertmanager_headers": settings.alertmanagerHeaders = try readHeaders(node)
            case "refresh": settings.refresh = try readRefresh(node)
            case "profile": settings.profile = try node.requireScalarText("profile")
            case "max_concurrent_requests":
                guard let count = node.int, node.tagName == .int, count >= 1 else {
                    throw YAMLProblem(line: node.line, "max_concurrent_requests must be a whole number of at least 1")
                }
                settings.maxConcurrentRequests = count
            default: break // unreachable: requireMapping allows only configKeys
            }
        }
        return settings
    }

    private static func readBasicAuth(_ node: Node, into settings: inout LiveSettings, directory: String) throws(YAMLProblem) {
        let auth = try node.requireMapping("basic_auth", allowed: ["user", "password_file", "password"])
        for entry in auth.entries {
            switch entry.key {
            case "user": settings.basicAuthUser = try entry.value.requireScalarText("basic_auth.user")
            case "password_file":
                settings.basicAuthPasswordFile = resolvePath(try entry.value.requireScalarText("basic_auth.password_file"),
                                                             directory: directory)
            default:
                throw YAMLProblem(line: entry.keyLine, "basic_auth.password is not read from the config file: secrets do "
                    + "not belong in config files. Put the password in a file readable only by you and set "
                    + "basic_auth.password_file")
            }
        }
        guard settings.basicAuthUser != nil else { throw YAMLProblem(line: auth.line, "basic_auth needs a user") }
    }

    /// A list of "Name: value", or a mapping of name to value.
    private static func readHeaders(_ node: Node) throws(YAMLProblem) -> [String] {
        var headers: [(text: String, line: Int?)] = []
        if case .mapping(let mapping) = node {
            for (key, value) in mapping {
                let name = try key.requireScalarText("a header name")
                headers.append(("\(name): \(try value.requireScalarText("header \(name)"))", key.line))
            }
        } else {
            for item in try node.requireList("headers") {
                headers.append((try item.requireScalarText("each header"), item.line))
            }
        }
        for header in headers {
            do {
                _ = try LiveSettings.parseHeader(header.text)
            } catch {
                throw YAMLProblem(line: header.line, error.message)
            }
        }
        return headers.map(\.text)
    }

    private static func readRefresh(_ node: Node) throws(YAMLProblem) -> Double {
        let text = try node.requireScalarText("refresh")
        guard let seconds = DurationText.seconds(text), seconds > 0 else {
            throw YAMLProblem(line: node.line, "refresh must be a duration such as 30s, 1m or 15 (seconds), not '\(text)'")
        }
        return seconds
    }

    static func resolvePath(_ path: String, directory: String) -> String {
        if path == "~" || path.hasPrefix("~/") {
            return NSHomeDirectory() + path.dropFirst()
        }
        return path.hasPrefix("/") || directory.isEmpty ? path : (directory as NSString).appendingPathComponent(path)
    }
}
