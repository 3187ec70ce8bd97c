import VigilSources
import Foundation

/// Vigil's per-user configuration folder, following the XDG base directory spec:
/// `$XDG_CONFIG_HOME/vigil`, or `~/.config/vigil` when that is unset. Both the config file and
/// the user's own profiles live there.
enum ConfigDirectory {
    static func path(environment: [String: String]) -> String {
        // The spec says a relative XDG_CONFIG_HOME is invalid and must be ignored.
        if let xdg = environment["XDG_CONFIG_HOME"], xdg.hasPrefix("/") {
            return (xdg as NSString).appendingPathComponent("vigil")
        }
        return (home(environment: environment) as NSString).appendingPathComponent(".config/vigil")
    }

    /// `$HOME`, or the account's home directory when the environment has none (a service).
    static func home(environment: [String: String]) -> String {
        if let home = environment["HOME"], !home.isEmpty { return home }
        return NSHomeDirectory()
    }
}
