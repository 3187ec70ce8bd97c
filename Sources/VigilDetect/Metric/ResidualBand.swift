/// The expected band around a forecast: running estimates of the 10th and 90th percentiles of the
/// residual (value − forecast), so about 80 % of ordinary samples fall inside, skewed when the series
/// is (a spiky series gets a band that reaches up, not down).
///
/// Stochastic-approximation quantiles: each residual nudges an estimate up by 0.9 × step when above it
/// and down by 0.1 × step when below (mirrored for the 10th), with the step a small fraction of the
/// residuals' mean absolute size. O(1), four numbers.
struct ResidualBand: Sendable, Hashable {
    private(set) var lowQ = 0.0
    private(set) var highQ = 0.0
    private var scale = 0.0
    private var n = 0

    mutating func learn(_ r: Double) {
        n += 1
        // Fast start: the mean absolute residual over the first samples, then a slow average.
        scale += (n < 20 ? 1 / Double(n) : 0.02) * (abs(r) - scale)
        let step = 0.05 * scale
        highQ += r > highQ ? 0.9 * step : -0.1 * step
        lowQ += r < lowQ ? -0.9 * step : 0.1 * step
    }
}
