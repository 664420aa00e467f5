import ArgumentParser
import BreakwaterChain
import BreakwaterCore

/// The two configs every `chain` command reads: `--config` (the protocol) and `--chain` (`chain.yml`).
struct ChainOptions: ParsableArguments {
    @Option(help: "The protocol config (YAML); the embedded reference protocol without it.")
    var config: String?

    @Option(help: "The chain config (YAML): nodes, contracts and event mappings (docs/chain.md).")
    var chain: String

    /// Both configs, checked; either one not loading exits with status 64 after listing its problems.
    func load() throws -> (config: ProtocolConfig, chain: ChainConfig) {
        try ChainFile.load(chain: chain, config: config)
    }
}
