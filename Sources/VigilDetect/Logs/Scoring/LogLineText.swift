/// The seam between the scorer and the text side: a line's tokens (variables masked as `<*>` by
/// `LogMasker`) and the key of its template (the masked tokens joined by a space). Swapping the
/// tokenizer or the template key (say, `TemplateMiner` IDs instead of template texts) is a
/// change here alone.
public struct LogLineText: Sendable, Equatable {
    public var tokens: [String]
    public var template: String

    public init(tokens: [String], template: String) {
        self.tokens = tokens
        self.template = template
    }

    /// The line's tokens, keyed by the template `miner` puts it in (learning the line): lines
    /// that differ in a variable the masker leaves (a pod name inside a JSON value, say) share
    /// a template, as they share a Drain cluster. The key is the template's text as it stands.
    public static func analyze(_ line: String, miner: inout TemplateMiner) -> LogLineText {
        let message = LogMasker.message(line[...])
        let tokens = LogMasker.masked(message)
        let id = miner.add(message).templateID
        return LogLineText(tokens: tokens, template: miner.template(id))
    }

    /// As `analyze(_:miner:)` without learning: the template the miner has for the line now.
    public static func analyze(_ line: String, matching miner: TemplateMiner) -> LogLineText {
        let message = LogMasker.message(line[...])
        let tokens = LogMasker.masked(message)
        let key = miner.match(String(message)).map { miner.template($0) } ?? tokens.joined(separator: " ")
        return LogLineText(tokens: tokens, template: key)
    }

    public static func analyze(_ line: String) -> LogLineText {
        let tokens = LogMasker.masked(LogMasker.message(line[...]))
        return LogLineText(tokens: tokens, template: tokens.joined(separator: " "))
    }
}
