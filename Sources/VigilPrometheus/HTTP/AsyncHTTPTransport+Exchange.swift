import VigilSources
import AsyncHTTPClient
import Foundation
import NIOCore

extension AsyncHTTPTransport {
    /// Same-origin redirects followed per request; more is a misconfigured URL.
    static let maxRedirects = 3

    /// One request and its response, following same-origin redirects, with the body read up to
    /// the size cap. Throws `SourceError` or `RetryableFailure`.
    func exchange(_ request: HTTPRequestSpec, authorization: String?) async throws -> HTTPResponseData {
        var url = target.url(for: request.path)
        var method = request.method, body = request.body
        for hop in 0...Self.maxRedirects {
            let response = try await once(url: url, method: method, body: body, request: request,
                                          authorization: authorization)
            guard [301, 302, 303, 307, 308].contains(response.status),
                  let location = response.header("Location") else { return response }
            guard hop < Self.maxRedirects else {
                throw SourceError(kind: .httpStatus(response.status),
                                  message: "more than \(Self.maxRedirects) redirects from \(request.route)")
            }
            guard let next = URL(string: location, relativeTo: URL(string: url))?.absoluteURL,
                  target.isSameOrigin(next) else {
                let elsewhere = URL(string: location).flatMap { u in
                    u.host.map { EndpointTarget.origin(scheme: u.scheme ?? "?", host: $0, port: u.port) }
                } ?? "an unparsable location"
                throw SourceError(kind: .httpStatus(response.status), message:
                    "\(response.status) redirect from \(request.route) to \(elsewhere) not followed (other origin)")
            }
            // As browsers do: 303, and 301/302 after a POST, continue as GET without the body.
            if response.status == 303 || (method == "POST" && [301, 302].contains(response.status)) {
                method = "GET"; body = nil
            }
            url = next.absoluteString
        }
        throw SourceError(kind: .other, message: "redirect loop from \(request.route)")
    }

    private func once(url: String, method: String, body: [UInt8]?, request: HTTPRequestSpec,
                      authorization: String?) async throws -> HTTPResponseData {
        var outgoing = HTTPClientRequest(url: url)
        outgoing.method = .init(rawValue: method)
        outgoing.headers.add(name: "User-Agent", value: "vigil")
        outgoing.headers.add(name: "Accept", value: "application/json")
        // Configured headers replace the defaults above; a name given twice is sent twice.
        var configured = Set<String>()
        for header in options.headers {
            if configured.insert(header.name.lowercased()).inserted {
                outgoing.headers.replaceOrAdd(name: header.name, value: header.value)
            } else {
                outgoing.headers.add(name: header.name, value: header.value)
            }
        }
        for header in request.headers { outgoing.headers.replaceOrAdd(name: header.name, value: header.value) }
        if let authorization { outgoing.headers.replaceOrAdd(name: "Authorization", value: authorization) }
        if let body { outgoing.body = .bytes(ByteBuffer(bytes: body)) }
        let limit = options.maxResponseBytes
        do {
            let response = try await client.execute(outgoing, deadline: .now() + Self.timeAmount(options.timeout))
            // A declared length over the cap is refused before reading anything.
            if let declared = response.headers.first(name: "Content-Length").flatMap(Int.init), declared > limit {
                throw tooLarge(request)
            }
            var bytes: [UInt8] = []
            for try await chunk in response.body {
                // Checked per chunk, so at most the cap plus one chunk is ever held; leaving the
                // loop drops the body stream, which closes the connection.
                guard bytes.count + chunk.readableBytes <= limit else { throw tooLarge(request) }
                bytes.append(contentsOf: chunk.readableBytesView)
            }
            return HTTPResponseData(status: Int(response.status.code),
                                    headers: response.headers.map { (name: $0.name, value: $0.value) },
                                    body: bytes)
        } catch {
            throw TransportFailure.map(error, hostPort: target.hostPort, timeout: options.timeout)
        }
    }

    private func tooLarge(_ request: HTTPRequestSpec) -> SourceError {
        SourceError(kind: .responseTooLarge,
                    message: "response larger than \(SourceError.bytes(options.maxResponseBytes)) from \(request.route)")
    }
}
