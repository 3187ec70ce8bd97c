import Testing
@testable import VigilDetect

@Suite(.timeLimit(.minutes(5))) struct LogMaskerTests {
    private func mask(_ line: String) -> [String] { LogMasker.masked(Substring(line)) }

    @Test func numbersInsideWordsAreMaskedKeepingTheWord() {
        #expect(mask("blk_-1608999687919862906 core.1234 node-246 uid=0 ruser=")
                == ["blk_<*>", "core.<*>", "node-<*>", "uid=<*>", "ruser="])
        // Short letter+digit ids are masked, longer names with one digit are kept.
        #expect(mask("dn228 R02-M1-N0 CPU0 ipv4 SOCKS5 Level3") == ["<*>", "<*>", "<*>", "<*>", "SOCKS5", "Level3"])
    }

    @Test func addressesAndPorts() {
        #expect(mask("src: /10.250.19.102:54106 to 10.1.2.3,10.1.2.4") == ["src:", "/<*>:<*>", "to", "<*>"])
        #expect(mask("proxy.cse.cuhk.edu.hk:5070 open") == ["<*>:<*>", "open"])
        #expect(mask("[fe80::204:61ff:fe9d:f156]:8080 2001:db8::1 fe80::1") == ["<*>", "<*>", "<*>"])
        #expect(mask("from 24-54-76-216.bflony.adelphia.net ok") == ["from", "<*>", "ok"])
    }

    @Test func hexUUIDsAndLongHex() {
        #expect(mask("flags=0x1 mask=ffffffff id b9000564-fe1a-409b-b8cc-1e88b294cd1d")
                == ["flags=<*>", "mask=<*>", "id", "<*>"])
        // Ordinary words made of hex letters stay words.
        #expect(mask("added a bad face") == ["added", "a", "bad", "face"])
    }

    @Test func pathsButNotProtocolVersions() {
        #expect(mask("file /var/lib/app/data.db opened, [file=/etc/xinetd.d/ktalk]")
                == ["file", "<*>", "opened,", "[file=<*>]"])
        #expect(mask("GET HTTP/1.1 and/or /tmp") == ["GET", "HTTP/<*>", "and/or", "/tmp"])
    }

    @Test func durationsAndQuantitiesWithUnits() {
        #expect(mask("took 12ms then 3.5s then 19.84 seconds") == ["took", "<*>", "then", "<*>", "then", "<*>"])
        #expect(mask("0 bytes sent, 1190 bytes (1.16 KB) sent, lifetime <1 sec")
                == ["<*>", "sent,", "<*>", "sent,", "lifetime", "<*>"])
    }

    @Test func quotedValuesAfterEqualsAreOneVariable() {
        #expect(mask(#"tag="View Lock" name="x" said "hello world""#) == ["tag=<*>", "name=<*>", "said", #""hello"#, #"world""#])
        // An unterminated quote does not swallow the rest of the line.
        #expect(mask(#"tag="open end"#) == ["tag=<*>", "end"])
    }

    @Test func timestampsInsideMessages() {
        // A clock time is all hex digits and colons, like an IPv6 address: one variable either way.
        #expect(mask("at Fri Jun 17 07:07:00 2005") == ["at", "<*>", "<*>", "<*>", "<*>", "<*>"])
        #expect(mask("lifetime 00:01") == ["lifetime", "<*>:<*>"])
        #expect(mask("Mixed CASE Words stay") == ["Mixed", "CASE", "Words", "stay"])
    }

    @Test func tokensSplitOnSpacesAndTabs() {
        #expect(LogMasker.tokens("a  b\tc 12 ms") == ["a", "b", "c", "12 ms"])
        #expect(mask("") == [])
        #expect(mask("   ") == [])
        #expect(LogMasker.maskedLine("user 42 logged in") == "user <*> logged in")
    }

    @Test func nonASCIIBytesAreLetters() {
        #expect(mask("café 12 naïve") == ["café", "<*>", "naïve"])
    }

    @Test func theMessageStartsAfterTheLeadingHeaderFields() {
        func message(_ line: String) -> String { String(LogMasker.message(Substring(line))) }
        // Times, epoch seconds, node and process ids lead; the first constant word starts the message.
        #expect(message("1117838570 2005.06.03 R02-M1-NA-C:J12-U11 2005-06-03-15.42.50.675872 R02-M1-NA-C:J12-U11 RAS KERNEL INFO generating core.2275")
                == "RAS KERNEL INFO generating core.2275")
        #expect(message("081109 203615 148 INFO dfs.DataNode$PacketResponder: PacketResponder 1 for block blk_38865049064139660 terminating")
                == "INFO dfs.DataNode$PacketResponder: PacketResponder 1 for block blk_38865049064139660 terminating")
        #expect(message("2026-11-28T04:00:02.384Z kube-apiserver I1128 04:00:02.384942 18 controller.go:132] ok")
                == "kube-apiserver I1128 04:00:02.384942 18 controller.go:132] ok")
        #expect(message("Jun 14 15:16:01 combo sshd(pam_unix)[19939]: check pass; user unknown")
                == "combo sshd(pam_unix)[19939]: check pass; user unknown")
        #expect(message("I1128 07:37:00.982431    2412 prober.go:107] \"Probe failed\" probeType=\"Readiness\"")
                == "\"Probe failed\" probeType=\"Readiness\"")
        // A token with words beside its variables starts the message: a JSON line is whole, and
        // is read as its message text and keys.
        let json = #"{"level":"warn","ts":"2026-11-28T07:58:01.911193Z","caller":"etcdserver/v3_server.go:840","msg":"waiting for ReadIndex response took too long"}"#
        #expect(message(json) == "waiting for ReadIndex response took too long level=warn ts=<*> caller=<*>")
        // Variables after the first word stay; a line without a header, or of variables only, is whole.
        #expect(message("user 42 logged in from 10.0.0.1") == "user 42 logged in from 10.0.0.1")
        #expect(message("  12 34 0x1f  ") == "  12 34 0x1f  ")
        #expect(message("") == "")
    }

    @Test func oneEventOnTwoNodesHasOneTemplate() {
        let a = LogLineText.analyze("1117838570 2005.06.03 R02-M1-NA-C:J12-U11 2005-06-03-15.42.50.675872 R02-M1-NA-C:J12-U11 RAS KERNEL INFO generating core.2275")
        let b = LogLineText.analyze("1117838571 2005.06.03 R17-M0-ND-C:J03-U01 2005-06-03-15.42.51.000001 R17-M0-ND-C:J03-U01 RAS KERNEL INFO generating core.12")
        #expect(a.template == b.template)
        #expect(a.tokens == ["RAS", "KERNEL", "INFO", "generating", "core.<*>"])
        var miner = TemplateMiner()
        let c = LogLineText.analyze("1117838570 2005.06.03 R02-M1-NA-C:J12-U11 2005-06-03-15.42.50.675872 R02-M1-NA-C:J12-U11 RAS KERNEL INFO generating core.2275", miner: &miner)
        let d = LogLineText.analyze("1117838571 2005.06.03 R17-M0-ND-C:J03-U01 2005-06-03-15.42.51.000001 R17-M0-ND-C:J03-U01 RAS KERNEL INFO generating core.12", miner: &miner)
        #expect(c.template == d.template)
        #expect(c.template == "RAS KERNEL INFO generating core.<*>")
    }
}
