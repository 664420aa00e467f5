import BreakwaterChain
import BreakwaterCore
import BreakwaterPipeline
import BreakwaterTesting
import Foundation
import Logging
import Synchronization
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

    /// An executor of `section` on the scripted node, polling every millisecond, with its store, and a pause of
    /// pool `main` in incident INC-0001 to make.
    static func executor(
        _ section: String = ExecutorConfigTests.section
    ) throws -> (TransactionExecutor, Scripted, MemoryJournalStore, TakenAction) {
        let yaml = ChainFixtures.yaml + "\npoll_interval_ms: 1\n" + section
        let chain = try ChainFixtures.chain(yaml, environment: ["BREAKWATER_PAUSER_KEY": ExecutorConfigTests.key])
        let (node, store) = (Self.node(), MemoryJournalStore())
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
        return (executor, node, store, pause)
    }

    @Test func onlyWhatIsStoredIsSentAndEachOnce() async throws {
        let (executor, node, store, pause) = try Self.executor()
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

    /// A transaction not mined `bump_after_ms` after it was sent is replaced at the same nonce with at least 10 %
    /// higher fees, written over its outbox entry and told in a note; the caps stop the raises.
    @Test func anUnminedTransactionIsReplacedAtTheSameNonceWithinTheCaps() async throws {
        let section = ExecutorConfigTests.section.replacingOccurrences(
            of: "max_priority_fee_gwei: \"1.5\"",
            with: "max_priority_fee_gwei: \"2.5\"\n  bump_after_ms: 1"
        )
        let (executor, node, store, pause) = try Self.executor(section)
        let notes = Notes()
        await executor.noting { notes.append($0) }
        let entries = await executor.entries(for: [pause], decision: 4)
        try await store.append([], outbox: entries)
        await executor.stored(entries)
        let polling = Task { try await executor.run() }
        for _ in 0..<5_000 where !notes.actions.contains("tx_failed") { try await Task.sleep(for: .milliseconds(2)) }
        polling.cancel()

        // The tip of 2 gwei is raised 10 % at a time up to the cap of 2.5: 2.2, 2.42, then no more.
        let replaced = notes.all.filter { $0.action == .txReplaced }
        #expect(replaced.count == 2, "\(notes.all.map(\.text))")
        #expect(
            replaced.allSatisfy { $0.incident == "INC-0001" && $0.text.hasSuffix("for pause|pool=main|INC-0001|0") }
        )
        #expect(notes.actions.last == "tx_failed" && notes.all.last?.text.contains("cannot be replaced") == true)
        let stored = try #require(try await store.outbox().first)
        #expect(stored.nonce == 0 && stored.hash != entries.first?.hash, "the entry holds the latest replacement")
        #expect(node.methods.filter { $0 == "eth_sendRawTransaction" }.count == 3, "the first and two replacements")
    }
}

/// The notes an executor gives, in order.
private final class Notes: Sendable {
    private let notes = Mutex<[Note]>([])

    func append(_ note: Note) { notes.withLock { $0.append(note) } }

    var all: [Note] { notes.withLock { $0 } }
    var actions: [String] { all.map(\.action.rawValue) }
}
