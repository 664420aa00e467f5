import ArgumentParser

struct ChainCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "chain",
        abstract: "Check an EVM chain against chain.yml, and export its blocks and mapped logs as events.",
        discussion: "The chain.yml format and its rules are in docs/chain.md.",
        subcommands: [ChainCheckCommand.self, ChainExportCommand.self, ChainBenchCommand.self]
    )
}
