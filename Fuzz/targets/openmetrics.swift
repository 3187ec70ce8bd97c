// libs: VigilCore VigilSources
// OpenMetrics / Prometheus text, as a recording's metrics.om and a scrape are read.
import Foundation
import VigilSources

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    _ = try? OpenMetricsParser.parse(text, defaultTimestamp: Date(timeIntervalSince1970: 0))
    _ = try? OpenMetricsParser.parse(text, defaultTimestamp: Date(timeIntervalSince1970: 0), requireEOF: true)
    return 0
}
