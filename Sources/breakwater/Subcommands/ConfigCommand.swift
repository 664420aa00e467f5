import ArgumentParser
import BreakwaterFormats

struct ConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config",
        abstract: "Work with protocol configs.",
        subcommands: [Show.self]
    )

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the embedded reference protocol's config, a documented starting point for your own.",
            discussion: "Example: breakwater config show > my-protocol.yml"
        )

        func run() {
            print(DefaultProtocol.yaml, terminator: "")
        }
    }
}
