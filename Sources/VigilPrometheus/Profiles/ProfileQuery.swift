import VigilSources
/// One PromQL instant query of a panel. The collector renames each result's `__name__` to
/// `series` (when given), so a profile can feed the app's canonical series from whatever metrics
/// a given Prometheus has.
public struct ProfileQuery: Sendable, Hashable {
    /// The canonical series name the results are fed as; nil keeps each result's own name.
    public var series: String?
    public var expr: String
    /// Where the query is written in its profile, for error messages about a failing query.
    public var line: Int

    public init(series: String?, expr: String, line: Int) {
        self.series = series
        self.expr = expr
        self.line = line
    }
}
