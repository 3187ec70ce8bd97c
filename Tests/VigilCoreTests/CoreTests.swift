import Foundation
import Testing
@testable import VigilCore

@Suite(.timeLimit(.minutes(5))) struct LabelsTests {
    @Test func orderDoesNotMatterForEqualityOrHashing() {
        let a = Labels(["b": "2", "a": "1"]), b: Labels = ["a": "1", "b": "2"]
        #expect(a == b)
        #expect(Set([a, b]).count == 1)
        #expect(a.description == #"{a="1",b="2"}"#)
    }

    @Test func valuesAreEscapedAsInTheExpositionFormat() {
        let l = Labels(["msg": "say \"hi\"\\\n"])
        #expect(l.description == #"{msg="say \"hi\"\\\n"}"#)
    }

    @Test func alertIdentityDropsNameStateAndSeverity() {
        let a = Alert(labels: ["alertname": "X", "alertstate": "firing", "severity": "warning", "pod": "p1"])
        #expect(a.identity == ["pod": "p1"])
        #expect(a.severity == .warning)
        #expect(Severity(label: "page") == .critical)
        #expect(Severity(label: nil) == .none)
    }
}

@Suite(.timeLimit(.minutes(5))) struct VirtualClockTests {
    @Test func runsAtSpeedPausesAndResumesWithoutJumps() {
        let t0 = Date(timeIntervalSince1970: 1000)
        var c = VirtualClock(start: t0, realNow: 50, speed: 120)
        #expect(c.now(realNow: 51) == t0.addingTimeInterval(120))
        c.setPaused(true, realNow: 51)
        #expect(c.now(realNow: 99) == t0.addingTimeInterval(120))
        c.setPaused(false, realNow: 99)
        #expect(c.now(realNow: 100) == t0.addingTimeInterval(240))
        c.setSpeed(1, realNow: 100)
        #expect(c.now(realNow: 110) == t0.addingTimeInterval(250))
        c.seek(to: t0, realNow: 110)
        #expect(c.now(realNow: 110) == t0)
    }

    @Test func sameRealInstantsGiveSameVirtualTimes() {
        func run() -> [Date] {
            var c = VirtualClock(start: Date(timeIntervalSince1970: 0), realNow: 0, speed: 7)
            var out: [Date] = []
            for i in 0..<100 {
                if i == 30 { c.setSpeed(3, realNow: Double(i) * 0.1) }
                if i == 60 { c.setPaused(true, realNow: Double(i) * 0.1) }
                out.append(c.now(realNow: Double(i) * 0.1))
            }
            return out
        }
        #expect(run() == run())
    }
}

@Suite(.timeLimit(.minutes(5))) struct MailboxTests {
    @Test func drainsInOrderFromManyThreads() async {
        let box = Mailbox<Int>()
        await withTaskGroup(of: Void.self) { group in
            for t in 0..<4 {
                group.addTask { for i in 0..<250 { box.send(t * 1000 + i) } }
            }
        }
        let all = box.drain()
        #expect(all.count == 1000)
        for t in 0..<4 {
            let mine = all.filter { $0 / 1000 == t }
            #expect(mine == mine.sorted())
        }
        #expect(box.isEmpty)
    }
}
