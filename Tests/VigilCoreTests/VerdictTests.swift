import Foundation
import Testing
import VigilCore

@Suite(.timeLimit(.minutes(5))) struct FingerprintTests {
    @Test(arguments: [
        ("log|disk full on <*>", Fingerprint.log(template: "disk full on <*>")),
        ("log|", Fingerprint.log(template: "")),
        ("metric|up{job=\"a|b\"}|shift|up|m3", Fingerprint.metric(series: "up{job=\"a|b\"}", shape: "shift|up|m3")),
        ("message:disk full on /var/lib/etcd", Fingerprint.message("disk full on /var/lib/etcd")),
        ("metric|too|short", Fingerprint.other("metric|too|short")),
        ("predict:42", Fingerprint.other("predict:42")),
        ("", Fingerprint.other("")),
        ("cluster:east|metric|up{job=\"a\"}|shift|up|m3", Fingerprint.clustered(cluster: "east", inner: "metric|up{job=\"a\"}|shift|up|m3")),
        ("cluster:a%7Cb%25c|log|x <*>", Fingerprint.clustered(cluster: "a|b%c", inner: "log|x <*>")),
        ("cluster:a%b|log|x", Fingerprint.other("cluster:a%b|log|x")),
        ("cluster:no-bar", Fingerprint.other("cluster:no-bar")),
        ("fleet|c-1|condition:dns/Degraded:flips", Fingerprint.fleet(cluster: "c-1", feature: "condition:dns/Degraded:flips")),
        ("fleet|a%7Cb|events:*:distinct", Fingerprint.fleet(cluster: "a|b", feature: "events:*:distinct")),
        ("fleet|no-bar", Fingerprint.other("fleet|no-bar")),
    ])
    func storedTextReadsAsItsForm(text: String, expected: Fingerprint) {
        #expect(Fingerprint(stored: text) == expected)
        #expect(expected.stored == text)
    }

    /// Whatever a store or an imported file holds reads back to the same text.
    @Test func everyStoredTextRoundTrips() {
        var rng = SplitMix64(seed: 7)
        let pieces = ["log|", "metric|", "message:", "cluster:", "fleet|", "%", "%7C", "%25", "|", "a", "{x=\"|\"}", "shift", "m3", "é", ""]
        for _ in 0..<2_000 {
            let text = (0..<Int(rng.next() % 6)).map { _ in pieces[Int(rng.next() % UInt64(pieces.count))] }.joined()
            #expect(Fingerprint(stored: text).stored == text)
        }
    }

    @Test func theFormSaysTheKind() {
        #expect(Fingerprint.log(template: "x").kind == .log)
        #expect(Fingerprint.message("x").kind == .log)
        #expect(Fingerprint.metric(series: "up", shape: "shift|up|m1").kind == .metric)
        #expect(Fingerprint.other("x").kind == nil)
        #expect(Fingerprint.clustered(cluster: "east", inner: "log|x").kind == .log)
        #expect(Fingerprint.fleet(cluster: "east", feature: "events:*:distinct").kind == .fleet)
        #expect(Fingerprint.clustered(cluster: "east", inner: "metric|up|shift|up|m1").kind == .metric)
    }
}

@Suite(.timeLimit(.minutes(5))) struct VerdictInForceTests {
    @Test func aSnoozeHoldsUntilItsEndAndARetractionNever() {
        let t = Date(timeIntervalSince1970: 1_000)
        func v(_ value: VerdictValue, until: Date? = nil) -> Verdict {
            Verdict(fingerprint: .log(template: "x"), kind: .log, subject: "x", value: value, at: t, until: until)
        }
        #expect(v(.correct).inForce(at: t) && v(.falsePositive).inForce(at: t))
        #expect(v(.snoozed, until: t + 60).inForce(at: t + 59))
        #expect(!v(.snoozed, until: t + 60).inForce(at: t + 60))
        #expect(!v(.snoozed).inForce(at: t))
        #expect(!v(.retracted).inForce(at: t))
    }
}

@Suite(.timeLimit(.minutes(5))) struct RedactionTests {
    @Test(arguments: [
        ("https://me:pw@prom.example:9090/api", "https://me:<redacted>@prom.example:9090/api"),
        ("https://prom.example/api/v1/query?query=up&access_token=abc", "https://prom.example/api/v1/query?query=up&access_token=<redacted>"),
        ("http://am.example/?X-Api-Key=k1&sig=zz&page=2", "http://am.example/?X-Api-Key=<redacted>&sig=<redacted>&page=2"),
        ("https://prom.example/api/v1/query?query=up", "https://prom.example/api/v1/query?query=up"),
        ("not a url", "not a url"),
    ])
    func secretsInAURLAreMasked(text: String, expected: String) {
        #expect(Redaction.url(text) == expected)
    }

    @Test func urlsInsideTextAreMaskedAndTheRestKept() {
        let line = "GET https://p.example/q?token=t0k3n failed; retrying http://u:pw@a.example in 2 s"
        #expect(Redaction.urls(in: line) == "GET https://p.example/q?token=<redacted> failed; retrying http://u:<redacted>@a.example in 2 s")
    }
}
