/// RFC 4180 CSV: fields quoted when they hold a comma, quote or line break; quotes doubled.
enum CSV {
    static func line(_ fields: [String]) -> String {
        fields.map { field in
            // By bytes: "\r\n" is one Character, equal to neither "\r" nor "\n".
            guard field.utf8.contains(where: { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }) else { return field }
            return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }.joined(separator: ",")
    }

    /// Records with the line each starts on (a quoted field may span lines). Blank lines are skipped.
    static func records(_ text: String) throws -> [(line: Int, fields: [String])] {
        var result: [(line: Int, fields: [String])] = []
        var fields: [String] = []
        var field = ""
        var inQuotes = false
        var afterQuote = false
        var line = 1
        var recordLine = 1
        var chars = Array(text).makeIterator()
        var pending = chars.next()

        func endRecord() {
            fields.append(field)
            if !(fields.count == 1 && fields[0].isEmpty) { result.append((recordLine, fields)) }
            fields = []
            field = ""
        }
        while let c = pending {
            pending = chars.next()
            if inQuotes {
                if c == "\"" {
                    if pending == "\"" { field.append("\""); pending = chars.next() } else { inQuotes = false; afterQuote = true }
                } else {
                    if c == "\n" || c == "\r\n" { line += 1 }
                    field.append(c)
                }
                continue
            }
            switch c {
            case ",":
                fields.append(field); field = ""; afterQuote = false
            case "\n", "\r\n", "\r":
                endRecord(); afterQuote = false
                line += 1
                recordLine = line
            case "\"" where field.isEmpty && !afterQuote:
                inQuotes = true
            default:
                if afterQuote {
                    throw FactStoreError.malformed("line \(line): text after a closing quote")
                }
                field.append(c)
            }
        }
        if inQuotes { throw FactStoreError.malformed("line \(recordLine): a quoted field is never closed") }
        if !field.isEmpty || !fields.isEmpty { endRecord() }
        return result
    }
}
