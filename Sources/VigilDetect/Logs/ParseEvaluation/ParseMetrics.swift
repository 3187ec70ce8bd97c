/// Log-parsing scores of a parse against a ground truth, as the LogHub benchmark defines them.
public struct ParseScores: Sendable, Equatable, Codable {
    /// Group accuracy: lines in correctly grouped true groups / all lines.
    public var groupAccuracy: Double
    /// Parsing accuracy: lines whose parsed template equals the true one / all lines.
    public var parsingAccuracy: Double
    /// Group F1: harmonic mean of correct groups / parsed groups and correct groups / true groups.
    public var groupF1: Double
}

public enum ParseMetrics {
    /// GA, PA and FGA of `parsed` group ids against `truth` group ids (same length, line by line).
    /// A true group is correct when all its lines fall into one parsed group that holds nothing else.
    /// `parsedTemplates` / `trueTemplates` give each line's template text for PA (PA is 0 without them).
    public static func score<P: Hashable, T: Hashable>(
        parsed: [P], truth: [T], parsedTemplates: [String]? = nil, trueTemplates: [String]? = nil
    ) -> ParseScores {
        precondition(parsed.count == truth.count, "parsed and truth must cover the same lines")
        let n = parsed.count
        guard n > 0 else { return ParseScores(groupAccuracy: 0, parsingAccuracy: 0, groupF1: 0) }
        var parsedSize: [P: Int] = [:]
        for p in parsed { parsedSize[p, default: 0] += 1 }
        // For each true group: its size and the parsed groups its lines went to.
        var trueLines: [T: (size: Int, first: P, single: Bool)] = [:]
        for (p, t) in zip(parsed, truth) {
            if let g = trueLines[t] {
                trueLines[t] = (g.size + 1, g.first, g.single && g.first == p)
            } else {
                trueLines[t] = (1, p, true)
            }
        }
        var correctLines = 0, correctGroups = 0
        for g in trueLines.values where g.single && parsedSize[g.first] == g.size {
            correctLines += g.size
            correctGroups += 1
        }
        var pa = 0.0
        if let pt = parsedTemplates, let tt = trueTemplates, pt.count == n, tt.count == n {
            pa = Double(zip(pt, tt).filter { $0 == $1 }.count) / Double(n)
        }
        let precision = Double(correctGroups) / Double(parsedSize.count)
        let recall = Double(correctGroups) / Double(trueLines.count)
        let f1 = precision + recall > 0 ? 2 * precision * recall / (precision + recall) : 0
        return ParseScores(groupAccuracy: Double(correctLines) / Double(n), parsingAccuracy: pa, groupF1: f1)
    }
}
