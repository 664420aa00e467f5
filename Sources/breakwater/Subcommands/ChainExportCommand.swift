import ArgumentParser
import BreakwaterChain

struct ChainExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write a range of the chain's blocks as an event stream: each block's marker, then its mapped logs.",
        discussion: """
            The stream is what the live chain source decides, for `breakwater replay` (forensics from on-chain \
            logs). Progress goes to standard error. A log that does not map (it does not decode, or names a token \
            chain.yml does not list) is named by block, transaction and index on standard error, and the export \
            then exits with status 1 once the rest is written. Exit status 64 when a config does not load.

            Example: breakwater chain export --config protocol.yml --chain chain.yml --from-block 1 --out events.jsonl
            """
    )

    @OptionGroup var configs: ChainOptions

    @Option(help: "The first block to export.")
    var fromBlock: Int64

    @Option(help: "The last block to export (default: the head less chain.yml's confirmations).")
    var toBlock: Int64?

    @Option(help: "Where to write the stream (default: standard output).")
    var out: String?

    @Option(help: "Seconds a node may take to answer one request.")
    var timeout: Int = 10

    func validate() throws {
        guard fromBlock >= 0 else { throw ValidationError("--from-block must not be negative") }
    }

    func run() async throws {
        let loaded = try configs.load()
        let client = JSONRPCClient(endpoints: loaded.chain.endpoints, timeout: .seconds(max(timeout, 1)))
        do {
            let last = try await lastBlock(client, confirmations: loaded.chain.confirmations)
            guard fromBlock <= last else {
                Terminal.error("--from-block \(fromBlock) is after the last block to export, \(last)")
                throw ExitCode(1)
            }
            let output = try OutputFile(path: out)
            let bar = ProgressBar(command: "chain export")
            let total = Int(last - fromBlock + 1)
            var export = ChainExport(client: client, chain: loaded.chain, config: loaded.config)
            let summary = try await export.run(fromBlock...last, write: output.write) { progress in
                bar.update(phase: "blocks", done: Int(progress.block - fromBlock + 1), total: total)
            }
            output.finish()
            Terminal.progress(
                "chain export: \(summary.blocks) blocks, \(summary.events) events, blocks \(fromBlock) to \(last)"
                    + (out.map { " in \($0)" } ?? "")
            )
            guard summary.badLogs.isEmpty else {
                for log in summary.badLogs { Terminal.error("not mapped: \(log)") }
                Terminal.error("\(summary.badLogs.count) logs did not map (above)")
                throw ExitCode(1)
            }
        } catch let error as ChainError {
            Terminal.error("\(error)")
            throw ExitCode(1)
        }
    }

    /// `--to-block`, or the head less the confirmations.
    private func lastBlock(_ client: JSONRPCClient, confirmations: Int) async throws(ChainError) -> Int64 {
        if let toBlock { return toBlock }
        return try await client.blockNumber() - Int64(confirmations)
    }
}
