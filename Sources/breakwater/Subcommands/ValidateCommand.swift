import ArgumentParser
import BreakwaterCore
import BreakwaterFormats

struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check a protocol config and print every problem, each naming its key.",
        discussion: "Example: breakwater validate --config my-protocol.yml"
    )

    @Option(help: "The protocol config (YAML) to check.")
    var config: String

    func run() throws {
        let loaded = try ConfigFile.load(at: config)
        print(
            "\(config): valid (\(loaded.pools.count) pools, \(loaded.markets.count) markets, "
                + "\(loaded.assets.count) assets, \(loaded.feeds.count) feeds)"
        )
    }
}
