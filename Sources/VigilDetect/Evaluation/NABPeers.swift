import Foundation

/// Published detectors' per-row scores: `peers/<detector>.anomaly_scores.txt.gz`, one score a
/// line, the series concatenated in `peers/file_order.csv` order (`file,rows`).
public enum NABPeers {
    /// Detector names with a score file in `dir`, sorted.
    public static func available(in dir: URL) -> [String] {
        let suffix = ".anomaly_scores.txt.gz"
        let files = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
        return files.filter { $0.hasSuffix(suffix) }.map { String($0.dropLast(suffix.count)) }.sorted()
    }

    /// `name`'s scores, one array per series of `corpus` in the corpus's order. Series in the file
    /// order but not in the corpus are skipped, so a corpus may be a subset of the peers' rows.
    public static func load(_ name: String, from dir: URL, corpus: NABCorpus) throws -> [[Double]] {
        let order = try fileOrder(dir.appendingPathComponent("file_order.csv"))
        let url = dir.appendingPathComponent("\(name).anomaly_scores.txt.gz")
        let text = String(decoding: try Gzip.decompress(url), as: UTF8.self)
        var scores: [Double] = []
        scores.reserveCapacity(order.reduce(0) { $0 + $1.rows })
        for (k, line) in text.split(separator: "\n").enumerated() {
            // Trimming (Foundation, slow) only for the odd line that does not parse as it is.
            guard let s = Double(line) ?? Double(line.trimmingCharacters(in: .whitespaces)) else {
                throw NABError("\(url.path): line \(k + 1) is not a number: '\(line)'")
            }
            scores.append(s)
        }
        let total = order.reduce(0) { $0 + $1.rows }
        guard scores.count == total else {
            throw NABError("\(url.path): \(scores.count) scores, but file_order.csv lists \(total) rows")
        }
        var bySeries: [String: ArraySlice<Double>] = [:]
        var offset = 0
        for (file, rows) in order {
            bySeries[file] = scores[offset..<offset + rows]
            offset += rows
        }
        return try corpus.series.map { s in
            guard let slice = bySeries[s.relativePath] else {
                throw NABError("\(dir.path)/file_order.csv: no rows for \(s.relativePath)")
            }
            guard slice.count == s.values.count else {
                throw NABError("\(name): \(slice.count) scores for \(s.relativePath), which has \(s.values.count) rows")
            }
            return Array(slice)
        }
    }

    static func fileOrder(_ url: URL) throws -> [(file: String, rows: Int)] {
        let csv = try NABCSV.read(url)
        guard csv.header == ["file", "rows"] else { throw NABError("\(url.path): expected the header 'file,rows'") }
        return try csv.fields.enumerated().map { k, f in
            guard f.count == 2, let rows = Int(f[1]), rows >= 0 else {
                throw NABError("\(url.path):\(k + 2): expected 'category/series.csv,rows'")
            }
            return (String(f[0]), rows)
        }
    }
}

/// gzip decompression by the system's `gzip -dc`: Foundation on Linux has no gzip codec, and the
/// peers' files are small enough to hold in memory.
public enum Gzip {
    public static func decompress(_ url: URL) throws -> Data {
        guard FileManager.default.isReadableFile(atPath: url.path) else { throw NABError("\(url.path): cannot read") }
        guard let gzip = ["/bin/gzip", "/usr/bin/gzip"].first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            throw NABError("gzip not found in /bin or /usr/bin; it is needed to read \(url.path)")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: gzip)
        process.arguments = ["-dc", url.path]
        let out = Pipe()
        process.standardOutput = out
        // gzip's own message would only repeat the file name; the status below says it failed.
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        do { try process.run() } catch { throw NABError("cannot start \(gzip): \(error.localizedDescription)") }
        // Read to EOF before waiting: a child blocked on a full pipe would never exit.
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw NABError("\(url.path): gzip -dc failed (status \(process.terminationStatus))")
        }
        return data
    }
}
