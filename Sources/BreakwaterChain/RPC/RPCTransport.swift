public import AsyncHTTPClient
import NIOCore
import NIOHTTP1

/// Carries one JSON-RPC request body to a node and brings back its answer: HTTP in the service, a table of answers
/// in tests.
public protocol RPCTransport: Sendable {
    /// The body `endpoint` answers to `body`.
    ///
    /// - Throws: when the node does not answer in `timeout`, or answers with an HTTP status other than 200.
    func post(_ body: [UInt8], to endpoint: RPCEndpoint, timeout: Duration) async throws -> [UInt8]
}

/// ``RPCTransport`` over HTTP, with AsyncHTTPClient.
public struct HTTPRPCTransport: RPCTransport {
    /// The largest answer read: a day of logs in one `eth_getLogs` stays well under it.
    private static let maxAnswerBytes = 256 << 20
    private let client: HTTPClient

    /// A transport on `client`: the process's shared one by default.
    public init(client: HTTPClient = .shared) {
        self.client = client
    }

    public func post(_ body: [UInt8], to endpoint: RPCEndpoint, timeout: Duration) async throws -> [UInt8] {
        var request = HTTPClientRequest(url: endpoint.url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.body = .bytes(body)
        let response = try await client.execute(request, timeout: TimeAmount(timeout))
        let answer = try await response.body.collect(upTo: Self.maxAnswerBytes)
        guard response.status == .ok else { throw HTTPStatusError(status: Int(response.status.code)) }
        return Array(buffer: answer)
    }

    /// A node that answered with an HTTP status other than 200.
    struct HTTPStatusError: Error, CustomStringConvertible {
        var status: Int
        var description: String { "HTTP status \(status)" }
    }
}
