import ArgumentParser
import BreakwaterForensics
import Foundation

struct ReplayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Run the engine over a JSON Lines event stream and report what it decided.",
        discussion: """
            Bad lines are reported with their line number and field, and the replay goes on (or stops at the \
            first with --strict, exit code 2). Events the protocol or a breaker refuses are recorded rejections.
            Example: breakwater replay demo-out/stream.jsonl --config demo-out/config.yml --format json
            """
    )

    @Argument(help: "The event stream (JSON Lines); '-' reads standard input.")
    var stream: String

    @Option(help: "The protocol config (YAML). Default: the embedded reference protocol.")
    var config: String?

    @Option(help: "text for people, json for the documented report.")
    var format: OutputFormat = .text

    @Flag(help: "Stop at the first bad line with exit code 2.")
    var strict = false

    @Option(help: "How many rejections the report lists (0 = all).")
    var maxRejections = 1000

    func validate() throws {
        guard maxRejections >= 0 else { throw ValidationError("--max-rejections must be 0 or more") }
    }

    func run() throws {
        var replay = Replay(config: try ConfigFile.load(at: config), maxRejections: maxRejections)
        do {
            try StreamFeeder(stopAtFirstError: strict).feed(stream, into: &replay)
        } catch .unreadable(let path) {
            Terminal.error("cannot read stream \(path)")
            throw ExitCode(1)
        } catch .strictStop(let error) {
            Terminal.error("\(error) (stopping: --strict)")
            throw ExitCode(2)
        }
        let report = replay.report()
        print(format == .json ? report.json() : report.text())
    }
}
