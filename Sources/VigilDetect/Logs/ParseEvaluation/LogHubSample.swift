import Foundation

/// One LogHub 2k sample: its lines' contents and a ground truth (event id and template per line).
public struct LogHubSample: Sendable {
    public var system: String
    public var contents: [String]
    public var truthIDs: [String]
    public var truthTemplates: [String]
    /// Lines that did not fit the system's log format (their whole text is the content).
    public var unmatchedLines: Int

    public enum LoadError: Error, CustomStringConvertible {
        case missing(String)
        case malformed(String)
        public var description: String {
            switch self {
            case .missing(let p): "missing file \(p)"
            case .malformed(let m): m
            }
        }
    }

    /// Loads `<dir>/<system>/<system>_2k.log` and the `<truth>` events and templates beside it.
    public static func load(system: String, from dir: URL, truth: String) throws -> LogHubSample {
        let base = dir.appendingPathComponent(system).appendingPathComponent("\(system)_2k")
        let log = try read(base.path + ".log")
        let events = try read(base.path + ".\(truth).events.csv")
        let templatesText = try read(base.path + ".\(truth).templates.csv")
        let lines = log.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            .dropLast(log.hasSuffix("\n") ? 1 : 0)
        // A system LogHub's table does not list brings its own `log_format` in <S>_2k.format.
        let formatFile = (try? read(base.path + ".format"))?.trimmingCharacters(in: .whitespacesAndNewlines)
        let format = formatFile.flatMap { $0.isEmpty ? nil : $0 } ?? LogHubFormat.formats[system]
        let regex = try format.map(LogHubFormat.regex)
        var unmatched = 0
        let contents: [String] = lines.map { line in
            let trimmed = line.hasSuffix("\r") ? String(line.dropLast()) : line
            guard let r = regex, let c = LogHubFormat.content(of: trimmed, with: r) else {
                unmatched += 1
                return trimmed
            }
            return c
        }
        var templates: [String: String] = [:]
        for row in CSV.rows(templatesText).dropFirst() where row.count >= 2 { templates[row[0]] = row[1] }
        let ids = CSV.rows(events).dropFirst().compactMap { $0.count >= 2 ? $0[1] : nil }
        guard ids.count == contents.count else {
            throw LoadError.malformed("\(system): \(ids.count) truth rows for \(contents.count) lines")
        }
        return LogHubSample(system: system, contents: contents, truthIDs: ids,
                            truthTemplates: ids.map { templates[$0] ?? "" }, unmatchedLines: unmatched)
    }

    private static func read(_ path: String) throws -> String {
        guard let data = FileManager.default.contents(atPath: path) else { throw LoadError.missing(path) }
        return String(decoding: data, as: UTF8.self)
    }
}

/// Just enough CSV for LogHub's files: comma-separated, fields optionally in double quotes with `""` escapes.
public enum CSV {
    public static func rows(_ text: String) -> [[String]] {
        var rows: [[String]] = []
        var row: [String] = []
        var field = ""
        var quoted = false
        var it = text.makeIterator()
        var pending: Character?
        while let c = pending ?? it.next() {
            pending = nil
            if quoted {
                if c == "\"" {
                    let next = it.next()
                    if next == "\"" { field.append("\"") } else { quoted = false; pending = next }
                } else {
                    field.append(c)
                }
                continue
            }
            switch c {
            case "\"": quoted = true
            case ",": row.append(field); field = ""
            case "\n", "\r\n":
                row.append(field); field = ""
                rows.append(row); row = []
            default: field.append(c)
            }
        }
        if !field.isEmpty || !row.isEmpty { row.append(field); rows.append(row) }
        return rows
    }

    /// One field, quoted when it needs to be.
    public static func field(_ s: String) -> String {
        s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" }) ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
    }
}
