import Foundation
import VigilCore

/// Reads feedback text (Vigil's export or the reference fact store's rows) into records.
enum FeedbackParser {
    /// Records with where each came from ("line 3"), in file order. `format` nil: a text whose
    /// first character is `{` or `[` is JSON, anything else CSV with a header row.
    static func records(_ text: String, format: ExportFormat?, now: Date) throws -> [(place: String, record: FeedbackRecord)] {
        let first = text.first(where: { !$0.isWhitespace })
        guard let first else { return [] }
        let rows: [(String, [String: String])]
        switch format ?? (first == "{" || first == "[" ? .jsonl : .csv) {
        case .jsonl: rows = first == "[" ? try jsonArray(text) : try jsonLines(text)
        case .csv: rows = try csvRows(text)
        }
        return try rows.map { place, fields in
            if fields["fingerprint"] == nil, fields["is_anomaly"] != nil || fields["predict_id"] != nil {
                return (place, try ReferenceFeedback.record(fields, at: place, now: now))
            }
            return (place, try FeedbackRecord(fields: fields, at: place))
        }
    }

    private static func jsonLines(_ text: String) throws -> [(String, [String: String])] {
        var rows: [(String, [String: String])] = []
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespacesAndNewlines)
            if trimmed.isEmpty { continue }
            let place = "line \(index + 1)"
            rows.append((place, try object(Data(trimmed.utf8), place: place)))
        }
        return rows
    }

    /// The reference's API answered with a JSON array of rows; accept that too.
    private static func jsonArray(_ text: String) throws -> [(String, [String: String])] {
        let items: [[String: JSONField]]
        do {
            items = try JSONSyntax.decode([[String: JSONField]].self, from: Data(text.utf8))
        } catch {
            throw FactStoreError.malformed("not a JSON array of objects: \(describe(error))")
        }
        return items.enumerated().map { ("item \($0.offset + 1)", $0.element.compactMapValues(\.text)) }
    }

    private static func object(_ data: Data, place: String) throws -> [String: String] {
        do {
            return try JSONSyntax.decode([String: JSONField].self, from: data).compactMapValues(\.text)
        } catch {
            throw FactStoreError.malformed("\(place): not a JSON object of plain fields: \(describe(error))")
        }
    }

    private static func csvRows(_ text: String) throws -> [(String, [String: String])] {
        let records = try CSV.records(text)
        guard let header = records.first else { return [] }
        let names = header.fields.map { $0.trimmingCharacters(in: .whitespaces) }
        // A file that is no feedback at all (a log, a config) must not read as "0 verdicts".
        let known: Set = ["fingerprint", "predict_id", "is_anomaly", "message"]
        guard names.contains(where: known.contains) else {
            let shown = names.prefix(4).map { "'\($0.prefix(30))'" }.joined(separator: ", ")
            throw FactStoreError.malformed("line \(header.line): not a feedback file: the header row (\(shown)) names none of "
                                           + "fingerprint, predict_id, is_anomaly, message")
        }
        return try records.dropFirst().map { line, fields in
            guard fields.count == names.count else {
                throw FactStoreError.malformed("line \(line): \(fields.count) fields, but the header has \(names.count)")
            }
            var row: [String: String] = [:]
            for (name, value) in zip(names, fields) { row[name] = value }
            return ("line \(line)", row)
        }
    }

    private static func describe(_ error: Error) -> String {
        if case DecodingError.dataCorrupted(let context) = error { return context.debugDescription }
        if case DecodingError.typeMismatch(_, let context) = error { return context.debugDescription }
        return "\(error)"
    }
}

/// A JSON value that fits in a text field: strings, numbers, booleans (null is absent).
private enum JSONField: Decodable {
    case value(String)
    case null

    init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() { self = .null }
        else if let b = try? c.decode(Bool.self) { self = .value(b ? "true" : "false") }
        else if let i = try? c.decode(Int64.self) { self = .value(String(i)) }
        else if let d = try? c.decode(Double.self) { self = .value("\(d)") }
        else if let s = try? c.decode(String.self) { self = .value(s) }
        else {
            throw DecodingError.typeMismatch(String.self, .init(codingPath: decoder.codingPath,
                debugDescription: "field \(decoder.codingPath.last?.stringValue ?? "?") must be a string, number or boolean"))
        }
    }

    var text: String? {
        if case .value(let s) = self { return s }
        return nil
    }
}
