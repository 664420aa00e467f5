import BreakwaterChain
import BreakwaterCore
import BreakwaterEngine
import BreakwaterPipeline

/// Breakwater's side of following a chain: blocks and logs answered by a ``FixtureNode``, read in ranges, mapped
/// into lines, decoded and decided, as `run --chain` does them. The node's own time is measured and left out.
struct ChainBenchmark {
    struct Result: Encodable {
        /// What was read and decided.
        var blocks, logs, lines, badLines, accepted, rejected: Int
        /// The signals raised, and how many the incidents list (what the run keeps of them: the rest are repeats).
        var signals, listedSignals, incidents: Int
        /// The whole run, the node's part of it, and Breakwater's, with Breakwater's rates.
        var seconds, nodeSeconds, breakwaterSeconds, logsPerSecond, blocksPerSecond: Double
        var residentBytesAtTenth, residentBytesAtEnd: UInt64
    }

    /// What every part of `chain bench` runs on.
    struct Setup {
        let config: ProtocolConfig
        let configYAML: String
        let chain: ChainConfig
        let progress: (String) -> Void
    }

    let setup: Setup
    let blocks: Int64
    let logsPerBlock: Double

    func run(phase: String) async throws -> Result {
        let (config, chain, progress) = (setup.config, setup.chain, setup.progress)
        let node = try FixtureNode(chain: chain, config: config, head: blocks, logsPerBlock: logsPerBlock)
        let client = JSONRPCClient(endpoints: chain.endpoints, transport: node, retry: .once)
        var export = ChainExport(client: client, chain: chain, config: config)
        // As `run --chain` decides: an observer of mined events.
        var replay = Replay(config: config, configYAML: setup.configYAML, configuration: .init(observes: true))
        var lines = 0
        var badLines = 0
        var residentAtTenth: UInt64 = 0
        let tenth = max(blocks / 10, 1)
        progress("\(phase): \(blocks) blocks, \(logsPerBlock) logs a block on average")
        let start = ProcessGauges.nanoseconds()
        let summary = try await export.run(1...blocks) { line in
            lines += 1
            if replay.feed(line: Array(line.utf8), number: lines) != nil { badLines += 1 }
        } progress: { done in
            if residentAtTenth == 0, done.block >= tenth { residentAtTenth = ProcessGauges.residentBytes() }
        }
        let seconds = Double(ProcessGauges.nanoseconds() - start) / 1e9
        let breakwater = max(seconds - node.secondsAnswering, 1e-9)
        return Result(
            blocks: summary.blocks,
            logs: summary.events,
            lines: lines,
            badLines: badLines + summary.badLogs.count,
            accepted: replay.accepted,
            rejected: replay.rejectedCount,
            signals: replay.signalCount,
            listedSignals: replay.engine.incidents.reduce(0) { $0 + $1.signals.count },
            incidents: replay.engine.incidents.count,
            seconds: seconds,
            nodeSeconds: node.secondsAnswering,
            breakwaterSeconds: breakwater,
            logsPerSecond: Double(summary.events) / breakwater,
            blocksPerSecond: Double(summary.blocks) / breakwater,
            residentBytesAtTenth: residentAtTenth,
            residentBytesAtEnd: ProcessGauges.residentBytes()
        )
    }
}
