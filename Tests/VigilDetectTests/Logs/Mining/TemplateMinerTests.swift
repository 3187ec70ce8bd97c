import Testing
@testable import VigilDetect

@Suite(.timeLimit(.minutes(5))) struct TemplateMinerTests {
    @Test func linesDifferingOnlyInVariablesShareATemplate() {
        var miner = TemplateMiner()
        let a = miner.add("Receiving block blk_123 src: /10.0.0.1:5000 dest: /10.0.0.2:50010")
        let b = miner.add("Receiving block blk_-98 src: /10.9.9.9:61 dest: /10.0.0.3:50010")
        #expect(a.isNew && !b.isNew)
        #expect(a.templateID == b.templateID)
        #expect(miner.template(a.templateID) == "Receiving block blk_<*> src: /<*>:<*> dest: /<*>:<*>")
        #expect(miner.count(a.templateID) == 2)
        #expect(miner.templateCount == 1)
    }

    @Test func differentEventsGetDifferentTemplates() {
        var miner = TemplateMiner()
        let open = miner.add("session opened for user root by uid=0")
        let close = miner.add("session closed for user root")
        let other = miner.add("Connection reset by peer")
        #expect(Set([open.templateID, close.templateID, other.templateID]).count == 3)
    }

    @Test func mergingWidensTheOlderTemplateAndKeepsItsID() {
        var miner = TemplateMiner()
        let first = miner.add("job finished alpha on worker north in region one today")
        let second = miner.add("job finished beta on worker north in region one today")
        #expect(second.templateID == first.templateID)
        #expect(miner.template(first.templateID) == "job finished <*> on worker north in region one today")
        let other = miner.add("disk full")
        #expect(other.templateID == 2)
        // Later lines never renumber: the first id still names the widened template.
        _ = miner.add("job finished gamma on worker north in region one today")
        #expect(miner.template(1) == "job finished <*> on worker north in region one today")
        #expect(miner.template(2) == "disk full")
        #expect(miner.count(1) == 3)
        #expect(miner.template(99) == "" && miner.count(0) == 0)
    }

    @Test func matchDoesNotLearn() {
        var miner = TemplateMiner()
        let id = miner.add("request 17 served in 5 ms").templateID
        #expect(miner.match("request 912 served in 40 ms") == id)
        #expect(miner.match("completely different words here") == nil)
        #expect(miner.match("brand new token zebra") == nil)
        #expect(miner.templateCount == 1 && miner.count(id) == 1)
    }

    @Test func groupingDoesNotDependOnLineOrder() {
        let lines = [
            "Receiving block blk_1 src: /10.0.0.1:1 dest: /10.0.0.2:2",
            "PacketResponder 1 for block blk_2 terminating",
            "Received block blk_3 of size 67108864 from /10.0.0.4",
            "Receiving block blk_4 src: /10.0.0.5:3 dest: /10.0.0.6:4",
            "PacketResponder 2 for block blk_5 terminating",
            "Verification succeeded for blk_6",
            "Received block blk_7 of size 1024 from /10.0.0.8",
            "Verification succeeded for blk_8",
            "session opened for user root by (uid=0)",
            "session opened for user root by (uid=9)",
        ]
        func groups(_ order: [Int]) -> Set<Set<Int>> {
            var miner = TemplateMiner()
            var byTemplate: [Int: Set<Int>] = [:]
            for i in order { byTemplate[miner.add(lines[i]).templateID, default: []].insert(i) }
            return Set(byTemplate.values)
        }
        let forward = groups(Array(lines.indices))
        #expect(forward.count == 5)
        #expect(groups(Array(lines.indices.reversed())) == forward)
        #expect(groups([5, 2, 8, 0, 9, 3, 7, 1, 6, 4]) == forward)
    }

    @Test func emptyAndWhitespaceLinesShareOneTemplate() {
        var miner = TemplateMiner()
        let a = miner.add("")
        let b = miner.add("   ")
        #expect(a.templateID == b.templateID && miner.template(a.templateID) == "")
    }

    @Test func manyDistinctFirstTokensStillRoute() {
        // Past maxChildren, new prefixes share the wildcard child instead of growing the node.
        var miner = TemplateMiner(config: MinerConfig(maxChildren: 2))
        for word in ["alpha", "beta", "gamma", "delta", "epsilon"] { _ = miner.add("\(word) started worker pool now") }
        #expect(miner.templateCount <= 5)
        #expect(miner.match("gamma started worker pool now") != nil)
    }
}
