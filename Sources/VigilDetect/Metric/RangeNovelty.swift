import Foundation
/// How far a statistic steps outside the range it has shown, in units of that range's width: "a value
/// never seen before", the signal every strong NAB detector leans on (HTM's spatial anomaly, CAD OSE's
/// new contexts over quantised values). `SeriesDetector` keeps one on several views of a series.
///
/// Memory is two buckets of `memory` samples: the range is the union of the current bucket and the one
/// before, so an extreme is forgotten after between `memory` and 2 × `memory` samples. Measured on NAB,
/// a range that never forgets scores best (its series are short); forgetting keeps one outlier from
/// masking everything for months in a long-running dashboard.
struct RangeNovelty: Sendable, Hashable {
    private var curLo = 0.0, curHi = 0.0
    private var prevLo = Double.infinity, prevHi = -Double.infinity
    private(set) var count = 0
    private var inBucket: Int32 = 0
    /// Mean of log excess over the records seen so far (a record: a value beyond the range), the
    /// last 16 weighing most; Float and a saturating count keep it to 5 bytes.
    private var recordLogMean: Float = 0
    private var records: UInt8 = 0

    /// The typical excess of this statistic's past records, in range widths (0 before any): what a
    /// new record of ordinary data looks like here.
    var typicalRecordExcess: Double { records > 0 ? exp(Double(recordLogMean)) : 0 }

    mutating func noteRecord(_ e: Double) {
        guard e > 0, e.isFinite else { return }
        if records < 16 { records += 1 }
        recordLogMean += (Float(log(e)) - recordLogMean) / Float(records)
    }

    var lo: Double { min(curLo, prevLo) }
    var hi: Double { max(curHi, prevHi) }
    var width: Double { count > 0 ? hi - lo : 0 }

    /// Excess of `m` beyond the range, in range widths (0 inside). `floor` is the least width, so a flat
    /// history does not make every change infinitely novel.
    func excess(_ m: Double, floor: Double) -> Double {
        guard count > 0 else { return 0 }
        let l = lo, h = hi
        let w = max(h - l, floor)
        if m > h { return (m - h) / w }
        if m < l { return (l - m) / w }
        return 0
    }

    mutating func learn(_ m: Double, memory: Int) {
        if count == 0 || inBucket >= Int32(clamping: memory) {
            if count > 0 { prevLo = curLo; prevHi = curHi }
            curLo = m; curHi = m; inBucket = 0
        } else {
            curLo = min(curLo, m); curHi = max(curHi, m)
        }
        inBucket += 1
        count += 1
    }
}
