import BreakwaterChain
import BreakwaterCore
import BreakwaterEngine
import BreakwaterPipeline
import BreakwaterStorage
import Foundation
import Logging

/// From a block with an attack appearing on the node to the pause transaction arriving at the node, end to end as
/// `run --chain` does it with an `executor` section: the chain source polls the node over loopback HTTP at
/// `poll_interval_ms`, the live pipeline decides the block (a perp trade in pool `main` that raises `unsafe_effect`
/// and pauses the pool), the executor signs the pause, the pipeline keeps it in a SQLite outbox with the decision's
/// batch, and the executor sends it. Each trial is a fresh service on a fresh journal: the attack's block appears
/// at a random moment of the source's poll.
struct PauseLatencyBenchmark {
    struct Result: Encodable, Sendable {
        var trials, pollIntervalMs: Int
        /// From the attack's block appearing on the node to the node receiving the pause.
        var p50Ms, p99Ms, maxMs: Double
    }

    /// The generated chain's first perp trade (one log a block): the attack.
    static let attackBlock: Int64 = 9

    let setup: ChainBenchmark.Setup
    /// `chain.yml`'s text, to which the bench adds its executor section.
    let chainYAML: String
    let trials: Int

    func run() async throws -> Result {
        let chain = try ExecutorBenchmark.actingChain(setup: setup, chainYAML: chainYAML)
        setup.progress("pause: \(trials) attacks, each from its block on the node to the pause sent")
        var latencies: [Double] = []
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<trials {
            // The blocks before the attack's are there when the service starts; the attack's appears after a
            // warm-up of two polls and a random part of a third.
            let warmUp = chain.pollInterval * 2 + chain.pollInterval * Double.random(in: 0..<1, using: &generator)
            let interval = Duration.milliseconds(100)
            let start = ContinuousClock.now + warmUp - interval * Int(Self.attackBlock)
            let node = try FixtureNode(
                chain: chain,
                config: setup.config,
                head: Self.attackBlock,
                logsPerBlock: 1,
                pace: (start, interval)
            )
            let sent = try await FixtureServer(answer: node.answer).serving { endpoint in
                try await trial(chain: chain, node: node, client: JSONRPCClient(endpoints: [endpoint], retry: .once))
            }
            guard let appeared = node.appearance(of: Self.attackBlock) else { continue }
            latencies.append((sent - appeared) / .milliseconds(1))
        }
        let measured = MillisecondLatencies(latencies)
        return Result(
            trials: measured.count,
            pollIntervalMs: Int(chain.pollInterval / .milliseconds(1)),
            p50Ms: measured.percentile(0.5),
            p99Ms: measured.percentile(0.99),
            maxMs: measured.maximum
        )
    }

    /// Thrown by the source's reader once the pause reached the node: the source itself never ends.
    private struct Sent: Error {}

    /// Runs a service on a fresh journal until the node receives a transaction, and gives when it did.
    private func trial(
        chain: ChainConfig,
        node: FixtureNode,
        client: JSONRPCClient
    ) async throws -> ContinuousClock.Instant {
        guard let acting = chain.executor else { throw ExecutorBenchmark.BenchSetupError() }
        var quiet = Logger(label: "breakwater.bench")
        quiet.logLevel = .critical
        let path = ScratchJournal.path("pause")
        defer { ScratchJournal.remove(path) }
        let store = try SQLiteJournalStore(path: path)
        let source = ChainSource(chain: chain, config: setup.config, client: client, logger: quiet)
        var replay = Replay(
            config: setup.config,
            configYAML: setup.configYAML,
            configuration: Engine.Configuration(observes: source.minesFacts)
        )
        let session = try await JournalSession.attach(store, to: &replay, batchSize: 4_096)
        let executor = TransactionExecutor(
            executor: acting,
            chain: chain,
            config: setup.config,
            client: client,
            store: store,
            logger: quiet
        )
        let pipeline = LivePipeline(replay: replay, session: session, source: "bench", executor: executor)
        // The executor's poll loop runs beside the source, as in the service: it quotes the fees signing uses.
        let polling = Task { try await executor.run() }
        defer { polling.cancel() }
        do {
            try await source.forEachLine { line in
                try await pipeline.ingest(Array(line))
                if node.firstSend != nil { throw Sent() }
                return true
            }
        } catch is Sent {}
        guard let sent = node.firstSend else { throw ExecutorBenchmark.BenchSetupError() }
        return sent
    }
}
