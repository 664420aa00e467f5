import ArgumentParser

struct ExperimentCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "experiment",
        abstract:
            "Measure policies in the simulation lab: response speed against false positives, and risk sensitivity.",
        subcommands: [TradeoffCommand.self, SensitivityCommand.self]
    )
}
