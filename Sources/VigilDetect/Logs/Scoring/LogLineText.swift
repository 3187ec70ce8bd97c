/// The seam between the scorer and the text side: a line's tokens (variables masked as `<*>` by
/// `LogMasker`) and the key of its template (the masked tokens joined by a space). Swapping the
/// tokenizer or the template key (say, `TemplateMiner` IDs once they can be persisted) is a
/// change here alone.
public struct LogLineText: Sendable, Equatable {
    public var tokens: [String]
    public var template: String

    public static func analyze(_ line: String) -> LogLineText {
        let tokens = LogMasker.masked(line[...])
        return LogLineText(tokens: tokens, template: tokens.joined(separator: " "))
    }
}
