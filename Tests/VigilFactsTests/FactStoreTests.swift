import Foundation
import VigilCore
import GRDB
import Testing
@testable import VigilFacts

@Suite(.timeLimit(.minutes(5))) struct FactStoreTests {
    @Test func createsTheStoreMigratedAndInWALMode() throws {
        try withStateDir { dir in
            let store = try FactStore.open(directory: dir.appendingPathComponent("nested/state"))
            #expect(store.path.hasSuffix("nested/state/facts.sqlite"))
            #expect(FileManager.default.fileExists(atPath: store.path))
            let (mode, version, migrated, tables) = try store.pool.read { db in
                (try String.fetchOne(db, sql: "PRAGMA journal_mode"), try Int.fetchOne(db, sql: "PRAGMA user_version"),
                 try FactStoreSchema.migrator.hasCompletedMigrations(db),
                 [try db.tableExists("anomaly"), try db.tableExists("verdict")])
            }
            #expect(mode == "wal")
            #expect(version == FactStoreSchema.version)
            #expect(migrated)
            #expect(tables == [true, true])
            // Reopening an up-to-date store changes nothing.
            let again = try FactStore.open(directory: dir.appendingPathComponent("nested/state"))
            #expect(try again.verdicts().isEmpty)
        }
    }

    @Test func defaultDirectoryFollowsXDG() {
        #expect(FactStore.defaultDirectory(environment: ["XDG_STATE_HOME": "/s", "HOME": "/h"]).path == "/s/vigil")
        #expect(FactStore.defaultDirectory(environment: ["HOME": "/h"]).path == "/h/.local/state/vigil")
        // The spec says a relative XDG path is ignored.
        #expect(FactStore.defaultDirectory(environment: ["XDG_STATE_HOME": "rel", "HOME": "/h"]).path == "/h/.local/state/vigil")
    }

    @Test func anomaliesRoundTripAndUpsertByID() throws {
        try withStateDir { dir in
            let store = try FactStore.open(directory: dir)
            for n in 0..<5 { try store.record(anomaly(n, kind: AnomalyKind.allCases[n % 3])) }
            var changed = anomaly(2)
            changed.score = 9.5
            try store.record(changed)
            let back = try store.anomalies()
            #expect(back.count == 5)
            #expect(back.map(\.id) == (0..<5).reversed().map { "fp-\($0)@\($0)" })  // newest first
            #expect(back.first { $0.id == changed.id } == changed)
            #expect(back.first { $0.id == "fp-4@4" } == anomaly(4, kind: .log))
            #expect(try store.anomalies(limit: 2).count == 2)
        }
    }

    @Test func verdictsRoundTripWithIDsAndMillisecondTimes() throws {
        try withStateDir { dir in
            let store = try FactStore.open(directory: dir)
            var v = verdict("fp-1", .falsePositive, at: 0.0004, anomalyID: "fp-1@1", note: "noisy after deploys")
            let stored = try store.add(v)
            #expect(stored.id != nil)
            v.id = stored.id
            v.at = Date(timeIntervalSince1970: 1_764_400_000.25)  // sub-millisecond part dropped
            #expect(stored == v)
            #expect(try store.verdicts() == [stored])
            let second = try store.add(verdict("fp-2", .snoozed, at: 1, until: 3600))
            #expect((second.id ?? 0) > (stored.id ?? 0))
        }
    }

    @Test func badVerdictsAreRefused() throws {
        try withStateDir { dir in
            let store = try FactStore.open(directory: dir)
            #expect(throws: FactStoreError.self) { try store.add(verdict("fp", .snoozed, at: 0)) }  // no until
            #expect(throws: FactStoreError.self) { try store.add(verdict("", .correct, at: 0)) }
            #expect(throws: FactStoreError.self) { try store.add(verdict("fp", .retracted, at: 0)) }  // retracts nothing
            #expect(throws: FactStoreError.noSuchVerdict(42)) { try store.retract(verdictID: 42, by: "bob", at: t0) }
            #expect(try store.verdicts(includeRetracted: true).isEmpty)
        }
    }

    @Test func retractKeepsHistoryAndRestoresThePreviousVerdict() throws {
        try withStateDir { dir in
            let store = try FactStore.open(directory: dir)
            let first = try store.add(verdict("fp", .correct, at: 0))
            let second = try store.add(verdict("fp", .falsePositive, at: 10))
            #expect(try store.activeVerdicts(now: t0.addingTimeInterval(20))[Fingerprint(stored: "fp")] == second)
            let secondID = try #require(second.id)
            try store.retract(verdictID: secondID, by: "bob", at: t0.addingTimeInterval(30))
            try store.retract(verdictID: secondID, by: "bob", at: t0.addingTimeInterval(31))  // twice: no change
            #expect(try store.verdicts() == [first])
            let history = try store.verdicts(includeRetracted: true)
            #expect(history.count == 3)
            #expect(history[2].value == .retracted && history[2].retracts == secondID && history[2].user == "bob")
            #expect(try store.activeVerdicts(now: t0.addingTimeInterval(40))[Fingerprint(stored: "fp")] == first)
            // A retraction cannot itself be retracted.
            let undoID = try #require(history[2].id)
            #expect(throws: FactStoreError.self) { try store.retract(verdictID: undoID, by: "bob", at: t0) }
        }
    }

    @Test func snoozeIsInForceOnlyUntilItEnds() throws {
        try withStateDir { dir in
            let store = try FactStore.open(directory: dir)
            let fp = try store.add(verdict("a", .falsePositive, at: 0))
            let snooze = try store.add(verdict("a", .snoozed, at: 100, until: 200))
            let other = try store.add(verdict("b", .snoozed, at: 100, until: 150))
            let during = try store.activeVerdicts(now: t0.addingTimeInterval(120))
            #expect(during == [Fingerprint(stored: "a"): snooze, Fingerprint(stored: "b"): other])
            let between = try store.activeVerdicts(now: t0.addingTimeInterval(150))
            #expect(between == [Fingerprint(stored: "a"): snooze])  // until is exclusive: b ended at 150
            let after = try store.activeVerdicts(now: t0.addingTimeInterval(200))
            #expect(after == [Fingerprint(stored: "a"): fp])  // the snooze ran out; the verdict before it is in force again
        }
    }

    @Test func latestVerdictWinsEvenIfAddedOutOfOrder() throws {
        try withStateDir { dir in
            let store = try FactStore.open(directory: dir)
            let later = try store.add(verdict("x", .correct, at: 50))
            _ = try store.add(verdict("x", .falsePositive, at: 10))  // e.g. imported old feedback
            #expect(try store.activeVerdicts(now: t0.addingTimeInterval(60))[Fingerprint(stored: "x")] == later)
        }
    }
}
