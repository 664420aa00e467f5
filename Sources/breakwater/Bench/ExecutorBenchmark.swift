import BreakwaterChain
import BreakwaterCore
import BreakwaterPipeline
import BreakwaterStorage
import Foundation
import Logging

/// From a live decision that pauses a pool to its transaction handed to the node, as `run --chain` does it with an
/// `executor` section: the call planned, signed by the pauser at the fees quoted at the last poll, kept in a SQLite
/// outbox (one write, as the decision's batch is), then sent with `eth_sendRawTransaction` over loopback HTTP to a
/// ``FixtureNode``.
struct ExecutorBenchmark {
    struct Result: Encodable, Sendable {
        var decisions: Int
        /// From the decision to the node's answer to `eth_sendRawTransaction`.
        var p50Ms, p99Ms, maxMs: Double
    }

    /// A bench-only pauser key: never a real one.
    static let key = "0x" + String(repeating: "0", count: 63) + "7"

    let setup: ChainBenchmark.Setup
    /// `chain.yml`'s text, to which the bench adds its executor section.
    let chainYAML: String
    let decisions: Int

    /// `chainYAML` with an executor section in which any pause pauses the vault, signed by the bench's key.
    static func actingChain(setup: ChainBenchmark.Setup, chainYAML: String) throws -> ChainConfig {
        let section = """

            executor:
              key_env: BENCH_PAUSER_KEY
              max_fee_gwei: "200"
              max_priority_fee_gwei: "2"
              actions:
                - {action: pause, contract: vault, call: "pause()"}

            """
        return try ChainConfig.load(
            yaml: chainYAML + section,
            protocol: setup.config,
            environment: ["BENCH_PAUSER_KEY": Self.key]
        )
    }

    func run() async throws -> Result {
        setup.progress("executor: \(decisions) decisions that pause pool main, each signed, kept and sent")
        let chain = try Self.actingChain(setup: setup, chainYAML: chainYAML)
        guard let executor = chain.executor, let main = setup.config.poolID(named: "main") else {
            throw BenchSetupError()
        }
        let node = try FixtureNode(chain: chain, config: setup.config, head: 1, logsPerBlock: 0)
        let path = ScratchJournal.path("executor")
        defer { ScratchJournal.remove(path) }
        let store = try SQLiteJournalStore(path: path)
        var logger = Logger(label: "breakwater.bench")
        logger.logLevel = .critical
        let quiet = logger
        return try await FixtureServer(answer: node.answer).serving { endpoint in
            let sender = TransactionExecutor(
                executor: executor,
                chain: chain,
                config: setup.config,
                client: JSONRPCClient(endpoints: [endpoint], retry: .once),
                store: store,
                logger: quiet
            )
            var latencies: [Double] = []
            for decision in 1...decisions {
                let start = ContinuousClock.now
                let action = Action(kind: .pause, scope: .pool(main), reason: "bench")
                let taken = [TakenAction(action: action, incident: "INC-\(decision)", accountName: nil)]
                let entries = await sender.entries(for: taken, decision: decision)
                try await store.append([], outbox: entries)
                await sender.stored(entries)
                latencies.append((ContinuousClock.now - start) / .milliseconds(1))
            }
            let measured = MillisecondLatencies(latencies)
            return Result(
                decisions: measured.count,
                p50Ms: measured.percentile(0.5),
                p99Ms: measured.percentile(0.99),
                maxMs: measured.maximum
            )
        }
    }

    struct BenchSetupError: Error, CustomStringConvertible {
        var description: String { "the bench's chain.yml needs a contract named vault and the config a pool main" }
    }
}
