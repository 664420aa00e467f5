import ArgumentParser

struct ChainCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "chain",
        abstract: "Check an EVM chain and the mapping of its contracts' logs to Breakwater events.",
        discussion: "The chain.yml format and its rules are in docs/chain.md.",
        subcommands: [ChainCheckCommand.self]
    )
}
