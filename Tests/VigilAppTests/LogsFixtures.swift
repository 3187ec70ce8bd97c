import Foundation
import VigilCore
import VigilTerminal
@testable import VigilApp
@testable import VigilEngine

/// Scored log lines made by hand (fixed scores, so screens do not move when the scorer does).
enum LogsFixtures {
    static let t0 = Date(timeIntervalSince1970: 1_764_316_800) // 2025-11-28T08:00:00Z
    static let sources = ["kube-apiserver", "etcd", "node-exporter"]

    static func line(_ i: Int, at t: Date? = nil) -> ScoredLogLine {
        let time = t ?? t0.addingTimeInterval(Double(i) * 5)
        let source = sources[i % 3]
        switch i % 40 {
        case 17:
            return scored(time, "etcd", "panic: runtime error: invalid memory address or nil pointer dereference",
                          "panic: runtime error: invalid memory address or nil pointer dereference", 0.95, true,
                          LogSignals(novelty: 0.8, rarity: 0.97, firstSighting: 1, burst: 0, severity: 0.9))
        case 33:
            return scored(time, "kube-apiserver", "dial tcp 10.0.0.\(i % 250):2379: connect: connection refused",
                          "dial tcp <*>: connect: connection refused", 0.72, true,
                          LogSignals(novelty: 0.3, rarity: 0.8, firstSighting: 0, burst: 0.5, severity: 0.6))
        case 38:
            let long = "Trace[\(i)]: \"List\" accept:application/json,audit-id:cef1d4e1,client:10.131.2.34,namespace:checkout,"
                + "resource:pods,scope:namespace,url:/api/v1/namespaces/checkout/pods,verb:LIST (total time: \(600 + i)ms)"
            return scored(time, source, long, "Trace[<*>]: \"List\" accept:<*> (total time: <*>ms)", 0.31, false, LogSignals(rarity: 0.3))
        default:
            return scored(time, source, "GET /api/v1/namespaces/default/pods 200 in \(i % 17 + 3)ms",
                          "GET /api/v1/namespaces/default/pods <*> in <*>ms", 0.05 + Double(i % 7) / 100, false, LogSignals(rarity: 0.05))
        }
    }

    static func scored(_ t: Date, _ source: String, _ text: String, _ template: String, _ score: Double, _ flagged: Bool,
                       _ signals: LogSignals) -> ScoredLogLine {
        ScoredLogLine(record: LogRecord(timestamp: t, source: source, line: text), template: template, score: score,
                      flagged: flagged, signals: signals)
    }

    static func lines(_ range: Range<Int>) -> [ScoredLogLine] { range.map { line($0) } }

    /// The Logs screen with `count` lines ingested.
    static func model(count: Int = 80, width: Int = 120, height: Int = 40, glyphs: Glyphs = .unicode,
                      theme: Theme = .fallback) -> Model {
        var m = Model(config: AppConfig(theme: theme, glyphs: glyphs))
        _ = update(&m, .resize(width: width, height: height))
        _ = update(&m, .key(.char("4")))
        _ = update(&m, .source(.scoredLogs(lines(0..<count))))
        return m
    }

    /// The rows the tail shows and the selected line, as the screen computes them.
    static func placement(_ m: Model) -> LogsPlacement {
        LogsPlacement(m.logs, visibleRows: LogsLayout.current(m)?.visibleRows ?? 0)
    }

    static func selectedLine(_ m: Model) -> ScoredLogLine? {
        let p = placement(m)
        return p.selected.map { m.logs.lines[p.rows[$0]] }
    }
}
