import VigilSources
/// Mistakes in a query that PromQL accepts but the app cannot use. PromQL syntax itself is left
/// to Prometheus (and to the promtool check of the bundled profiles).
enum ProfileQueryLint {
    /// Counters the app turns into rates itself, from successive samples.
    static let counters: Set<String> = ["apiserver_request_total"]

    static func problem(series: String?, expr: String) -> String? {
        // A query without `series` keeps its results' names, so it feeds a counter when it
        // selects one.
        guard let target = series ?? counters.sorted().first(where: { expr.contains($0) }), counters.contains(target) else {
            return nil
        }
        // Functions that turn a counter into something that is no longer a counter.
        let rateLike = #/\b(i?rate|increase|i?delta|deriv)\s*\(/#
        guard let match = expr.firstMatch(of: rateLike) else { return nil }
        return "the \(target) query uses \(match.output.1)(): return the counter itself "
            + "(e.g. sum by (code) (\(target))), because Vigil computes rates from successive samples "
            + "and would read a rate as a counter"
    }
}
