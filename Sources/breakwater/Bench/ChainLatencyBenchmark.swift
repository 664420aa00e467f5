import BreakwaterChain
import BreakwaterCore
import BreakwaterEngine
import BreakwaterPipeline
import Logging

/// How long after a block appears on the node its events are decided, as `run --chain` follows it: a
/// ``FixtureNode`` served over loopback HTTP makes a block every `blockInterval`, the chain source polls it every
/// `poll_interval_ms`, and each block's marker is timed from the block's appearance to its decision.
struct ChainLatencyBenchmark {
    struct Result: Encodable, Sendable {
        /// The blocks timed, and the intervals they were polled and made at.
        var blocks, pollIntervalMs, blockIntervalMs: Int
        /// From a block's appearance to its decision.
        var p50Ms, p99Ms, maxMs: Double
    }

    /// Thrown by the source's reader once the last block is decided: the source itself never ends.
    private struct Done: Error {}

    let setup: ChainBenchmark.Setup
    let blocks: Int64
    let blockInterval: Duration

    func run() async throws -> Result {
        let (config, chain, progress) = (setup.config, setup.chain, setup.progress)
        progress("latency: \(blocks) blocks, one every \(blockInterval), polled every \(chain.pollInterval)")
        let node = try FixtureNode(
            chain: chain,
            config: config,
            head: blocks,
            logsPerBlock: 2,
            pace: (ContinuousClock.now, blockInterval)
        )
        return try await FixtureServer(answer: node.answer).serving { endpoint in
            try await run(node: node, client: JSONRPCClient(endpoints: [endpoint], retry: .once))
        }
    }

    private func run(node: FixtureNode, client: JSONRPCClient) async throws -> Result {
        let (config, chain) = (setup.config, setup.chain)
        var quiet = Logger(label: "breakwater.bench")
        quiet.logLevel = .critical
        let source = ChainSource(chain: chain, config: config, client: client, logger: quiet)
        var replay = Replay(
            config: config,
            configYAML: setup.configYAML,
            configuration: Engine.Configuration(observes: source.minesFacts)
        )
        var lines = 0
        var latencies: [Double] = []
        do {
            try await source.forEachLine { line in
                lines += 1
                for decided in replay.decide(line: line, number: lines).decided {
                    guard decided.event.kind == .block, let number = decided.event.provenance?.block,
                        let appeared = node.appearance(of: number)
                    else { continue }
                    if number >= 1 { latencies.append((ContinuousClock.now - appeared) / .milliseconds(1)) }
                    if number >= blocks { throw Done() }
                }
                return true
            }
        } catch is Done {}
        let measured = MillisecondLatencies(latencies)
        return Result(
            blocks: measured.count,
            pollIntervalMs: Int(chain.pollInterval / .milliseconds(1)),
            blockIntervalMs: Int(blockInterval / .milliseconds(1)),
            p50Ms: measured.percentile(0.5),
            p99Ms: measured.percentile(0.99),
            maxMs: measured.maximum
        )
    }
}
