import BreakwaterChain
import BreakwaterCore
import BreakwaterPipeline
import Logging

/// How long after a block appears on the node its events are decided, as `run --chain` follows it: a
/// ``FixtureNode`` makes a block every `blockInterval`, the chain source polls it every `poll_interval_ms`, and each
/// block's marker is timed from the block's appearance to its decision.
struct ChainLatencyBenchmark {
    struct Result: Encodable {
        var blocks: Int
        var pollIntervalMilliseconds: Int
        var blockIntervalMilliseconds: Int
        var p50Milliseconds: Double
        var p99Milliseconds: Double
        var maxMilliseconds: Double

        enum CodingKeys: String, CodingKey {
            case blocks
            case pollIntervalMilliseconds = "poll_interval_ms"
            case blockIntervalMilliseconds = "block_interval_ms"
            case p50Milliseconds = "p50_ms"
            case p99Milliseconds = "p99_ms"
            case maxMilliseconds = "max_ms"
        }
    }

    /// Thrown by the source's reader once the last block is decided: the source itself never ends.
    private struct Done: Error {}

    let config: ProtocolConfig
    let configYAML: String
    let chain: ChainConfig
    let blocks: Int64
    let blockInterval: Duration
    let progress: (String) -> Void

    func run() async throws -> Result {
        progress("latency: \(blocks) blocks, one every \(blockInterval), polled every \(chain.pollInterval)")
        let node = try FixtureNode(
            chain: chain,
            config: config,
            head: blocks,
            logsPerBlock: 2,
            pace: (ContinuousClock.now, blockInterval)
        )
        var quiet = Logger(label: "breakwater.bench")
        quiet.logLevel = .critical
        let client = JSONRPCClient(endpoints: chain.endpoints, transport: node, retry: .once)
        let source = ChainSource(chain: chain, config: config, client: client, logger: quiet)
        var replay = Replay(config: config, configYAML: configYAML)
        var lines = 0
        var latencies: [Double] = []
        do {
            try await source.forEachLine { line in
                lines += 1
                let decided = try? replay.decide(line: line, number: lines)
                guard let (event, _) = decided ?? nil, event.kind == .block, let number = event.provenance?.block,
                    let appeared = node.appearance(of: number)
                else { return true }
                if number >= 1 { latencies.append(Self.milliseconds(ContinuousClock.now - appeared)) }
                if number >= blocks { throw Done() }
                return true
            }
        } catch is Done {}
        latencies.sort()
        func percentile(_ fraction: Double) -> Double {
            latencies.isEmpty ? 0 : latencies[min(latencies.count - 1, Int(Double(latencies.count) * fraction))]
        }
        return Result(
            blocks: latencies.count,
            pollIntervalMilliseconds: Int(Self.milliseconds(chain.pollInterval)),
            blockIntervalMilliseconds: Int(Self.milliseconds(blockInterval)),
            p50Milliseconds: percentile(0.5),
            p99Milliseconds: percentile(0.99),
            maxMilliseconds: latencies.last ?? 0
        )
    }

    private static func milliseconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) * 1_000 + Double(duration.components.attoseconds) / 1e15
    }
}
