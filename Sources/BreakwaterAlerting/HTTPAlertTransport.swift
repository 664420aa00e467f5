public import AsyncHTTPClient
import NIOCore
import NIOHTTP1

/// ``AlertTransport`` over HTTP, with AsyncHTTPClient.
public struct HTTPAlertTransport: AlertTransport {
    private let client: HTTPClient
    private let timeout: Duration

    /// - Parameters:
    ///   - client: the client to send with: the process's shared one by default.
    ///   - timeout: how long an attempt may take, the answer included.
    public init(client: HTTPClient = .shared, timeout: Duration = .seconds(10)) {
        self.client = client
        self.timeout = timeout
    }

    /// POSTs `body` to `url` with `headers`, and reads the answer through so the connection goes back to the pool.
    public func post(url: String, headers: [(String, String)], body: [UInt8]) async throws -> Int {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        request.body = .bytes(body)
        let response = try await client.execute(request, timeout: TimeAmount(timeout))
        // Read the answer through, so that the connection goes back to the pool.
        for try await _ in response.body {}
        return Int(response.status.code)
    }
}
