import Foundation

/// Why a NAB file could not be read; the message names the file.
public struct NABError: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// One NAB series: its rows exactly as written, and its labelled anomaly windows as row indices.
///
/// NAB timestamps have gaps and duplicates, so everything downstream works by row index.
public struct NABSeries: Sendable {
    public var category: String
    public var name: String
    public var timestamps: [String]
    public var values: [Double]
    /// Inclusive row ranges, sorted by start.
    public var windows: [(start: Int, end: Int)]

    /// "category/name.csv", the key used by NAB's labels and by the peers' file order.
    public var relativePath: String { "\(category)/\(name).csv" }

    /// Rows NAB does not score at the start of a series: min(floor(0.15·N), 750).
    public var probationRows: Int { Self.probationRows(count: values.count) }

    public static func probationRows(count: Int) -> Int {
        // Computed in floating point like NAB (0.15 * N, then floor) so that every N agrees.
        min(Int((0.15 * Double(count)).rounded(.down)), 750)
    }

    public init(category: String, name: String, timestamps: [String], values: [Double],
                windows: [(start: Int, end: Int)]) {
        self.category = category
        self.name = name
        self.timestamps = timestamps
        self.values = values
        self.windows = windows
    }
}

/// The NAB corpus as laid out in NAB's repository: `data/<category>/<series>.csv` and
/// `labels/combined_windows.json` under one folder.
public struct NABCorpus: Sendable {
    public var series: [NABSeries]

    public init(series: [NABSeries]) { self.series = series }

    public var rowCount: Int { series.reduce(0) { $0 + $1.values.count } }
    public var windowCount: Int { series.reduce(0) { $0 + $1.windows.count } }

    /// Loads every `data/<category>/*.csv`, sorted by relative path (NAB's own order), with its
    /// windows from `labels/combined_windows.json`. A series without a labels entry is an error:
    /// scoring it as window-free would silently reward a detector that misses its anomalies.
    public static func load(from root: URL) throws -> NABCorpus {
        let fm = FileManager.default
        let dataDir = root.appendingPathComponent("data")
        let labels = try loadWindowLabels(root.appendingPathComponent("labels/combined_windows.json"))
        guard let categories = try? fm.contentsOfDirectory(atPath: dataDir.path) else {
            throw NABError("\(dataDir.path): cannot list the NAB data folder")
        }
        var paths: [(category: String, file: String)] = []
        for category in categories {
            let dir = dataDir.appendingPathComponent(category)
            var isDir: ObjCBool = false
            guard fm.fileExists(atPath: dir.path, isDirectory: &isDir), isDir.boolValue else { continue }
            for file in try fm.contentsOfDirectory(atPath: dir.path) where file.hasSuffix(".csv") {
                paths.append((category, file))
            }
        }
        // Byte order, as Python's sorted() gives NAB's file order ("TravelTime" before "occupancy").
        paths.sort { Array("\($0.category)/\($0.file)".utf8).lexicographicallyPrecedes(Array("\($1.category)/\($1.file)".utf8)) }
        guard !paths.isEmpty else { throw NABError("\(dataDir.path): no <category>/<series>.csv files") }
        var series: [NABSeries] = []
        for (category, file) in paths {
            let key = "\(category)/\(file)"
            guard let limits = labels[key] else {
                throw NABError("\(key): no entry in labels/combined_windows.json")
            }
            series.append(try loadSeries(dataDir.appendingPathComponent(key), category: category,
                                         name: String(file.dropLast(4)), limits: limits))
        }
        return NABCorpus(series: series)
    }

    /// `{ "category/name.csv": [[start, end], …] }` with timestamps as text.
    static func loadWindowLabels(_ url: URL) throws -> [String: [(String, String)]] {
        let data: Data
        do { data = try Data(contentsOf: url) } catch { throw NABError("\(url.path): cannot read (\(error.localizedDescription))") }
        guard let object = try? JSONSerialization.jsonObject(with: data), let dict = object as? [String: [[String]]] else {
            throw NABError("\(url.path): expected {\"category/series.csv\": [[start, end], …]}")
        }
        var out: [String: [(String, String)]] = [:]
        for (key, pairs) in dict {
            out[key] = try pairs.map { pair in
                guard pair.count == 2 else { throw NABError("\(url.path): \(key): a window is not [start, end]") }
                return (pair[0], pair[1])
            }
        }
        return out
    }

    /// Reads `timestamp,value` rows and maps each window's [start, end] timestamps to the rows
    /// whose timestamps fall inside it (NAB's rule), which must be a non-empty, contiguous range.
    static func loadSeries(_ url: URL, category: String, name: String, limits: [(String, String)]) throws -> NABSeries {
        let rows = try NABCSV.read(url)
        guard let header = rows.header.first, header == "timestamp", let valueColumn = rows.header.firstIndex(of: "value") else {
            throw NABError("\(url.path): expected a header starting with timestamp and holding value")
        }
        var timestamps: [String] = [], values: [Double] = [], seconds: [Double] = []
        timestamps.reserveCapacity(rows.fields.count)
        values.reserveCapacity(rows.fields.count)
        for (k, fields) in rows.fields.enumerated() {
            guard fields.count > valueColumn, let t = NABTime.parse(fields[0]), let v = Double(fields[valueColumn]) else {
                throw NABError("\(url.path):\(k + 2): expected 'YYYY-MM-DD HH:MM:SS,number'")
            }
            timestamps.append(String(fields[0]))
            values.append(v)
            seconds.append(t)
        }
        var windows: [(start: Int, end: Int)] = []
        for (a, b) in limits {
            guard let lo = NABTime.parse(a), let hi = NABTime.parse(b) else {
                throw NABError("\(category)/\(name).csv: window [\(a), \(b)] is not two timestamps")
            }
            let inside = seconds.indices.filter { seconds[$0] >= lo && seconds[$0] <= hi }
            guard let first = inside.first, let last = inside.last, last - first + 1 == inside.count else {
                throw NABError("\(category)/\(name).csv: window [\(a), \(b)] matches no contiguous rows")
            }
            windows.append((first, last))
        }
        windows.sort { $0.start < $1.start }
        for (w, next) in zip(windows, windows.dropFirst()) where next.start <= w.end {
            throw NABError("\(category)/\(name).csv: windows overlap at row \(next.start)")
        }
        return NABSeries(category: category, name: name, timestamps: timestamps, values: values, windows: windows)
    }
}

/// The plain comma-separated files NAB uses: no quoting, one header line, LF or CRLF.
enum NABCSV {
    static func read(_ url: URL) throws -> (header: [String], fields: [[Substring]]) {
        let text: String
        do { text = try String(contentsOf: url, encoding: .utf8) } catch {
            throw NABError("\(url.path): cannot read (\(error.localizedDescription))")
        }
        var lines = text.split(omittingEmptySubsequences: true, whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" })
        guard !lines.isEmpty else { throw NABError("\(url.path): empty file") }
        let header = lines.removeFirst().split(separator: ",", omittingEmptySubsequences: false)
            .map { $0.trimmingCharacters(in: .whitespaces) }
        let fields = lines.map { $0.split(separator: ",", omittingEmptySubsequences: false) }
        return (header, fields)
    }
}
