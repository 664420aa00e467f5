/// How alerts are POSTed: ``HTTPAlertTransport``, or a fake in tests.
public protocol AlertTransport: Sendable {
    /// POSTs `body` to `url` with `headers`.
    ///
    /// - Returns: the status code of the answer (its body is read and dropped).
    /// - Throws: when there was no answer: the connection failed or the request timed out.
    func post(url: String, headers: [(String, String)], body: [UInt8]) async throws -> Int
}
