import BreakwaterChain
import Synchronization

/// A node's answers recorded once and replayed: each request's exact bytes answered with the bytes the node gave
/// when it was recorded. Served by a ``FixtureServer``, it costs the benchmark a lookup, so what is measured is
/// Breakwater reading, mapping and deciding over HTTP.
final class RecordedNode: RPCTransport {
    private let node: any RPCTransport
    private let answers = Mutex<[[UInt8]: [UInt8]]>([:])

    /// A recorder of `node`'s answers, as a transport a client reads through.
    init(recording node: any RPCTransport) {
        self.node = node
    }

    func post(_ body: [UInt8], to endpoint: RPCEndpoint, timeout: Duration) async throws -> [UInt8] {
        let answer = try await node.post(body, to: endpoint, timeout: timeout)
        answers.withLock { $0[body] = answer }
        return answer
    }

    /// The answer recorded for `body`.
    ///
    /// - Throws: when `body` was not recorded: the run asked what the recorded one did not.
    func replay(_ body: [UInt8]) throws -> [UInt8] {
        guard let answer = answers.withLock({ $0[body] }) else { throw NotRecorded() }
        return answer
    }

    struct NotRecorded: Error, CustomStringConvertible {
        var description: String { "the benchmark asked the recorded node what it was not asked when recorded" }
    }
}
