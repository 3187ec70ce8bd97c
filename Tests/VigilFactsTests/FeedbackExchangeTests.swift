import Foundation
import VigilCore
import Testing
@testable import VigilFacts

@Suite(.timeLimit(.minutes(5))) struct FeedbackExchangeTests {
    /// A store with anomalies, a snooze, a note full of CSV specials, a retraction, and a verdict
    /// without an anomaly.
    private func populated(_ dir: URL) throws -> FactStore {
        let store = try FactStore.open(directory: dir)
        for n in 0..<3 { try store.record(anomaly(n)) }
        try store.add(verdict("fp-0", .correct, at: 1, anomalyID: "fp-0@0", note: "real: disk full, \"again\"\nsee ticket"))
        let wrong = try store.add(verdict("fp-1", .falsePositive, at: 2, anomalyID: "fp-1@1"))
        try store.add(verdict("fp-2", .snoozed, at: 3, until: 7200, anomalyID: "fp-2@2", note: "maintenance"))
        try store.add(verdict("fp-9", .falsePositive, at: 4, note: "ünïcødé ✓"))
        try store.retract(verdictID: try #require(wrong.id), by: "bob", at: t0.addingTimeInterval(5))
        return store
    }

    @Test(arguments: ExportFormat.allCases)
    func exportImportExportIsIdentical(format: ExportFormat) throws {
        try withStateDir { dir in
            let source = try populated(dir.appendingPathComponent("a"))
            let text = try source.export(format: format)
            let target = try FactStore.open(directory: dir.appendingPathComponent("b"))
            #expect(try target.importFeedback(text, format: format) == ImportSummary(added: 5, skipped: 0))
            #expect(try target.export(format: format) == text)
            // Format guessed from the text gives the same.
            let guessed = try FactStore.open(directory: dir.appendingPathComponent("c"))
            #expect(try guessed.importFeedback(text, format: nil).added == 5)
            #expect(try guessed.export(format: format) == text)
            // Same verdicts in force, same anomalies behind them.
            let now = t0.addingTimeInterval(60)
            func strip(_ d: [Fingerprint: Verdict]) -> [Fingerprint: VerdictValue] { d.mapValues(\.value) }
            #expect(strip(try target.activeVerdicts(now: now)) == strip(try source.activeVerdicts(now: now)))
            // The anomaly comes back with the fields an export carries (id, score, start, detail).
            func carried(_ s: FactStore) throws -> Set<String> {
                Set(try s.anomalies().map { "\($0.id) \($0.score) \($0.startedAt) \($0.detail)" })
            }
            #expect(try carried(target) == carried(source))
            #expect(try target.anomalies().count == 3)
        }
    }

    @Test func importIsIdempotent() throws {
        try withStateDir { dir in
            let text = try populated(dir.appendingPathComponent("a")).export(format: .jsonl)
            let target = try FactStore.open(directory: dir.appendingPathComponent("b"))
            _ = try target.importFeedback(text, format: .jsonl)
            #expect(try target.importFeedback(text, format: .jsonl) == ImportSummary(added: 0, skipped: 5))
            #expect(try target.verdicts(includeRetracted: true).count == 5)
            // Into the store it came from: all already there.
            let again = try FactStore.open(directory: dir.appendingPathComponent("a"))
            #expect(try again.importFeedback(text, format: nil) == ImportSummary(added: 0, skipped: 5))
        }
    }

    @Test func jsonlFieldsAreTheDocumentedOnes() throws {
        try withStateDir { dir in
            let line = try #require(try populated(dir).export(format: .jsonl).split(separator: "\n").first)
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            #expect(Set(object.keys) == ["uuid", "at", "user", "verdict", "kind", "fingerprint", "subject", "detector",
                                         "detector_version", "note", "anomaly_id", "anomaly_score",
                                         "anomaly_started_at", "anomaly_detail"])
            #expect(object["at"] as? String == "2025-11-29T07:06:41.250Z")
            #expect(object["verdict"] as? String == "correct")
            let header = try populated(dir.appendingPathComponent("x")).export(format: .csv).split(separator: "\n").first
            #expect(header == "uuid,at,user,verdict,kind,fingerprint,subject,detector,detector_version,until,note,retracts,anomaly_id,anomaly_score,anomaly_started_at,anomaly_detail")
        }
    }

    @Test func handWrittenLinesWithoutUUIDAreIdempotentToo() throws {
        try withStateDir { dir in
            let store = try FactStore.open(directory: dir)
            let text = """
                {"fingerprint":"fp-a","kind":"log","verdict":"false_positive","user":"carol","at":"2026-11-01T10:00:00Z"}
                {"fingerprint":"fp-b","kind":"metric","verdict":"snoozed","user":"carol","at":"2026-11-01T10:00:00+01:00","until":"2026-11-01T12:00:00Z"}
                """
            #expect(try store.importFeedback(text, format: nil) == ImportSummary(added: 2, skipped: 0))
            #expect(try store.importFeedback(text, format: nil) == ImportSummary(added: 0, skipped: 2))
            let b = try #require(try store.verdicts().last)
            #expect(b.at == Date(timeIntervalSince1970: 1_793_523_600))  // 2026-11-01T09:00:00Z
            #expect(b.subject == "fp-b")
        }
    }

    @Test func referenceRowsMapToVerdicts() throws {
        try withStateDir { dir in
            let store = try FactStore.open(directory: dir)
            let jsonl = """
                {"predict_id": 17, "message": "kernel: Out of memory: Killed process 4242", "is_anomaly": true}
                {"predict_id": "18", "message": "GET /healthz 200", "is_anomaly": false}
                """
            #expect(try store.importFeedback(jsonl, format: nil) == ImportSummary(added: 2, skipped: 0))
            let csv = "predict_id,message,is_anomaly\n19,\"disk /dev/sda1, 99% full\",1\n18,GET /healthz 200,0\n"
            // Row 18 is the same feedback as above: skipped.
            #expect(try store.importFeedback(csv, format: nil) == ImportSummary(added: 1, skipped: 1))
            let array = #"[{"predict_id": 20, "message": "segfault in worker", "is_anomaly": "false"}]"#
            #expect(try store.importFeedback(array, format: nil).added == 1)
            let v = try store.verdicts()
            #expect(v.map(\.value) == [.correct, .falsePositive, .correct, .falsePositive])
            #expect(v.map(\.anomalyID) == ["17", "18", "19", "20"])
            #expect(v[0].fingerprint == .message("kernel: Out of memory: Killed process 4242"))
            #expect(v[0].kind == .log && v[0].detector == "reference-import" && v[0].user == "reference-import")
            #expect(v[2].subject == "disk /dev/sda1, 99% full")
            #expect(try store.importFeedback(jsonl, format: .jsonl).added == 0)
        }
    }

    @Test func malformedInputNamesTheLineAndImportsNothing() throws {
        try withStateDir { dir in
            let store = try FactStore.open(directory: dir)
            let cases: [(String, ExportFormat?, String)] = [
                ("{\"fingerprint\":\"a\",\"kind\":\"log\",\"verdict\":\"correct\",\"user\":\"u\",\"at\":\"2026-11-01T10:00:00Z\"}\n\n{not json",
                 nil, "line 3"),
                ("{\"fingerprint\":\"a\",\"kind\":\"log\",\"verdict\":\"maybe\",\"user\":\"u\",\"at\":\"2026-11-01T10:00:00Z\"}", nil,
                 "line 1: verdict 'maybe'"),
                ("{\"fingerprint\":\"a\",\"kind\":\"log\",\"verdict\":\"correct\",\"user\":\"u\",\"at\":\"yesterday\"}", nil,
                 "line 1: at 'yesterday'"),
                ("{\"fingerprint\":\"a\",\"kind\":\"log\",\"verdict\":\"snoozed\",\"user\":\"u\",\"at\":\"2026-11-01T10:00:00Z\"}", nil,
                 "line 1: a snooze needs an end time"),
                ("predict_id,message,is_anomaly\n1,ok,true\n2,bad,perhaps\n", nil, "line 3: is_anomaly 'perhaps'"),
                ("predict_id,message,is_anomaly\n1,\"a,b\",true,extra\n", .csv, "line 2: 4 fields"),
                ("predict_id,message,is_anomaly\n1,\"never closed,true\n", nil, "line 2: a quoted field is never closed"),
                ("{\"fingerprint\":\"a\"}", nil, "line 1: missing field kind"),
                // Not feedback at all: a log file, a config. Before, "imported 0" and exit 0.
                ("Nov 28 08:30:00 node-1 kubelet[123]: PLEG is not healthy\nNov 28 08:30:01 node-1 kubelet[123]: ok\n", nil,
                 "line 1: not a feedback file"),
                ("apiVersion: v1\nkind: ConfigMap\n", nil, "line 1: not a feedback file"),
                ("{\"uuid\":\"x\",\"fingerprint\":\"a\",\"kind\":\"log\",\"verdict\":\"retracted\",\"user\":\"u\",\"at\":\"2026-11-01T10:00:00Z\",\"retracts\":\"nope\"}",
                 nil, "line 1: retracts a verdict"),
            ]
            for (text, format, expected) in cases {
                #expect {
                    try store.importFeedback(text, format: format)
                } throws: { error in
                    guard case .malformed(let message)? = error as? FactStoreError else { return false }
                    return message.hasPrefix(expected)
                }
            }
            #expect(try store.verdicts(includeRetracted: true).isEmpty)
        }
    }

    @Test func csvQuotingRoundTrips() throws {
        let fields = ["plain", "a,b", "say \"hi\"", "two\nlines", "", "crlf\r\nend"]
        let text = CSV.line(fields) + "\n" + CSV.line(["x"]) + "\n"
        let records = try CSV.records(text)
        #expect(records.map(\.fields) == [fields, ["x"]])
        #expect(records.map(\.line) == [1, 4])
    }
}
