import BreakwaterChain
import BreakwaterCore
import BreakwaterEVM
import Foundation
import Synchronization
import Testing

/// The client fails over across endpoints in order, retries in rounds, does not retry a refusal, splits a range the
/// node finds too large, and never names an endpoint beyond scheme://host:port.
@Suite struct JSONRPCClientTests {
    /// What a scripted node answers: a result (as JSON text) or a JSON-RPC error.
    enum Answer: Sendable {
        case result(String)
        case fault(code: Int, message: String)
    }

    /// A request as the scripted node sees it: its method and its parameters as JSON text.
    struct Request: Sendable {
        var method: String
        var params: String
    }

    /// A transport that answers from `answer`, and remembers which endpoint was asked what.
    final class ScriptedTransport: RPCTransport {
        struct Down: Error, CustomStringConvertible {
            var url: String
            var description: String { "connection refused by \(url)" }
        }

        let asked = Mutex<[(endpoint: String, method: String)]>([])
        let answer: @Sendable (RPCEndpoint, Request) throws -> Answer

        init(answer: @escaping @Sendable (RPCEndpoint, Request) throws -> Answer) {
            self.answer = answer
        }

        func post(_ body: [UInt8], to endpoint: RPCEndpoint, timeout: Duration) async throws -> [UInt8] {
            let json = try JSONSerialization.jsonObject(with: Data(body))
            let requests = (json as? [[String: Any]]) ?? [json as! [String: Any]]
            var answers: [String] = []
            for request in requests {
                let method = request["method"] as! String
                let params = try JSONSerialization.data(withJSONObject: request["params"]!)
                asked.withLock { $0.append((endpoint.redacted, method)) }
                let id = request["id"] as! Int
                switch try answer(endpoint, Request(method: method, params: String(decoding: params, as: UTF8.self))) {
                case .result(let result):
                    answers.append(#"{"jsonrpc":"2.0","id":\#(id),"result":\#(result)}"#)
                case .fault(let code, let message):
                    answers.append(#"{"jsonrpc":"2.0","id":\#(id),"error":{"code":\#(code),"message":"\#(message)"}}"#)
                }
            }
            return Array((json is [Any] ? "[" + answers.joined(separator: ",") + "]" : answers[0]).utf8)
        }

        var methods: [String] { asked.withLock { $0.map(\.method) } }
        var endpoints: [String] { asked.withLock { $0.map(\.endpoint) } }
    }

    /// The first block parameter of `request`, a quantity.
    static func blockParameter(_ request: Request, _ key: String) -> Int64 {
        let text = request.params.components(separatedBy: "\"\(key)\":\"0x")[1].prefix { $0 != "\"" }
        return Int64(text, radix: 16)!
    }

    static let first = try! RPCEndpoint(url: "http://127.0.0.1:1/key-one")
    static let second = try! RPCEndpoint(url: "https://user:secret@node.example/v3/key-two")
    static let quick = RPCRetry(maxRounds: 3, initialBackoff: .milliseconds(1), maxBackoff: .milliseconds(2))

    @Test func aDeadEndpointIsPassedOverAndTheOneThatAnsweredIsAskedFirst() async throws {
        let transport = ScriptedTransport { endpoint, _ in
            if endpoint == Self.first { throw ScriptedTransport.Down(url: endpoint.url) }
            return .result(#""0x539""#)
        }
        let client = JSONRPCClient(endpoints: [Self.first, Self.second], transport: transport, retry: Self.quick)
        #expect(try await client.chainID() == 1337)
        #expect(try await client.blockNumber() == 1337)
        #expect(transport.endpoints == ["http://127.0.0.1:1", "https://node.example:443", "https://node.example:443"])
    }

    @Test func noNodeAnsweringIsUnavailableAfterEveryRoundAndNamesNoKey() async throws {
        let transport = ScriptedTransport { endpoint, _ in throw ScriptedTransport.Down(url: endpoint.url) }
        let client = JSONRPCClient(endpoints: [Self.first, Self.second], transport: transport, retry: Self.quick)
        let error = await #expect(throws: ChainError.self) { try await client.blockNumber() }
        #expect(error?.code == .unavailable && error?.message.contains("3 rounds") == true)
        #expect(transport.methods.count == 6)
        for secret in ["key-one", "key-two", "secret"] { #expect(error?.message.contains(secret) == false) }
    }

    @Test func aRefusalIsNotRetriedAndAnAnswerThatIsNotJSONRPCIsPassedOver() async throws {
        let refusing = ScriptedTransport { _, _ in .fault(code: -32601, message: "the method does not exist") }
        let client = JSONRPCClient(endpoints: [Self.first, Self.second], transport: refusing, retry: Self.quick)
        let error = await #expect(throws: ChainError.self) { try await client.chainID() }
        #expect(error?.code == .refused && error?.message.contains("does not exist") == true)
        #expect(refusing.methods == ["eth_chainId"])

        let garbled = ScriptedTransport { endpoint, _ in
            .result(endpoint == Self.first ? #""not a quantity""# : #""0x10""#)
        }
        let failover = JSONRPCClient(endpoints: [Self.first, Self.second], transport: garbled, retry: Self.quick)
        #expect(try await failover.blockNumber() == 16)
    }

    @Test func aRangeWithTooManyLogsIsSplitInHalves() async throws {
        let address = try EVMAddress(parsing: ChainFixtures.vault)
        let topic = Keccak256.hash("Ping(uint256)")
        let transport = ScriptedTransport { _, request in
            let from = Self.blockParameter(request, "fromBlock")
            let to = Self.blockParameter(request, "toBlock")
            if to - from >= 4 { return .fault(code: -32005, message: "query returned more than 10000 results") }
            // One log per block, newest first: the client puts them in order.
            let logs = (from...to).reversed().map { block in
                #"{"address":"\#(ChainFixtures.vault)","topics":["0x\#(Hex.encode(topic))"],"data":"0x","blockNumber":"0x\#(String(block, radix: 16))","blockHash":"0x\#(String(repeating: "11", count: 32))","transactionHash":"0x\#(String(repeating: "22", count: 32))","logIndex":"0x0","removed":false}"#
            }
            return .result("[" + logs.joined(separator: ",") + "]")
        }
        let client = JSONRPCClient(endpoints: [Self.first], transport: transport, retry: Self.quick)
        let logs = try await client.logs(in: 10...25, addresses: [address], topics: [topic])
        #expect(logs.map(\.blockNumber) == Array(10...25))
        #expect(transport.methods.count == 7)
    }

    @Test func blocksComeInOneBatchInTheirOrder() async throws {
        let transport = ScriptedTransport { _, request in
            let number = request.params.split(separator: "\"")[1]
            let hash = String(repeating: "ab", count: 32)
            let parent = String(repeating: "cd", count: 32)
            return .result(
                #"{"number":"\#(number)","hash":"0x\#(hash)","parentHash":"0x\#(parent)","timestamp":"0x64"}"#
            )
        }
        let client = JSONRPCClient(endpoints: [Self.first], transport: transport, retry: Self.quick)
        let blocks = try await client.blocks([5, 6, 7])
        #expect(blocks.map(\.number) == [5, 6, 7] && blocks.allSatisfy { $0.timestamp == 100 })
        let missing = ScriptedTransport { _, _ in .result("null") }
        let empty = JSONRPCClient(endpoints: [Self.first], transport: missing, retry: Self.quick)
        let error = await #expect(throws: ChainError.self) { try await empty.blocks([9]) }
        #expect(error?.message.contains("no block 9") == true)
    }

    @Test func theRetryWaitDoublesToItsCapAndJitterTakesUpToHalf() {
        let retry = RPCRetry(maxRounds: 9, initialBackoff: .milliseconds(100), maxBackoff: .seconds(1))
        #expect(
            (1...6).map { retry.delay(afterRound: $0, jitter: 0) }
                == [100, 200, 400, 800, 1000, 1000].map { .milliseconds($0) }
        )
        #expect(retry.delay(afterRound: 2, jitter: 1) == .milliseconds(100))
    }
}
