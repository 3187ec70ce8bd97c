import VigilSources
/// Prometheus' metric name syntax, `[a-zA-Z_:][a-zA-Z0-9_:]*`: a `series` or `detect` entry
/// that breaks it can never match anything, so it is better reported when the profile loads.
enum MetricName {
    static func isValid(_ name: String) -> Bool {
        guard let first = name.utf8.first, isStart(first) else { return false }
        return name.utf8.dropFirst().allSatisfy { isStart($0) || ($0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9")) }
    }

    private static func isStart(_ c: UInt8) -> Bool {
        (c >= UInt8(ascii: "a") && c <= UInt8(ascii: "z")) || (c >= UInt8(ascii: "A") && c <= UInt8(ascii: "Z"))
            || c == UInt8(ascii: "_") || c == UInt8(ascii: ":")
    }
}
