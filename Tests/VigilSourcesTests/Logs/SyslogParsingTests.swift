import Foundation
import Testing
import VigilCore
@testable import VigilLogSources
@testable import VigilSources

/// RFC 5424 and RFC 3164 messages (the RFCs' own examples and what common senders write), the
/// TCP framing of RFC 6587, and the intake's rate limit and bounded queue.
@Suite(.timeLimit(.minutes(2))) struct SyslogParsingTests {
    let utc = TimeZone(identifier: "UTC")!
    let arrival = Date(timeIntervalSince1970: 1_796_673_600)  // 2026-12-07T20:00:00Z

    func parse(_ text: String, arrival: Date? = nil) -> SyslogMessage {
        SyslogMessage.parse(Array(text.utf8), arrival: arrival ?? self.arrival, timeZone: utc)
    }

    @Test func rfc5424WithStructuredDataAndBOM() throws {
        let frame = Array("<165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog - ID47 ".utf8)
            + Array(#"[exampleSDID@32473 iut="3" eventSource="Application" eventID="1011"][examplePriority@32473 class="high"] "#.utf8)
            + [0xEF, 0xBB, 0xBF] + Array("An application event log entry...".utf8)
        let m = SyslogMessage.parse(frame, arrival: arrival, timeZone: utc)
        #expect(m.format == .rfc5424)
        #expect(m.facility == 20 && m.severity == 5)  // local4.notice
        #expect(m.timestamp == RFC3339.parse("2003-10-11T22:14:15.003Z"))
        #expect(m.hostname == "mymachine.example.com")
        #expect(m.appName == "evntslog")
        #expect(m.procID == nil)
        #expect(m.msgID == "ID47")
        #expect(m.structuredData.count == 2)
        #expect(m.structuredData[0].id == "exampleSDID@32473")
        #expect(m.structuredData[0].params.map(\.name) == ["iut", "eventSource", "eventID"])
        #expect(m.structuredData[0].params.map(\.value) == ["3", "Application", "1011"])
        #expect(m.structuredData[1].params.first?.value == "high")
        #expect(m.message == "An application event log entry...")

        let r = m.record(arrival: arrival, transport: "tcp")
        #expect(r.source == "syslog:mymachine.example.com/evntslog")
        #expect(r.line == "An application event log entry...")
        #expect(r.timestamp == m.timestamp)
        #expect(r.labels["app"] == "evntslog")
        #expect(r.labels["host"] == "mymachine.example.com")
        #expect(r.labels["msgid"] == "ID47")
        #expect(r.labels["facility"] == "local4")
        #expect(r.labels["severity"] == "notice")
        #expect(r.labels["transport"] == "tcp")
        #expect(r.labels["sd_exampleSDID_32473_eventID"] == "1011")
        #expect(r.labels["procid"] == nil)
    }

    @Test func rfc5424NilValuesAndEscapes() {
        let bare = parse("<34>1 - - - - - -")
        #expect(bare.format == .rfc5424)
        #expect(bare.timestamp == nil && bare.hostname == nil && bare.appName == nil && bare.message.isEmpty)
        #expect(bare.record(arrival: arrival, transport: "udp").timestamp == arrival)
        #expect(bare.record(arrival: arrival, transport: "udp").source == "syslog:-")

        let escaped = parse(#"<14>1 2026-12-07T19:59:58+01:00 node-1 kubelet 4242 - [meta x="a \"q\" \] \\ \n"] pod started"#)
        #expect(escaped.format == .rfc5424)
        #expect(escaped.procID == "4242")
        #expect(escaped.timestamp == RFC3339.parse("2026-12-07T18:59:58Z"))
        #expect(escaped.structuredData.first?.params.first?.value == #"a "q" ] \ \n"#)
        #expect(escaped.message == "pod started")
    }

    @Test func rfc3164AsTheRFCAndLoggerWriteIt() {
        // RFC 3164's example: a host and a tag.
        let su = parse("<34>Oct 11 22:14:15 mymachine su: 'su root' failed for lonvick on /dev/pts/8")
        #expect(su.format == .rfc3164)
        #expect(su.facility == 4 && su.severity == 2)  // auth.crit
        #expect(su.hostname == "mymachine" && su.appName == "su" && su.procID == nil)
        #expect(su.message == "'su root' failed for lonvick on /dev/pts/8")
        #expect(su.timestamp == RFC3339.parse("2026-10-11T22:14:15Z"))

        // A local logger: no host, a pid, a space-padded day.
        let local = parse("<13>Dec  7 19:59:00 myapp[123]: hello: world")
        #expect(local.hostname == nil && local.appName == "myapp" && local.procID == "123")
        #expect(local.message == "hello: world")
        #expect(local.timestamp == RFC3339.parse("2026-12-07T19:59:00Z"))

        // rsyslog's forward format: an RFC 3339 timestamp in a BSD header.
        let fwd = parse("<30>2026-12-07T20:00:00.5+00:00 node1 kubelet[99]: E1207 20:00:00.5 1 pod.go:1] failed")
        #expect(fwd.format == .rfc3164)
        #expect(fwd.hostname == "node1" && fwd.appName == "kubelet" && fwd.procID == "99")
        #expect(fwd.timestamp == RFC3339.parse("2026-12-07T20:00:00.5Z"))
        #expect(fwd.message == "E1207 20:00:00.5 1 pod.go:1] failed")

        // Text that is not a tag stays in the message.
        let plain = parse("<13>Dec  7 19:59:00 just some words")
        #expect(plain.appName == nil && plain.hostname == nil && plain.message == "just some words")
    }

    @Test func bsdTimestampsTakeTheYearBeforeArrival() {
        let newYear = Date(timeIntervalSince1970: 1_798_761_610)  // 2027-01-01T00:00:10Z
        let m = parse("<13>Dec 31 23:59:50 host app: last of the year", arrival: newYear)
        #expect(m.timestamp == RFC3339.parse("2026-12-31T23:59:50Z"))
    }

    @Test func framesWithoutAHeaderLoseNothing() {
        let raw = parse("no priority at all")
        #expect(raw.format == .raw && raw.message == "no priority at all" && raw.facility == 1 && raw.severity == 5)
        let bad = parse("<999>Oct 11 22:14:15 host app: x")
        #expect(bad.format == .raw && bad.message == "<999>Oct 11 22:14:15 host app: x")
        let cut = parse("<14>1 2026-12-07T20:00:00Z host app - - [unterminated x=\"1\"")
        #expect(cut.message.contains("unterminated"))  // read as BSD: kept whole
        let binary = SyslogMessage.parse([60, 49, 52, 62, 0xFF, 0xFE, 65, 10, 13, 0], arrival: arrival, timeZone: utc)
        #expect(binary.message == "\u{FFFD}\u{FFFD}A")
        // Every prefix of a valid message parses without trapping.
        let full = Array(#"<165>1 2003-10-11T22:14:15.003Z host app 1 ID [a@1 b="c\"d"] msg"#.utf8)
        for n in 0...full.count { _ = SyslogMessage.parse(full[0..<n], arrival: arrival, timeZone: utc) }
    }

    // MARK: framing

    @Test func octetCountingAndLineFeedsInAnyChunking() {
        let frames = ["<13>1 - h a - - - first", "<13>Dec  7 19:59:00 h a: second", "<13>1 - h a - - - with\nnewline inside",
                      "<13>third with CR"]
        var stream: [UInt8] = []
        stream += Array("\(frames[0].utf8.count) \(frames[0])".utf8)
        stream += Array("\(frames[1])\n".utf8)
        stream += Array("\(frames[2].utf8.count) \(frames[2])".utf8)
        stream += Array("\(frames[3])\r\n".utf8)
        var whole = SyslogFramer()
        let once = whole.feed(stream).map { String(decoding: $0, as: UTF8.self) }
        #expect(once == [frames[0], frames[1], frames[2], frames[3] + "\r"])
        var rng = SplitMix64(seed: 7)
        for _ in 0..<200 {
            var framer = SyslogFramer()
            var out: [String] = []
            var i = 0
            while i < stream.count {
                let n = 1 + rng.nextInt(12)
                out += framer.feed(stream[i..<min(stream.count, i + n)]).map { String(decoding: $0, as: UTF8.self) }
                i += n
            }
            #expect(out == once)
            #expect(framer.finish() == nil)
        }
    }

    @Test func overLongMessagesAreCutAndTheNextIsIntact() {
        var framer = SyslogFramer(maxLength: 8)
        let counted = framer.feed(Array("20 <13>abcdefghijklmnop5 <13>x".utf8))
        #expect(counted.map { String(decoding: $0, as: UTF8.self) } == ["<13>abcd", "<13>x"])
        let line = framer.feed(Array("<13>0123456789\n<13>ok\n".utf8))
        #expect(line.map { String(decoding: $0, as: UTF8.self) } == ["<13>0123", "<13>ok"])
        #expect(framer.truncated == 2)
        // A 1 MB line in 64 KiB reads: one cut message, bounded memory, then the next line.
        var big = SyslogFramer(maxLength: 256 * 1024)
        var got: [[UInt8]] = []
        let chunk = [UInt8](repeating: 65, count: 64 * 1024)
        for _ in 0..<16 { got += big.feed(chunk) }
        got += big.feed(Array("\n<13>next\n".utf8))
        #expect(got.map(\.count) == [256 * 1024, 8])
    }

    @Test func theLastMessageWithoutItsTerminatorIsKept() {
        var framer = SyslogFramer()
        #expect(framer.feed(Array("<13>one\n<13>two".utf8)).count == 1)
        #expect(framer.finish().map { String(decoding: $0, as: UTF8.self) } == "<13>two")
        var counted = SyslogFramer()
        #expect(counted.feed(Array("30 <13>cut short".utf8)).isEmpty)
        #expect(counted.finish().map { String(decoding: $0, as: UTF8.self) } == "<13>cut short")
    }

    // MARK: intake

    @Test func perSenderRateLimitAndBoundedQueueCountWhatTheyDrop() {
        var settings = SyslogIntake.Settings()
        settings.ratePerSender = 1
        settings.burst = 10
        settings.queueCapacity = 15
        let intake = SyslogIntake(settings: settings)
        let t0 = arrival
        let record = LogRecord(timestamp: t0, source: "s", line: "x")
        let a = (0..<20).filter { _ in intake.offer(record, sender: "10.0.0.1", transport: "udp", now: t0) }.count
        let b = (0..<3).filter { _ in intake.offer(record, sender: "10.0.0.2", transport: "tcp", now: t0) }.count
        #expect(a == 10 && b == 3)
        #expect(intake.counts.dropped == ["rate_limited": 10])
        // Five seconds later the first sender has five lines again, but the queue holds only two more.
        let later = (0..<5).filter { _ in intake.offer(record, sender: "10.0.0.1", transport: "udp", now: t0 + 5) }.count
        #expect(later == 2)
        #expect(intake.counts.dropped == ["rate_limited": 10, "queue_full": 3])
        #expect(intake.counts.received == ["udp": 25, "tcp": 3])
        #expect(intake.take().count == 15)
        #expect(intake.take().isEmpty)
    }
}
