import Foundation
import Hummingbird
import Logging
import NIOCore

/// The HTTP side of `vigil serve` (Hummingbird): `/metrics`, `/-/healthy`, `/-/ready`, and a
/// short index at `/`. Prometheus's own conventions: healthy while the process serves, ready
/// once every source has answered once (503 with what it waits for until then).
public enum ServeHTTP {
    public struct Endpoints: Sendable {
        /// The exposition, in OpenMetrics when asked.
        public var metrics: @Sendable (_ openMetrics: Bool) -> String
        /// Runs once the exposition's text is in the response buffer (serve: `ServeMemory.releaseFreed`).
        public var afterRender: @Sendable () -> Void
        /// The sources not answered yet (empty: ready).
        public var waitingFor: @Sendable () -> [String]
        public init(metrics: @escaping @Sendable (Bool) -> String, afterRender: @escaping @Sendable () -> Void = {},
                    waitingFor: @escaping @Sendable () -> [String]) {
            self.metrics = metrics; self.afterRender = afterRender; self.waitingFor = waitingFor
        }
    }

    /// The application, to run as a service (its `runService`, or in a `ServiceGroup`).
    /// `onRunning` gets the bound port (useful with port 0).
    public static func application(host: String, port: Int, endpoints: Endpoints, logger: Logger,
                                   onRunning: @escaping @Sendable (Int) async -> Void = { _ in }) -> some ApplicationProtocol {
        let router = Router()
        router.get("/metrics") { request, _ -> Response in
            let om = MetricsExporter.wantsOpenMetrics(accept: request.headers[.accept])
            // The text is gone once it is in the buffer: what it took can go back to the system.
            let buffer = ByteBuffer(string: endpoints.metrics(om))
            endpoints.afterRender()
            return Response(status: .ok,
                            headers: [.contentType: om ? MetricsExporter.openMetricsContentType : MetricsExporter.textContentType],
                            body: .init(byteBuffer: buffer))
        }
        router.get("/-/healthy") { _, _ -> Response in
            text(.ok, "Vigil is Healthy.\n")
        }
        router.get("/-/ready") { _, _ -> Response in
            let waiting = endpoints.waitingFor()
            return waiting.isEmpty
                ? text(.ok, "Vigil is Ready.\n")
                : text(.serviceUnavailable, "Vigil is not ready: waiting for the first answer of \(waiting.joined(separator: ", ")).\n")
        }
        router.get("/") { _, _ -> Response in
            text(.ok, "Vigil serve: /metrics, /-/healthy, /-/ready\n")
        }
        return Application(router: router, configuration: .init(address: .hostname(host, port: port), serverName: "vigil"),
                           onServerRunning: { channel in await onRunning(channel.localAddress?.port ?? port) },
                           logger: logger)
    }

    static func text(_ status: HTTPResponse.Status, _ body: String) -> Response {
        Response(status: status, headers: [.contentType: "text/plain; charset=utf-8"],
                 body: .init(byteBuffer: ByteBuffer(string: body)))
    }
}
