import Foundation
import Testing
import VigilCore
@testable import VigilDetect

/// Log formats that are not in LogHub, made here with known templates: the header/message split
/// and the variable rules must hold on them as they do on the twelve LogHub systems. Each format
/// mixes its templates at random (seeded) with random variables; the product's path (header skip,
/// masking, mining) must group the lines as their templates do.
enum UnseenFormats {
    struct Corpus {
        var name: String
        var lines: [String]
        var truth: [Int]
    }

    static func ip(_ r: inout SplitMix64) -> String { "10.\(Int.random(in: 0...255, using: &r)).\(Int.random(in: 0...255, using: &r)).\(Int.random(in: 1...254, using: &r))" }
    static func hex(_ r: inout SplitMix64, _ n: Int) -> String { String((0..<n).map { _ in "0123456789abcdef".randomElement(using: &r)! }) }
    static func word(_ r: inout SplitMix64) -> String { ["alpha", "beta", "gamma", "delta", "omega", "kappa", "sigma", "theta"].randomElement(using: &r)! }
    static func pod(_ r: inout SplitMix64) -> String { "\(word(&r))-\(hex(&r, 9))-\(hex(&r, 5))" }
    static func iso(_ i: Int) -> String {
        let t = Date(timeIntervalSince1970: 1_796_630_400 + Double(i) * 1.7)
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return f.string(from: t)
    }

    /// `count` lines of a format: each template a closure of the generator and the line number.
    static func make(_ name: String, count: Int = 600, _ templates: [(inout SplitMix64, Int) -> String]) -> Corpus {
        var r = SplitMix64(seed: 7, stream: name)
        var lines: [String] = [], truth: [Int] = []
        for i in 0..<count {
            let k = Int.random(in: 0..<templates.count, using: &r)
            lines.append(templates[k](&r, i))
            truth.append(k)
        }
        return Corpus(name: name, lines: lines, truth: truth)
    }

    static let all: [Corpus] = [
        make("JSON lines", [
            { r, i in #"{"ts":"\#(iso(i))","level":"info","msg":"request served","path":"/api/v1/namespaces/\#(word(&r))/pods/\#(pod(&r))","status":200,"duration_ms":\#(Int.random(in: 1...900, using: &r))}"# },
            { r, i in #"{"ts":"\#(iso(i))","level":"warn","msg":"slow query","table":"\#(word(&r))_events","rows":\#(Int.random(in: 1...99999, using: &r)),"duration_ms":\#(Int.random(in: 1000...9000, using: &r))}"# },
            { r, i in #"{"ts":"\#(iso(i))","level":"error","msg":"upstream connect failed","upstream":"\#(ip(&r)):\#(Int.random(in: 1024...65535, using: &r))","attempt":\#(Int.random(in: 1...5, using: &r))}"# },
            { r, i in #"{"ts":"\#(iso(i))","level":"info","msg":"cache evicted","keys":\#(Int.random(in: 1...5000, using: &r))}"# },
        ]),
        make("logfmt", [
            { r, i in "time=\(iso(i)) level=info msg=\"connection opened\" remote=\(ip(&r)):\(Int.random(in: 1024...65535, using: &r)) conn_id=\(Int.random(in: 1...999999, using: &r))" },
            { r, i in "time=\(iso(i)) level=info msg=\"connection closed\" conn_id=\(Int.random(in: 1...999999, using: &r)) bytes=\(Int.random(in: 0...9999999, using: &r))" },
            { r, i in "time=\(iso(i)) level=error msg=\"checkpoint failed\" err=\"disk quota exceeded\" volume=vol-\(hex(&r, 8))" },
            { r, i in "time=\(iso(i)) level=debug msg=\"gc done\" freed_mb=\(Int.random(in: 1...4000, using: &r)) pause_ms=\(Double(Int.random(in: 1...9999, using: &r)) / 100)" },
        ]),
        make("klog", [
            { r, i in "I1207 10:\(String(format: "%02d:%02d.%06d", (i / 60) % 60, i % 60, Int.random(in: 0...999999, using: &r)))    \(Int.random(in: 1...65535, using: &r)) controller.go:\(Int.random(in: 100...999, using: &r))] \"Syncing\" pod=\"\(word(&r))/\(pod(&r))\"" },
            { r, i in "E1207 10:\(String(format: "%02d:%02d.%06d", (i / 60) % 60, i % 60, Int.random(in: 0...999999, using: &r)))    \(Int.random(in: 1...65535, using: &r)) reflector.go:\(Int.random(in: 100...999, using: &r))] \"Failed to watch\" err=\"the server has asked for the client to provide credentials\" resource=\"\(word(&r))s\"" },
            { r, i in "W1207 10:\(String(format: "%02d:%02d.%06d", (i / 60) % 60, i % 60, Int.random(in: 0...999999, using: &r)))    \(Int.random(in: 1...65535, using: &r)) lease.go:\(Int.random(in: 100...999, using: &r))] failed to renew lease \(word(&r))/\(word(&r))-leader: timed out waiting for the condition" },
        ]),
        make("nginx access", [
            { r, i in "\(ip(&r)) - - [07/Dec/2026:10:\(String(format: "%02d:%02d", (i / 60) % 60, i % 60)) +0000] \"GET /healthz HTTP/1.1\" 200 2 \"-\" \"kube-probe/1.29\"" },
            { r, i in "\(ip(&r)) - - [07/Dec/2026:10:\(String(format: "%02d:%02d", (i / 60) % 60, i % 60)) +0000] \"GET /static/\(hex(&r, 12)).js HTTP/1.1\" 200 \(Int.random(in: 1000...99999, using: &r)) \"https://shop.example.com/\" \"Mozilla/5.0\"" },
            { r, i in "\(ip(&r)) - \(word(&r)) [07/Dec/2026:10:\(String(format: "%02d:%02d", (i / 60) % 60, i % 60)) +0000] \"POST /api/login HTTP/1.1\" 401 \(Int.random(in: 20...90, using: &r)) \"-\" \"python-requests/2.31\"" },
        ]),
        make("journal (short-iso)", [
            { r, i in "\(iso(i)) node-\(Int.random(in: 1...9, using: &r)) sshd[\(Int.random(in: 100...99999, using: &r))]: Accepted publickey for \(word(&r)) from \(ip(&r)) port \(Int.random(in: 1024...65535, using: &r)) ssh2" },
            { r, i in "\(iso(i)) node-\(Int.random(in: 1...9, using: &r)) kernel: EXT4-fs (sda\(Int.random(in: 1...4, using: &r))): mounted filesystem with ordered data mode" },
            { r, i in "\(iso(i)) node-\(Int.random(in: 1...9, using: &r)) systemd[1]: Started Session \(Int.random(in: 1...9999, using: &r)) of User \(word(&r))." },
            { r, i in "\(iso(i)) node-\(Int.random(in: 1...9, using: &r)) kubelet[\(Int.random(in: 100...99999, using: &r))]: Liveness probe failed for pod \(pod(&r))" },
        ]),
        make("Java stack traces", [
            { r, _ in "java.lang.IllegalStateException: connection pool exhausted after \(Int.random(in: 1...120, using: &r)) s" },
            { r, _ in "\tat com.example.\(word(&r)).\(word(&r).capitalized)Service.handle(\(word(&r).capitalized)Service.java:\(Int.random(in: 10...999, using: &r)))" },
            { r, _ in "Caused by: java.net.SocketTimeoutException: Read timed out after \(Int.random(in: 100...30000, using: &r)) ms" },
            { r, _ in "\t... \(Int.random(in: 2...80, using: &r)) more" },
        ]),
    ]

    /// Group accuracy of the product's path (header skip, masking, mining) on a corpus.
    static func groupAccuracy(_ c: Corpus) -> Double {
        var miner = TemplateMiner()
        let ids = c.lines.map { line in miner.add(LogMasker.message(line[...])).templateID }
        if ProcessInfo.processInfo.environment["VIGIL_DEBUG_FORMATS"] != nil {
            var seen = Set<Int>()
            for (i, id) in ids.enumerated() where !seen.contains(id) {
                seen.insert(id)
                print("  [\(c.name)] truth \(c.truth[i]) -> \(id): \(miner.template(id).prefix(160))  | message: \(LogMasker.message(c.lines[i][...]).prefix(100))")
            }
        }
        return ParseMetrics.score(parsed: ids, truth: c.truth).groupAccuracy
    }
}

@Suite(.timeLimit(.minutes(5))) struct UnseenFormatsTests {
    /// The group accuracy each format must keep. Structured lines (JSON, logfmt, klog's `"msg" k=v`),
    /// access logs (mined from the request on) and stack traces are grouped exactly. The journal stands
    /// at what the miner does today, a known weakness written down here so that it cannot get worse
    /// unseen: a *word* that varies (a user name in `Accepted publickey for alice`) splits a template,
    /// because telling a varying word from a constant one needs evidence the one-line rules do not
    /// have; joining lines one word apart, with or without evidence from several values, was measured
    /// and lowered LogHub held out (docs/detector-experiments.md, "Unseen formats" and "Pattern views
    /// and word joins").
    static let floor: [String: Double] = [
        "JSON lines": 0.99, "logfmt": 0.99, "klog": 0.99,
        "Java stack traces": 0.99, "nginx access": 0.99, "journal (short-iso)": 0.51,
    ]

    @Test(arguments: UnseenFormats.all.map(\.name))
    func linesOfOneTemplateShareOne(_ name: String) throws {
        let corpus = try #require(UnseenFormats.all.first { $0.name == name })
        let floor = try #require(Self.floor[name])
        let ga = UnseenFormats.groupAccuracy(corpus)
        print("unseen format \(name): group accuracy \(String(format: "%.3f", ga)) over \(corpus.lines.count) lines")
        #expect(ga >= floor, "\(name): \(ga)")
    }

    @Test func aJSONLineIsItsMessageAndItsKeys() {
        func s(_ line: String) -> String { String(LogMasker.structured(Substring(line))) }
        #expect(s(#"{"level":"info","msg":"request served","path":"/api/v1/x","status":200}"#)
                == "request served level=info path=<*> status=<*>")
        // Nested values, escapes and a prefix of words (a CRI stream and tag) are read; a message
        // key inside a nested object is not the line's message.
        #expect(s(#"stdout F {"ts":1.5,"message":"disk \"sda\" full\n","ctx":{"msg":"x","n":[1,2]},"severity":"ERROR"}"#)
                == #"stdout F disk "sda" full  ts=<*> ctx=<*> severity=ERROR"#)
        // Without a message key, malformed, or not an object: unchanged.
        for line in [#"{"level":"info","path":"/x"}"#, #"{"msg":"cut"#, #"{"msg":"a"} trailing"#, "[1,2]", "plain words"] {
            #expect(s(line) == line)
        }
    }

    @Test func anAccessLogLineIsMinedFromItsRequest() {
        func m(_ line: String) -> String { String(LogMasker.message(Substring(line))) }
        #expect(m(#"10.0.0.7 - alice [07/Dec/2026:10:00:01 +0000] "POST /api/login HTTP/1.1" 401 52 "-" "curl/8.5""#)
                == #""POST /api/login HTTP/1.1" 401 52 "-" "curl/8.5""#)
        #expect(m(#"::1 - - [07/Dec/2026:10:00:01 +0000] "GET / HTTP/1.0" 304 -"#) == #""GET / HTTP/1.0" 304 -"#)
        // The same shape without a status and a size after the request, a time in brackets in
        // another place, or a cut line: not an access log (the usual header rules apply).
        for line in [#"a b c [x] "GET /" ok"#, #"a b [x] "GET /" 200 1"#, #"a b c [07/Dec/2026:10:00:01 +0000] "GET /"#,
                     #"a b c [x]"GET /" 200 1"#, #"a b c [x] "GET /" 2000 1"#, "a b c [x"] {
            #expect(LogMasker.accessLogRequest(Substring(line)) == nil, "\(line)")
        }
    }

    @Test func aStackFrameIsOneEvent() {
        func s(_ line: String) -> String { String(LogMasker.structured(Substring(line))) }
        #expect(s("\tat com.example.pool.Pool.take(Pool.java:212)") == "at <*>")
        #expect(s("    at java.base/jdk.internal.misc.Unsafe.park(Native Method)") == "at <*>")
        // Not a frame: prose, or a call without a qualified name.
        for line in ["at least 3 retries (of 5)", "at foo(bar)", "look at x.y.z (later)"] { #expect(s(line) == line) }
    }

    @Test func aLogfmtRunWithAMessageKeyIsItsMessageAndItsKeys() {
        func s(_ line: String) -> String { String(LogMasker.structured(Substring(line))) }
        #expect(s(#"time=2026-12-07T08:00:00Z level=warn msg="slow query" table=alpha_events rows=3"#)
                == "slow query time=<*> level=warn table=<*> rows=<*>")
        #expect(s(#"app[12]: msg="gc done" freed=4"#) == "app[12]: gc done freed=<*>")
        // No message key, or one pair only: the masker's own rules apply.
        for line in ["uid=0 euid=0 tty=NODEVssh user=root", "msg=hello", "session opened for user=root by x"] {
            #expect(s(line) == line)
        }
    }
}
