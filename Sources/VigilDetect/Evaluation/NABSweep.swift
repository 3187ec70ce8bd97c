/// Every scored row of a corpus as a potential detection, sorted by score (highest first), so
/// that one pass down the list visits every threshold with running totals: O(n log n) once,
/// then O(n) per profile, instead of rescoring the corpus at each of ~137k thresholds.
struct NABCandidates: Sendable {
    /// Scores, descending; NaN rows are left out (they never reach a threshold).
    var scores: [Double] = []
    /// Corpus-wide window index for a row inside a window, −1 for a row outside every window.
    var window: [Int32] = []
    /// Before weighting: the true-positive credit in a window, else the false-positive unit.
    var unit: [Double] = []
    var windowCount = 0

    init(corpus: NABCorpus, scores perSeries: [[Double]]) {
        var rows: [(score: Double, window: Int32, unit: Double)] = []
        rows.reserveCapacity(corpus.rowCount)
        var windowBase = 0
        for (k, s) in corpus.series.enumerated() {
            let row = k < perSeries.count ? perSeries[k] : []
            var next = 0  // the first window that has not ended before row i
            for i in s.probationRows..<max(s.probationRows, min(row.count, s.values.count)) {
                while next < s.windows.count, s.windows[next].end < i { next += 1 }
                guard !row[i].isNaN else { continue }
                if next < s.windows.count, s.windows[next].start <= i {
                    rows.append((row[i], Int32(windowBase + next), NABScorer.truePositiveCredit(row: i, window: s.windows[next])))
                } else {
                    let previous = next > 0 ? s.windows[next - 1] : nil
                    rows.append((row[i], -1, NABScorer.falsePositiveUnit(row: i, previousWindow: previous)))
                }
            }
            windowBase += s.windows.count
        }
        rows.sort { $0.score > $1.score }
        scores = rows.map(\.score)
        window = rows.map(\.window)
        unit = rows.map(\.unit)
        windowCount = windowBase
    }

    /// The best total over thresholds visited from high to low; a later threshold replaces the
    /// best only when strictly better, so ties go to the higher threshold (as NAB's sweeper).
    func sweep(_ profile: NABProfile) -> NABResult {
        var total = -profile.fnWeight * Double(windowCount)
        // The credit of each window's best (earliest) detection so far; nil = still missed.
        var credit = [Double?](repeating: nil, count: windowCount)
        var tp = 0, fp = 0
        var best: (total: Double, threshold: Double, tp: Int, fp: Int)?
        func consider(_ threshold: Double) {
            if best.map({ total > $0.total }) ?? true { best = (total, threshold, tp, fp) }
        }
        // 1.1 stands for "no detections"; it is visited in its place in the descending order, so
        // scores above it (outside NAB's [0, 1]) would count as detections there, as they should.
        var visitedNoDetectionThreshold = false
        var j = 0
        while j < scores.count {
            let s = scores[j]
            if !visitedNoDetectionThreshold, s < 1.1 {
                consider(1.1)
                visitedNoDetectionThreshold = true
            }
            // All rows with this exact score become detections together.
            while j < scores.count, scores[j] == s {
                let w = Int(window[j])
                if w < 0 {
                    total += unit[j] * profile.fpWeight
                    fp += 1
                } else if let old = credit[w] {
                    // An earlier row of a detected window: only the earliest detection counts.
                    if unit[j] > old {
                        total += (unit[j] - old) * profile.tpWeight
                        credit[w] = unit[j]
                    }
                } else {
                    total += profile.fnWeight + unit[j] * profile.tpWeight
                    credit[w] = unit[j]
                    tp += 1
                }
                j += 1
            }
            consider(s)
            if s <= 1.1 { visitedNoDetectionThreshold = true }
        }
        if !visitedNoDetectionThreshold { consider(1.1) }
        let b = best ?? (total, 1.1, tp, fp)
        return NABScorer.makeResult(total: b.total, profile: profile, windows: windowCount, threshold: b.threshold,
                                    tp: b.tp, fp: b.fp, fn: windowCount - b.tp)
    }
}
