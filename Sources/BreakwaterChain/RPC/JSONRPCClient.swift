import Foundation
public import Logging
import Synchronization

/// Asks an EVM node over JSON-RPC, failing over across the endpoints in order and retrying with backoff and
/// jitter when none answers.
///
/// The endpoint that last answered is asked first. A node that answers with a JSON-RPC error is not asked again
/// (the request itself is refused, and another node would refuse it too); one that does not answer, or answers
/// with an HTTP error or something that is not JSON-RPC, is passed over for the next. Endpoints are named in logs
/// and errors only as `scheme://host:port`.
public final class JSONRPCClient: Sendable {
    public let endpoints: [RPCEndpoint]
    private let transport: any RPCTransport
    private let timeout: Duration
    private let retry: RPCRetry
    private let logger: Logger
    private let state = Mutex(State())

    private struct State {
        var preferred = 0
        var nextID = 1
    }

    /// A client of `endpoints`, in failover order.
    ///
    /// - Parameters:
    ///   - transport: how requests travel: HTTP by default.
    ///   - timeout: how long one node may take to answer one request.
    public init(
        endpoints: [RPCEndpoint],
        transport: any RPCTransport = HTTPRPCTransport(),
        timeout: Duration = .seconds(10),
        retry: RPCRetry = RPCRetry(),
        logger: Logger = Logger(label: "breakwater.chain.rpc")
    ) {
        precondition(!endpoints.isEmpty, "a client needs an endpoint")
        self.endpoints = endpoints
        self.transport = transport
        self.timeout = timeout
        self.retry = retry
        self.logger = logger
    }

    /// The result of `method` with `params`.
    ///
    /// - Parameters:
    ///   - method: the JSON-RPC method.
    ///   - params: its parameters.
    ///   - type: what its result decodes to.
    ///   - fast: a reader of the answer's common shape (its bytes and the request's id), whose `nil` leaves the
    ///     answer to `JSONDecoder`.
    /// - Throws: ``ChainError`` `refused` for a JSON-RPC error, `unavailable` when no node answered in any round,
    ///   `badResponse` for a result that is not what the method returns.
    func call<Result: Decodable>(
        _ method: String,
        _ params: [RPCParam],
        as type: Result.Type,
        fast: (([UInt8], Int) -> Result?)? = nil
    ) async throws(ChainError) -> Result {
        let id = state.withLock { state in
            defer { state.nextID &+= 1 }
            return state.nextID
        }
        let body = try encode(RPCRequest(id: id, method: method, params: params))
        let answer = try await exchange(body, method: method) { bytes throws(ChainError) in
            if let result = fast?(bytes, id) { return RPCAnswer(id: id, result: result) }
            return try Self.decode(RPCAnswer<Result>.self, from: bytes, method: method)
        }
        if let fault = answer.error { throw Self.refusal(fault, method: method) }
        guard let result = answer.result else {
            throw ChainError(.badResponse, "\(method): the answer has neither a result nor an error")
        }
        return result
    }

    /// The results of `requests`, sent as one batch, in their order.
    func batch<Result: Decodable>(
        _ method: String,
        _ requests: [[RPCParam]],
        as type: Result.Type
    ) async throws(ChainError) -> [Result] {
        guard !requests.isEmpty else { return [] }
        let firstID = state.withLock { state in
            defer { state.nextID &+= requests.count }
            return state.nextID
        }
        let body = try encode(requests.enumerated().map { RPCRequest(id: firstID + $0, method: method, params: $1) })
        let answers = try await exchange(body, method: method) { bytes throws(ChainError) in
            try Self.decode([RPCAnswer<Result>].self, from: bytes, method: method)
        }
        var results = [Result?](repeating: nil, count: requests.count)
        for answer in answers {
            if let fault = answer.error { throw Self.refusal(fault, method: method) }
            guard let id = answer.id, (firstID..<firstID + requests.count).contains(id), let result = answer.result
            else { throw ChainError(.badResponse, "\(method): a batch answer has no result for its requests") }
            results[id - firstID] = result
        }
        let complete = results.compactMap(\.self)
        guard complete.count == requests.count else {
            throw ChainError(
                .badResponse,
                "\(method): the batch answered \(complete.count) of \(requests.count) requests"
            )
        }
        return complete
    }

    /// `body` sent to the endpoints in turn, round after round, until one answers with bytes `read` accepts.
    private func exchange<Answer>(
        _ body: [UInt8],
        method: String,
        read: ([UInt8]) throws(ChainError) -> Answer
    ) async throws(ChainError) -> Answer {
        var failures: [String] = []
        for round in 1...max(retry.maxRounds, 1) {
            if round > 1 {
                do {
                    try await Task.sleep(for: retry.delay(afterRound: round - 1, jitter: Double.random(in: 0...1)))
                } catch {
                    throw ChainError(.unavailable, "\(method): cancelled while waiting to retry")
                }
            }
            let first = state.withLock(\.preferred)
            for offset in endpoints.indices {
                let index = (first + offset) % endpoints.count
                let endpoint = endpoints[index]
                do {
                    let bytes = try await transport.post(body, to: endpoint, timeout: timeout)
                    let answer = try read(bytes)
                    state.withLock { $0.preferred = index }
                    return answer
                } catch let error as ChainError where error.code == .badResponse {
                    failures.append("\(endpoint): \(error.message)")
                } catch let error as ChainError {
                    throw error
                } catch {
                    failures.append("\(endpoint): \(Self.describe(error, endpoint: endpoint))")
                }
                logger.warning(
                    "node did not answer",
                    metadata: ["endpoint": "\(endpoint)", "method": "\(method)", "round": "\(round)"]
                )
            }
        }
        let rounds = max(retry.maxRounds, 1)
        throw ChainError(
            .unavailable,
            "\(method): no node answered in \(rounds) round\(rounds == 1 ? "" : "s") (last: \(failures.last ?? "none"))"
        )
    }

    /// The request's bytes, its keys sorted: the same request is the same bytes.
    private func encode(_ request: some Encodable) throws(ChainError) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        do {
            return Array(try encoder.encode(request))
        } catch {
            throw ChainError(.badResponse, "the request cannot be written: \(error)")
        }
    }

    private static func decode<Value: Decodable>(
        _ type: Value.Type,
        from bytes: [UInt8],
        method: String
    ) throws(ChainError) -> Value {
        do {
            return try JSONDecoder().decode(Value.self, from: Data(bytes))
        } catch {
            throw ChainError(.badResponse, "\(method): the answer is not what the method returns (\(error))")
        }
    }

    private static func refusal(_ fault: RPCFault, method: String) -> ChainError {
        ChainError(.refused, "\(method): the node refused it: \(fault.explained) (code \(fault.code))")
    }

    /// An error in words that never hold the endpoint's full URL.
    private static func describe(_ error: any Error, endpoint: RPCEndpoint) -> String {
        "\(error)".replacingOccurrences(of: endpoint.url, with: endpoint.redacted)
    }
}
