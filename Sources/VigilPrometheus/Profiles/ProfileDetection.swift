import VigilSources
/// Picking the profile that fits a Prometheus from the metric names it has.
extension ProfileLoader {
    /// The bundled profiles that are tried first, most specific first: an OpenShift cluster also
    /// has every Kubernetes metric, and a Kubernetes cluster usually has node_exporter's.
    public static let preferredOrder = ["openshift", "kubernetes", "node"]

    /// The first profile (in order openshift, kubernetes, node, then others by name) whose
    /// `detect` names intersect `metricNames`.
    public static func detect(among profiles: [DashboardProfile], metricNames: Set<String>) -> DashboardProfile? {
        detectionOrder(profiles).first { !metricNames.isDisjoint(with: $0.detect) }
    }

    static func detectionOrder(_ profiles: [DashboardProfile]) -> [DashboardProfile] {
        func rank(_ profile: DashboardProfile) -> Int { preferredOrder.firstIndex(of: profile.name) ?? preferredOrder.count }
        return profiles.sorted { (rank($0), $0.name, $0.file) < (rank($1), $1.name, $1.file) }
    }
}
