import Foundation
import VigilCore
@testable import VigilFacts

/// A fresh folder per test, removed when the scope ends.
func withStateDir<T>(_ body: (URL) throws -> T) throws -> T {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-facts-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    return try body(dir)
}

let t0 = Date(timeIntervalSince1970: 1_764_400_000.25)

func anomaly(_ n: Int, kind: AnomalyKind = .metric) -> AnomalyFact {
    AnomalyFact(id: "fp-\(n)@\(n)", kind: kind, fingerprint: Fingerprint(stored: "fp-\(n)"), subject: "up{job=\"node\",instance=\"n\(n)\"}",
                detector: "vigil-series", detectorVersion: "0.3", score: 0.5 + Double(n) / 10,
                startedAt: t0.addingTimeInterval(Double(n)), detail: "level shift, \"quoted\", comma\nsecond line")
}

func verdict(_ fp: String, _ value: VerdictValue, at seconds: Double, until: Double? = nil,
             anomalyID: String? = nil, note: String = "") -> Verdict {
    Verdict(anomalyID: anomalyID, fingerprint: Fingerprint(stored: fp), kind: .metric, subject: "subject of \(fp)", value: value,
                user: "alice", at: t0.addingTimeInterval(seconds), until: until.map { t0.addingTimeInterval($0) },
                detector: "vigil-series", detectorVersion: "0.3", note: note)
}
