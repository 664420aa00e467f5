import BreakwaterChain
import BreakwaterCore
import BreakwaterEngine
import BreakwaterPipeline

/// Breakwater's side of following a chain: blocks and logs answered over loopback HTTP (a ``FixtureServer``), read
/// in ranges, mapped into lines, decoded and decided, as `run --chain` does them, the next range read while one is
/// decided. With `recorded`, a ``FixtureNode``'s answers are recorded first and the server replays them, so the
/// rates are Breakwater's with the HTTP on both sides; otherwise the node makes each answer when asked, on the other
/// core.
struct ChainBenchmark {
    struct Result: Encodable, Sendable {
        /// What was read and decided.
        var blocks, logs, lines, badLines, accepted, rejected: Int
        /// The signals raised, and how many the incidents list (what the run keeps of them: the rest are repeats).
        var signals, listedSignals, incidents: Int
        /// The whole run, with its rates, and the node's time answering (while Breakwater decides the range before).
        var seconds, nodeSeconds, logsPerSecond, blocksPerSecond: Double
        var residentBytesAtTenth, residentBytesAtEnd: UInt64
    }

    /// What every part of `chain bench` runs on.
    struct Setup {
        let config: ProtocolConfig
        let configYAML: String
        let chain: ChainConfig
        let progress: @Sendable (String) -> Void
    }

    let setup: Setup
    let blocks: Int64
    let logsPerBlock: Double
    /// Whether the node's answers are recorded before the run and replayed in it.
    let recorded: Bool

    func run(phase: String) async throws -> Result {
        let node = try FixtureNode(chain: setup.chain, config: setup.config, head: blocks, logsPerBlock: logsPerBlock)
        let server: FixtureServer
        let answering: @Sendable () -> Double
        if recorded {
            setup.progress("\(phase): recording the node's answers")
            let recording = RecordedNode(recording: node)
            let client = JSONRPCClient(endpoints: setup.chain.endpoints, transport: recording, retry: .once)
            var export = ChainExport(client: client, chain: setup.chain, config: setup.config)
            _ = try await export.run(1...blocks) { _ in }
            let lookups = FixtureNode.Stopwatch()
            server = FixtureServer { body in try lookups.time { try recording.replay(body) } }
            answering = { lookups.seconds }
        } else {
            server = FixtureServer(answer: node.answer)
            answering = { node.secondsAnswering }
        }
        return try await server.serving { endpoint in
            try await run(
                phase: phase,
                client: JSONRPCClient(endpoints: [endpoint], retry: .once),
                answering: answering
            )
        }
    }

    private func run(
        phase: String,
        client: JSONRPCClient,
        answering: () -> Double
    ) async throws -> Result {
        let (config, chain, progress) = (setup.config, setup.chain, setup.progress)
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
            nodeSeconds: answering(),
            logsPerSecond: Double(summary.events) / seconds,
            blocksPerSecond: Double(summary.blocks) / seconds,
            residentBytesAtTenth: residentAtTenth,
            residentBytesAtEnd: ProcessGauges.residentBytes()
        )
    }
}
