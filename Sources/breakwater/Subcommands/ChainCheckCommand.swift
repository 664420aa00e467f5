import ArgumentParser
import BreakwaterChain

struct ChainCheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Connect to the chain's nodes and check that the deployment is what chain.yml says.",
        discussion: """
            Checks that every node answers and reports the configured chain id, and that every contract and token \
            has code (eth_getCode); prints each mapping with its event's topic hash. Exit status: 0 when every \
            check holds, 1 when one fails (each is named), 64 when a config does not load (each problem names its \
            key path). A node's URL is shown only as scheme://host:port.

            Example: breakwater chain check --config protocol.yml --chain chain.yml --format json
            """
    )

    @OptionGroup var configs: ChainOptions

    @Option(help: "How to print the result: text or json.")
    var format: OutputFormat = .text

    @Option(help: "Seconds a node may take to answer one request.")
    var timeout: Int = 5

    func run() async throws {
        let loaded = try configs.load()
        let timeout = Duration.seconds(max(timeout, 1))
        let report = await ChainCheck.run(chain: loaded.chain, config: loaded.config) { endpoint in
            JSONRPCClient(endpoints: [endpoint], timeout: timeout, retry: .once)
        }
        switch format {
        case .text: print(report.text)
        case .json: print(try ChainFile.json(report))
        }
        if !report.ok { throw ExitCode(1) }
    }
}
