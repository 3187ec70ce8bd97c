import Testing
import VigilCore
@testable import VigilDetect

@Suite(.timeLimit(.minutes(5))) struct Word2VecTests {
    /// Two groups of words that only ever occur with their own group.
    static func corpus(seed: UInt64) -> [[String]] {
        var rng = SplitMix64(seed: seed)
        let a = ["disk", "sector", "raid", "spindle", "platter"], b = ["login", "session", "user", "token", "password"]
        return (0..<600).map { i in
            let group = i % 2 == 0 ? a : b
            return (0..<8).map { _ in group[rng.nextInt(group.count)] }
        }
    }

    static var config: Word2Vec.Config {
        var c = Word2Vec.Config()
        c.subsample = 0  // Every word here is "frequent"; keep them all so the test is about co-occurrence.
        return c
    }

    @Test func sameSeedSameVectors() {
        let c = Self.corpus(seed: 1)
        let x = Word2Vec.train(c, config: Self.config), y = Word2Vec.train(c, config: Self.config)
        #expect(x == y)
        var other = Self.config
        other.seed = 99
        #expect(Word2Vec.train(c, config: other).vectors != x.vectors)
    }

    @Test func coOccurringWordsAreCloser() throws {
        let w = Word2Vec.train(Self.corpus(seed: 2), config: Self.config)
        let near = try #require(w.cosine("disk", "raid")), far = try #require(w.cosine("disk", "login"))
        #expect(near > far + 0.3)
        let near2 = try #require(w.cosine("session", "token")), far2 = try #require(w.cosine("session", "platter"))
        #expect(near2 > far2 + 0.3)
        #expect(w.vector("never-seen") == nil)
    }

    @Test func negativeTableFollowsUnigramPower() {
        let table = Word2Vec.negativeTable([10_000, 1])
        let share = Double(table.filter { $0 == 0 }.count) / Double(table.count)
        // 10000^0.75 / (10000^0.75 + 1) = 0.999.
        #expect(share > 0.99 && share < 1)
    }
}

@Suite(.timeLimit(.minutes(5))) struct SelfOrganizingMapTests {
    static func samples() -> [[Float]] {
        var rng = SplitMix64(seed: 3)
        return (0..<500).map { i in
            let c: Float = i % 2 == 0 ? 0 : 1
            return (0..<4).map { _ in c + (rng.nextFloat() - 0.5) * 0.1 }
        }
    }

    static var config: SelfOrganizingMap.Config {
        var c = SelfOrganizingMap.Config()
        c.width = 6; c.height = 6
        return c
    }

    @Test func sameSeedSameMap() {
        let x = SelfOrganizingMap.train(Self.samples(), dimensions: 4, config: Self.config)
        let y = SelfOrganizingMap.train(Self.samples(), dimensions: 4, config: Self.config)
        #expect(x == y)
        #expect(x.weights.count == 6 * 6 * 4)
    }

    @Test func farVectorIsFarther() {
        let map = SelfOrganizingMap.train(Self.samples(), dimensions: 4, config: Self.config)
        let inside = map.bestMatch([0.01, 0, -0.01, 0.02]).distance
        let other = map.bestMatch([1, 1, 1, 1]).distance
        let outside = map.bestMatch([5, -5, 5, -5]).distance
        #expect(inside < 0.2 && other < 0.2)
        #expect(outside > 5 * max(inside, other))
    }
}
