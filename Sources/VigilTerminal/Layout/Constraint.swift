/// How much of an area one part of a `Layout.split` asks for.
///
/// Fixed parts (`length`, `percentage`, `ratio`) are served first; `fill` and `min` share what
/// is left by weight. When the fixed parts and the `min` floors together do not fit, all of them
/// shrink in proportion and the `fill` parts get nothing.
public enum Constraint: Hashable, Sendable {
    /// Exactly n cells (shrunk only when the total does not fit).
    case length(Int)
    /// p % of the whole (the area minus spacing), p clamped to 0...100.
    case percentage(Int)
    /// num/den of the whole (the area minus spacing), at most the whole.
    case ratio(Int, Int)
    /// Shares what is left by weight.
    case fill(Int)
    /// Like `fill(1)` but at least n cells (when the total allows).
    case min(Int)
}
