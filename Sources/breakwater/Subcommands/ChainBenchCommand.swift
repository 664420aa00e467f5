import ArgumentParser
import BreakwaterChain
import Foundation

struct ChainBenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure Breakwater's side of following a chain: blocks and logs read, mapped, decoded and decided.",
        discussion: """
            Run it in release mode: swift run -c release breakwater chain bench --chain contracts/chain.yml
            A node in the process answers JSON-RPC over HTTP on a loopback port, from a generated chain of the \
            bundled contracts (deposits, withdrawals, ETH prices, trades); Breakwater reads it through its HTTP \
            client, as run --chain does, reading the next range while it decides one. Part 1 records the node's \
            answers first and has it replay them, and reports logs and blocks decided per second; part 2 follows many blocks with few logs and reads resident memory at a \
            tenth of the way and at the end, to show it stays flat; part 3 makes the node's blocks appear over time \
            and times each from its appearance to its decision, with the chain source polling at chain.yml's \
            poll_interval_ms; part 4 times a decision that pauses a pool to its transaction handed to the node; \
            part 5 runs a fresh service per attack and times the attack's block appearing on the node to the pause \
            transaction reaching the node.
            """
    )

    @OptionGroup var configs: ChainOptions

    @Option(help: "Blocks for the throughput run.")
    var blocks: Int64 = 20_000

    @Option(help: "Logs a block on average in the throughput run.")
    var logsPerBlock = 10.0

    @Option(help: "Blocks for the memory run (0 skips it).")
    var memoryBlocks: Int64 = 1_000_000

    @Option(help: "Logs a block on average in the memory run.")
    var memoryLogsPerBlock = 0.1

    @Option(help: "Blocks for the latency run (0 skips it).")
    var latencyBlocks: Int64 = 200

    @Option(help: "Milliseconds between the latency run's blocks.")
    var blockIntervalMs = 100

    @Option(help: "Decisions that pause a pool for the executor run (0 skips it).")
    var executorDecisions = 1_000

    @Option(help: "Attacks for the end-to-end pause run, each on a fresh service (0 skips it).")
    var pauseTrials = 50

    @Option(help: "text for people, json for scripts.")
    var format: OutputFormat = .text

    func validate() throws {
        guard blocks > 0, memoryBlocks >= 0 else { throw ValidationError("--blocks must be positive") }
        guard logsPerBlock >= 0, memoryLogsPerBlock >= 0 else {
            throw ValidationError("logs a block must be 0 or more")
        }
        guard executorDecisions >= 0, pauseTrials >= 0 else {
            throw ValidationError("--executor-decisions and --pause-trials must be 0 or more")
        }
        guard latencyBlocks >= 0, blockIntervalMs >= 1 else {
            throw ValidationError("--latency-blocks must be 0 or more and --block-interval-ms at least 1")
        }
    }

    func run() async throws {
        #if DEBUG
        Terminal.error("warning: this is a debug build; measure with `swift run -c release breakwater chain bench`")
        #endif
        let loaded = try configs.load()
        let configYAML = try ConfigFile.text(at: configs.config)
        let chainYAML = try ConfigFile.text(at: configs.chain)
        let setup = ChainBenchmark.Setup(
            config: loaded.config,
            configYAML: configYAML,
            chain: loaded.chain,
            progress: { Terminal.progress($0) }
        )
        func benchmark(_ blocks: Int64, _ logs: Double, recorded: Bool) -> ChainBenchmark {
            ChainBenchmark(setup: setup, blocks: blocks, logsPerBlock: logs, recorded: recorded)
        }
        let throughput = try await benchmark(blocks, logsPerBlock, recorded: true).run(phase: "throughput")
        let memory =
            memoryBlocks > 0
            ? try await benchmark(memoryBlocks, memoryLogsPerBlock, recorded: false).run(phase: "memory") : nil
        let latency =
            latencyBlocks > 0
            ? try await ChainLatencyBenchmark(
                setup: setup,
                blocks: latencyBlocks,
                blockInterval: .milliseconds(blockIntervalMs)
            ).run() : nil
        let executor =
            executorDecisions > 0
            ? try await ExecutorBenchmark(
                setup: setup,
                chainYAML: chainYAML,
                decisions: executorDecisions
            ).run() : nil
        let pause =
            pauseTrials > 0
            ? try await PauseLatencyBenchmark(
                setup: setup,
                chainYAML: chainYAML,
                trials: pauseTrials
            ).run() : nil
        switch format {
        case .json:
            struct Report: Encodable {
                var throughput: ChainBenchmark.Result
                var memory: ChainBenchmark.Result?
                var latency: ChainLatencyBenchmark.Result?
                var executor: ExecutorBenchmark.Result?
                var pause: PauseLatencyBenchmark.Result?
            }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            encoder.keyEncodingStrategy = .convertToSnakeCase
            let report = Report(
                throughput: throughput,
                memory: memory,
                latency: latency,
                executor: executor,
                pause: pause
            )
            print(String(decoding: try encoder.encode(report), as: UTF8.self))
        case .text:
            print(Self.text("Throughput", throughput))
            if let memory { print(Self.text("Memory", memory)) }
            if let latency {
                let times = Self.times(latency.p50Ms, latency.p99Ms, latency.maxMs)
                print(
                    "Latency: \(latency.blocks) blocks, one every \(latency.blockIntervalMs) ms, polled every "
                        + "\(latency.pollIntervalMs) ms: from a block on the node to its decision \(times)"
                )
            }
            if let executor {
                let times = Self.times(executor.p50Ms, executor.p99Ms, executor.maxMs, decimals: 2)
                print(
                    "Executor: \(executor.decisions) pauses, from the decision to the signed transaction handed to "
                        + "the node (kept in the outbox first) \(times)"
                )
            }
            if let pause {
                let times = Self.times(pause.p50Ms, pause.p99Ms, pause.maxMs)
                print(
                    "Pause: \(pause.trials) attacks, polled every \(pause.pollIntervalMs) ms: from the attack's block "
                        + "on the node to the pause transaction received by the node \(times)"
                )
            }
        }
    }

    /// `p50 … ms, p99 … ms, max … ms`, each with `decimals` places.
    private static func times(_ p50: Double, _ p99: Double, _ maximum: Double, decimals: Int = 1) -> String {
        let format = "%.\(decimals)f"
        return "p50 \(String(format: format, p50)) ms, p99 \(String(format: format, p99)) ms, "
            + "max \(String(format: format, maximum)) ms"
    }

    private static func text(_ title: String, _ result: ChainBenchmark.Result) -> String {
        let megabytes = { (bytes: UInt64) in String(format: "%.0f MB", Double(bytes) / 1_048_576) }
        return """
            \(title): \(result.blocks) blocks, \(result.logs) logs, \(result.lines) lines \
            (\(result.accepted) accepted, \(result.rejected) rejected, \(result.badLines) bad; \(result.signals) \
            signals, \(result.listedSignals) listed in \(result.incidents) incidents)
              Breakwater: \(String(format: "%.0f", result.logsPerSecond)) logs/s, \
            \(String(format: "%.0f", result.blocksPerSecond)) blocks/s \
            in \(String(format: "%.2f", result.seconds)) s (the node's answers \
            \(String(format: "%.2f", result.nodeSeconds)) s of it, while Breakwater decides)
              resident memory: \(megabytes(result.residentBytesAtTenth)) at a tenth, \
            \(megabytes(result.residentBytesAtEnd)) at the end
            """
    }
}
