import VigilCore
import VigilSources
/// A minimal JSON writer with sorted keys and fixed two-space indentation: `alerts.json` must come
/// out byte-identical wherever it is generated, and JSONEncoder's pretty printing differs between
/// Foundation releases and platforms.
enum JSONText {
    indirect enum Value {
        case string(String)
        case array([Value])
        case object([String: Value])
    }

    static func render(_ value: Value) -> String {
        var out = ""
        write(value, indent: "", to: &out)
        out += "\n"
        return out
    }

    private static func write(_ value: Value, indent: String, to out: inout String) {
        let inner = indent + "  "
        switch value {
        case .string(let s):
            out += quote(s)
        case .array(let items):
            guard !items.isEmpty else { out += "[]"; return }
            out += "[\n"
            for (k, item) in items.enumerated() {
                out += inner
                write(item, indent: inner, to: &out)
                out += k == items.count - 1 ? "\n" : ",\n"
            }
            out += indent + "]"
        case .object(let fields):
            guard !fields.isEmpty else { out += "{}"; return }
            out += "{\n"
            let keys = fields.keys.sorted()
            for (k, key) in keys.enumerated() {
                out += inner + quote(key) + ": "
                if let v = fields[key] { write(v, indent: inner, to: &out) }
                out += k == keys.count - 1 ? "\n" : ",\n"
            }
            out += indent + "}"
        }
    }

    static func quote(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}

extension AlertmanagerAlert {
    /// The alert as Alertmanager's API writes it, for `alerts.json`.
    var json: JSONText.Value {
        let strings = { (d: [String: String]) in JSONText.Value.object(d.mapValues { .string($0) }) }
        var fields: [String: JSONText.Value] = [
            "labels": strings(labels), "annotations": strings(annotations),
            "startsAt": .string(startsAt), "endsAt": .string(endsAt), "fingerprint": .string(fingerprint),
            "receivers": .array(receivers.map { .object(["name": .string($0.name)]) }),
            "status": .object([
                "state": .string(status.state),
                "silencedBy": .array(status.silencedBy.map { .string($0) }),
                "inhibitedBy": .array(status.inhibitedBy.map { .string($0) }),
            ]),
        ]
        if let updatedAt { fields["updatedAt"] = .string(updatedAt) }
        if let generatorURL { fields["generatorURL"] = .string(generatorURL) }
        return .object(fields)
    }
}
