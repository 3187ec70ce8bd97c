import Foundation
import VigilCore
import VigilSources

/// Maps the incident's clock times onto the window being generated.
///
/// The story is written in the wall-clock times of the default window (04:00–12:00 UTC); a window
/// with another end or length keeps the same shape, stretched or squeezed to fit, so every event
/// still happens inside it and in the same order.
struct StoryClock: Sendable {
    /// Time of the first sample.
    let start: Date
    /// Seconds between samples.
    let step: Int
    /// Number of sample instants, both ends included.
    let count: Int
    private let scale: Double

    init(end: Date, hours: Int, step: Int) {
        self.step = max(1, step)
        let span = max(1, hours) * 3600
        count = span / self.step + 1
        start = end.addingTimeInterval(-Double((count - 1) * self.step))
        scale = Double(span) / Double(8 * 3600)
    }

    /// Seconds after `start` of the default-window clock time h:m:s.
    func offset(_ h: Int, _ m: Int, _ s: Double = 0) -> Double {
        (Double((h - 4) * 3600 + m * 60) + s) * scale
    }

    /// The sample index nearest to the story instant h:m:s.
    func at(_ h: Int, _ m: Int, _ s: Double = 0) -> Int {
        min(count - 1, max(0, Int((offset(h, m, s) / Double(step)).rounded())))
    }

    /// Number of samples spanning `minutes` of story time (an alert's `for:` duration).
    func steps(minutes: Int) -> Int {
        Int((Double(minutes * 60) * scale / Double(step)).rounded())
    }

    /// Time of sample `i`.
    func time(_ i: Int) -> Date { start.addingTimeInterval(Double(i * step)) }

    /// Unix seconds of sample `i`, as the metrics file writes it.
    func unix(_ i: Int) -> Int { Int(start.timeIntervalSince1970) + i * step }

    /// Daily load pattern: quiet at night, busiest mid-afternoon UTC (factor around 1).
    static func season(_ date: Date) -> Double {
        let hour = date.timeIntervalSince1970.truncatingRemainder(dividingBy: 86_400) / 3600
        return 1 + 0.18 * sin(2 * Double.pi * (hour - 8) / 24)
    }

    /// Linear interpolation through (clock time, level) points, 0 outside them: the envelope of
    /// the incident's bursts.
    func envelope(_ points: [(h: Int, m: Int, level: Double)], at date: Date) -> Double {
        let x = date.timeIntervalSince(start)
        let xs = points.map { offset($0.h, $0.m) }
        guard let first = xs.first, let last = xs.last, x >= first, x <= last else { return 0 }
        for k in 1..<xs.count where x <= xs[k] {
            let span = xs[k] - xs[k - 1]
            let f = span > 0 ? (x - xs[k - 1]) / span : 1
            return points[k - 1].level + f * (points[k].level - points[k - 1].level)
        }
        return 0
    }
}
