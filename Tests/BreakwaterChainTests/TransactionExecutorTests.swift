import BreakwaterChain
import BreakwaterCore
import BreakwaterPipeline
import BreakwaterTesting
import Logging
import Testing

/// The executor sends only what the pipeline has stored with its decision, each transaction once, and never makes
/// the same call twice.
@Suite struct TransactionExecutorTests {
    typealias Scripted = JSONRPCClientTests.ScriptedTransport

    /// A node with a base fee of 1 gwei, nothing sent by the pauser, and no receipt yet.
    static func node() -> Scripted {
        Scripted { _, request in
            switch request.method {
            case "eth_feeHistory": .result(#"{"baseFeePerGas":["0x3b9aca00","0x3b9aca00"]}"#)
            case "eth_maxPriorityFeePerGas": .result(#""0x77359400""#)
            case "eth_getTransactionCount": .result(#""0x0""#)
            case "eth_sendRawTransaction": .result(#""0x\#(String(repeating: "ab", count: 32))""#)
            case "eth_getTransactionReceipt": .result("null")
            default: .fault(code: -32601, message: "method not found")
            }
        }
    }

    @Test func onlyWhatIsStoredIsSentAndEachOnce() async throws {
        let yaml = ChainFixtures.yaml + "\npoll_interval_ms: 1\n" + ExecutorConfigTests.section
        let chain = try ChainFixtures.chain(yaml, environment: ["BREAKWATER_PAUSER_KEY": ExecutorConfigTests.key])
        let node = Self.node()
        let store = MemoryJournalStore()
        let executor = TransactionExecutor(
            executor: try #require(chain.executor),
            chain: chain,
            config: try ChainFixtures.config,
            client: JSONRPCClient(endpoints: chain.endpoints, transport: node, retry: .once),
            store: store,
            logger: Logger(label: "test")
        )
        let main = try #require(try ChainFixtures.config.poolID(named: "main"))
        let pause = TakenAction(
            action: Action(kind: .pause, scope: .pool(main), reason: "test"),
            incident: "INC-0001",
            accountName: nil
        )
        let entries = await executor.entries(for: [pause], decision: 4)
        #expect(entries.map(\.key) == ["pause|pool=main|INC-0001|0"] && entries.first?.nonce == 0)
        #expect(await executor.entries(for: [pause], decision: 9).isEmpty, "the same call is made once")

        // The executor polls while the pipeline has not stored the entry yet: nothing is sent.
        let polling = Task { try await executor.run() }
        for _ in 0..<20 { await Task.yield() }
        try await Task.sleep(for: .milliseconds(20))
        #expect(!node.methods.contains("eth_sendRawTransaction"), "\(node.methods)")

        try await store.append([], outbox: entries)
        await executor.stored(entries)
        try await Task.sleep(for: .milliseconds(20))
        polling.cancel()
        #expect(node.methods.filter { $0 == "eth_sendRawTransaction" }.count == 1, "sent once, then followed")
        #expect(node.methods.contains("eth_getTransactionReceipt"))
    }
}
