// libs: VigilCore VigilSources VigilDetect
// max_len: 4096
// extra: Sources/VigilLogSources/Logs/LogLineReader.swift Sources/VigilLogSources/Logs/LogRecordBuilder.swift Sources/VigilLogSources/Logs/LogTimestamp.swift
// Raw bytes as a log file or pipe delivers them (invalid UTF-8, NULs, huge lines, any split into
// reads): the line reader, the timestamp reader, the masker and the template miner.
import Foundation
import VigilCore
import VigilDetect

nonisolated(unsafe) var miner = TemplateMiner()
nonisolated(unsafe) var runs = 0
let builder = LogRecordBuilder(timestamps: LogTimestamp(year: 2026, timeZone: TimeZone(identifier: "UTC") ?? .current), source: "fuzz")

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = UnsafeBufferPointer(start: data, count: size)
    // The first byte picks where the input is split into reads.
    let cut = size > 0 ? Int(bytes[0]) % max(1, size) : 0
    var reader = LogLineReader(maxLineBytes: 4096)
    var lines = reader.feed(bytes[0..<cut]) + reader.feed(bytes[cut...])
    if let last = reader.finish() { lines.append(last) }
    for record in builder.records(lines, arrival: Date(timeIntervalSince1970: 1_800_000_000)) {
        _ = LogMasker.masked(Substring(record.line))
        _ = LogMasker.maskedLine(Substring(record.line))
        let mined = miner.add(record.line)
        _ = miner.template(mined.templateID)
    }
    // A fresh miner now and then, so its state does not grow without end.
    runs += 1
    if runs % 100 == 0 { miner = TemplateMiner() }
    return 0
}
