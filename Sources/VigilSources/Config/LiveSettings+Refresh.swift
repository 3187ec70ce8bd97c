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

    /// The explicit value if set (at least `minimumRefresh`), else 30 s for a remote Prometheus
    /// and 5 s for a loopback one (127.0.0.0/8, ::1, localhost). With no Prometheus URL the
    /// remote default is used.
    public func resolvedRefresh() -> Double {
        if let refresh { return max(Self.minimumRefresh, refresh) }
        guard let host = prometheus.flatMap(Self.host(of:)) else { return Self.remoteRefresh }
        return Self.isLoopback(host: host) ? Self.loopbackRefresh : Self.remoteRefresh
    }

    /// The host part of a URL, tolerating a missing scheme (`localhost:9090`).
    static func host(of url: String) -> String? {
        let text = url.contains("://") ? url : "http://\(url)"
        guard let host = URLComponents(string: text)?.host, !host.isEmpty else { return nil }
        // Foundation keeps the brackets of an IPv6 literal on some platforms.
        return host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
    }

    static func isLoopback(host: String) -> Bool {
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
