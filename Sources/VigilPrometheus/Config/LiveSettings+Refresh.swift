import VigilSources
import Foundation

/// How often live mode refreshes.
extension LiveSettings {
    /// Refreshing faster than this would only load Prometheus: its own scrapes are rarely
    /// faster than a few seconds.
    public static let minimumRefresh = 1.0
    /// A remote Prometheus (often a shared Thanos querier) is asked at the pace of a typical
    /// scrape interval, so several people watching do not multiply its load.
    public static let remoteRefresh = 30.0
    /// A Prometheus on this machine (a port-forward, a local test) can be asked more often.
    public static let loopbackRefresh = 5.0

    /// OpenShift asks API clients not to poll more often than every 30 s: a remote host is never
    /// asked faster than this, whatever the flag says.
    public static let remoteMinimumRefresh = 30.0

    /// The host live mode talks to first: Prometheus, else Alertmanager.
    public var mainHost: String? { (prometheus ?? alertmanager).flatMap(Self.host(of:)) }

    /// Whether the main host is on this machine (127.0.0.0/8, ::1, localhost and names under it).
    /// The one loopback rule: it sets both the default refresh and its floor.
    public var isLoopback: Bool { mainHost.map(Self.isLoopback(host:)) ?? false }

    /// The least refresh allowed: 1 s against loopback, 30 s against a remote host.
    public var refreshFloor: Double { isLoopback ? Self.minimumRefresh : Self.remoteMinimumRefresh }

    /// The refresh live mode uses: the explicit value if set, else 5 s for a loopback host and 30 s
    /// for a remote one; never below `refreshFloor`.
    public func resolvedRefresh() -> Double {
        let wanted = refresh ?? (isLoopback ? Self.loopbackRefresh : Self.remoteRefresh)
        return max(refreshFloor, wanted.isNaN ? refreshFloor : wanted)
    }

    /// What to tell the operator when an explicit refresh was raised to the floor, or nil.
    public var refreshRaisedNote: String? {
        guard let wanted = refresh, wanted < refreshFloor else { return nil }
        let host = mainHost ?? "?"
        return "refresh raised from \(Self.seconds(wanted)) to \(Self.seconds(refreshFloor)) for "
            + (isLoopback ? "\(host)" : "the remote host \(host)")
    }

    private static func seconds(_ s: Double) -> String {
        s.isFinite && s == s.rounded() && abs(s) < 1e9 ? "\(Int(s))s" : String(format: "%.3gs", s)
    }

    /// The host part of a URL, tolerating a missing scheme (`localhost:9090`).
    public static func host(of url: String) -> String? {
        let text = url.contains("://") ? url : "http://\(url)"
        guard let host = URLComponents(string: text)?.host, !host.isEmpty else { return nil }
        // Foundation keeps the brackets of an IPv6 literal on some platforms.
        return host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
    }

    public static func isLoopback(host: String) -> Bool {
        let host = host.lowercased()
        // RFC 6761: localhost and names under it always resolve to loopback.
        if host == "localhost" || host.hasSuffix(".localhost") || host == "localhost." { return true }
        var v4 = in_addr()
        if inet_pton(AF_INET, host, &v4) == 1 {
            // 127.0.0.0/8: the first octet in network byte order is the address' first byte.
            return withUnsafeBytes(of: &v4) { $0.first == 127 }
        }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, host, &v6) == 1 {
            return withUnsafeBytes(of: &v6) { bytes in
                let loopback = bytes.prefix(15).allSatisfy { $0 == 0 } && bytes[15] == 1
                // ::ffff:127.x.y.z, an IPv4 loopback address written as IPv6.
                let mapped = bytes.prefix(10).allSatisfy { $0 == 0 } && bytes[10] == 0xff && bytes[11] == 0xff && bytes[12] == 127
                return loopback || mapped
            }
        }
        return false
    }
}
