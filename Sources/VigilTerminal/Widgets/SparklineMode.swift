/// How a `Sparkline` draws: braille dots (2 values a cell), eighth blocks, or plain ASCII.
public enum SparklineMode: String, Sendable, CaseIterable {
    case braille, blocks, ascii
}
