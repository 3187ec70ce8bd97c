// libs: VigilCore VigilSources
// extra: Sources/VigilPrometheus/Prometheus/PrometheusEnvelope.swift Sources/VigilPrometheus/Prometheus/PrometheusTypes.swift Sources/VigilPrometheus/Prometheus/PrometheusWire.swift Sources/VigilPrometheus/Prometheus/QueryAnswerScanner.swift Sources/VigilPrometheus/HTTP/SourceError.swift Sources/VigilPrometheus/HTTP/HTTPTransport.swift
// Prometheus HTTP API answers: the fast query scanner and every JSON decoder behind it.
import Foundation

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    _ = QueryAnswerScanner.scan(bytes)
    let response = HTTPResponseData(status: 200, body: bytes)
    _ = try? PrometheusDecoding.decode(WireQueryData.self, from: response, route: "/api/v1/query")
    _ = try? PrometheusDecoding.decode(WireAlertsData.self, from: response, route: "/api/v1/alerts")
    _ = try? PrometheusDecoding.decode(WireTargetsData.self, from: response, route: "/api/v1/targets")
    _ = try? PrometheusDecoding.decode(WireBuildInfo.self, from: response, route: "/api/v1/status/buildinfo")
    return 0
}
