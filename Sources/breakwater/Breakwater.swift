import ArgumentParser

@main
struct Breakwater: AsyncParsableCommand {
    static let version = "0.1.0"

    static let configuration = CommandConfiguration(
        commandName: "breakwater",
        abstract: "Incident response for on-chain derivatives protocols: detect, contain, govern, learn.",
        discussion: """
            Without a config, commands use the embedded reference protocol (see `breakwater config show`).
            Start with `breakwater demo`.
            """,
        version: version,
        subcommands: [
            RunCommand.self, DemoCommand.self, SimulateCommand.self, ReplayCommand.self, ValidateCommand.self,
            ConfigCommand.self, PolicyCommand.self,
            JournalCommand.self, PostmortemCommand.self, KeysCommand.self, GovernCommand.self, InsuranceCommand.self,
            ChainCommand.self, ExperimentCommand.self, BenchCommand.self,
        ]
    )
}
