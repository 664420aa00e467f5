import ArgumentParser
import BreakwaterFormats

struct PolicyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "policy",
        abstract: "Work with the detection and response policy.",
        subcommands: [Explain.self]
    )

    struct Explain: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Print the effective policy: every threshold, its value and source (default or config), and the response table.",
            discussion: "Example: breakwater policy explain --config my-protocol.yml"
        )

        @Option(help: "The protocol config (YAML); the embedded reference protocol when omitted.")
        var config: String?

        @Option(help: "text or json.")
        var format: OutputFormat = .text

        func run() throws {
            let loaded = try ConfigFile.load(at: config)
            let explanation = PolicyExplanation(config: loaded, yaml: try ConfigFile.text(at: config))
            print(format == .json ? explanation.json() : explanation.text())
        }
    }
}
