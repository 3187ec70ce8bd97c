import Foundation
import Testing
import VigilCore
@testable import VigilSources

@Suite(.timeLimit(.minutes(5))) struct ReplayLoadingTests {
    private func scratch() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-replay-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    @Test func missingMetricsIsAClearError() throws {
        let dir = try scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("metrics.om").path
        #expect(throws: ReplayError.missingMetrics(path: path)) { try ReplayRecording.load(from: dir) }
        #expect(ReplayError.missingMetrics(path: path).description.contains(path))
    }

    @Test func badMetricsNameTheFileAndLine() throws {
        let dir = try scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        try "up 1 100\nup{ 1 130\n# EOF\n".write(to: dir.appendingPathComponent("metrics.om"), atomically: true, encoding: .utf8)
        let error = #expect(throws: ReplayError.self) { try ReplayRecording.load(from: dir) }
        #expect(error?.description.hasSuffix("metrics.om: line 2: expected a label name, found '1'") == true)
    }

    /// Tests/Fixtures/issue21, found from this file's path.
    static let issue21 = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/issue21")

    /// Issue 21, silent loss 8: a recording without `# EOF` (cut short: its last timestamp showed
    /// as "data 20785d old") is an error naming the file, not a replay of a damaged file.
    @Test func aRecordingCutShortIsAnError() {
        let error = #expect(throws: ReplayError.self) { try ReplayRecording.load(from: Self.issue21.appendingPathComponent("truncated")) }
        #expect(error?.description.contains("metrics.om: line 3: the file ends without '# EOF'") == true, "\(String(describing: error))")
    }

    /// Issue 21, silent loss 6: an alert whose startsAt cannot be read was dropped without a word.
    @Test func anAlertWithoutAStartIsAnError() {
        let error = #expect(throws: ReplayError.self) { try ReplayRecording.load(from: Self.issue21.appendingPathComponent("bad-starts-at")) }
        #expect(error?.description.contains("alert 1 (KubeNodeNotReady): startsAt 'yesterday at noon' is not an RFC 3339 time") == true,
                "\(String(describing: error))")
    }

    /// Issue 21, unclear errors: a FIFO or a folder where a recording's file should be is said in
    /// plain words (a FIFO once blocked, or said "You don't have permission").
    @Test func aFIFOOrAFolderForAFileIsSaidPlainly() throws {
        let dir = try scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let metrics = dir.appendingPathComponent("metrics.om").path
        #expect(mkfifo(metrics, 0o600) == 0)
        let fifo = #expect(throws: ReplayError.self) { try ReplayRecording.load(from: dir) }
        #expect(fifo?.description == "cannot read \(metrics): not a regular file")
        try FileManager.default.removeItem(atPath: metrics)
        try FileManager.default.createDirectory(atPath: metrics, withIntermediateDirectories: false)
        let folder = #expect(throws: ReplayError.self) { try ReplayRecording.load(from: dir) }
        #expect(folder?.description == "cannot read \(metrics): it is a directory")
    }

    @Test func logsAndAlertsAreOptional() throws {
        let dir = try scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        try "up 1 100\nup 0 130\n# EOF\n".write(to: dir.appendingPathComponent("metrics.om"), atomically: true, encoding: .utf8)
        let recording = try ReplayRecording.load(from: dir)
        #expect(recording.batches.count == 2 && recording.logs.isEmpty && recording.alertEpisodes.isEmpty)
        #expect(recording.start == Date(timeIntervalSince1970: 100) && recording.end == Date(timeIntervalSince1970: 130))
        #expect(recording.step == 30)
    }

    @Test func linesWithoutATimestampInheritThePreviousOne() {
        let start = Date(timeIntervalSince1970: 50)
        let logs = ReplayRecording.parseLog("""
            orphan before any time
            2026-11-28T08:14:03.120Z kube-apiserver E1128 08:14:03.120345 18 status.go:71] boom
            goroutine 1 [running]:
            2026-11-28T10:14:03+02:00 etcd {"level":"warn"}
            """, source: "cluster.log", startingAt: start)
        let t = Date(timeIntervalSince1970: 1_795_853_643.12)
        #expect(logs.map(\.timestamp) == [start, t, t, Date(timeIntervalSince1970: 1_795_853_643)])
        #expect(logs.map(\.source) == ["cluster.log", "kube-apiserver", "kube-apiserver", "etcd"])
        #expect(logs[1].line == "E1128 08:14:03.120345 18 status.go:71] boom")
        #expect(logs[2].line == "goroutine 1 [running]:")
    }

    @Test func alertsFileBecomesEpisodes() throws {
        let json = """
        [{"labels": {"alertname": "A", "severity": "warning"}, "annotations": {"summary": "s"},
          "startsAt": "2026-11-28T08:00:00.000Z", "endsAt": "2026-11-28T08:30:00Z",
          "status": {"state": "suppressed", "silencedBy": ["x"], "inhibitedBy": []}, "fingerprint": "f"},
         {"labels": {"alertname": "B"}, "startsAt": "2026-11-28T07:00:00Z", "endsAt": "0001-01-01T00:00:00Z"}]
        """
        let alerts = try JSONDecoder().decode([AlertmanagerAlert].self, from: Data(json.utf8)).map(\.alert)
        let recording = ReplayRecording(batches: [], alertEpisodes: alerts)
        #expect(recording.alertEpisodes.map(\.name) == ["B", "A"])
        #expect(recording.alertEpisodes[1].silenced && recording.alertEpisodes[1].annotations["summary"] == "s")
        let at = { (s: String) in RFC3339.parse("2026-11-28T\(s)Z") ?? .distantPast }
        #expect(recording.alerts(at: at("08:29:59")).map(\.name) == ["B", "A"])
        #expect(recording.alerts(at: at("08:30:00")).map(\.name) == ["B"])
        #expect(recording.alerts(at: at("06:59:59")).isEmpty)
    }

    @Test func fingerprintIsPrometheusLabelSetHash() {
        // Expected values computed separately with FNV-1a 64 over "name\xffvalue\xff" pairs sorted
        // by name, as prometheus/common's labelSetToFingerprint does.
        let labels = ["alertname": "Watchdog", "namespace": "openshift-monitoring", "severity": "none"]
        #expect(AlertmanagerAlert.fingerprint(of: labels) == "9bfb77afc103f202")
        #expect(AlertmanagerAlert.fingerprint(of: [:]) == "cbf29ce484222325")
    }

    @Test func rfc3339RoundTrips() {
        let ms: Int64 = 1_795_853_643_120
        #expect(RFC3339.format(ms: ms) == "2026-11-28T08:14:03.120Z")
        #expect(RFC3339.parse("2026-11-28T08:14:03.120Z") == Date(timeIntervalSince1970: 1_795_853_643.12))
        #expect(RFC3339.parse("2026-11-28 08:14:03Z") == Date(timeIntervalSince1970: 1_795_853_643))
        #expect(RFC3339.parse("2026-11-28T08:14Z") == nil)
        #expect(RFC3339.format(ms: -1) == "1969-12-31T23:59:59.999Z")
    }
}
