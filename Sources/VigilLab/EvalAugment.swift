import Foundation
import VigilCore
import VigilDetect
import VigilRuntime

/// `eval nab --augment`: the shared series changed in ways the withheld data may differ from them
/// (a daily or weekly pattern, more noise, a trend), labels unchanged, to see how much of the score
/// rests on the shared series' particular shapes.
enum EvalAugment {
    static func apply(_ spec: String, to corpus: inout NABCorpus) throws {
        var steps: [(kind: String, amount: Double)] = []
        for part in spec.split(separator: ",") {
            let kv = part.split(separator: ":", maxSplits: 1)
            guard kv.count == 2, let a = Double(kv[1]), a.isFinite,
                  ["daily", "weekly", "noise", "trend"].contains(String(kv[0])) else {
                throw UserError("--augment: expected a comma list of daily:A, weekly:A, noise:A or trend:A (got '\(part)')")
            }
            steps.append((String(kv[0]), a))
        }
        for i in corpus.series.indices {
            var s = corpus.series[i]
            let n = Double(s.values.count)
            let mean = s.values.reduce(0, +) / max(n, 1)
            let sd = (s.values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / max(n, 1)).squareRoot()
            let times = s.timestamps.map { NABTime.parse($0) ?? 0 }
            var rng = SplitMix64(seed: UInt64(i) &+ 0x5eed)
            for step in steps {
                for r in s.values.indices {
                    switch step.kind {
                    case "daily": s.values[r] += step.amount * sd * sin(2 * .pi * times[r] / 86_400)
                    case "weekly": s.values[r] += step.amount * sd * sin(2 * .pi * times[r] / 604_800)
                    case "trend": s.values[r] += step.amount * sd * Double(r) / max(n - 1, 1)
                    default:
                        // Box–Muller from two uniforms.
                        let u1 = max(Double(rng.next() >> 11) / Double(1 << 53), 1e-300), u2 = Double(rng.next() >> 11) / Double(1 << 53)
                        s.values[r] += step.amount * sd * (-2 * log(u1)).squareRoot() * cos(2 * .pi * u2)
                    }
                }
            }
            corpus.series[i] = s
        }
    }
}
