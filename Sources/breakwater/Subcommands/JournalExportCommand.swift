import ArgumentParser
import BreakwaterEngine
import BreakwaterPipeline
import Foundation

struct JournalExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write a journal's input events back out as the JSON Lines stream.",
        discussion: """
            The chain is verified as it is read: a record that does not verify stops the export (exit code 1). \
            `replay` accepts the stream, and with the journal's config (--config-out) it writes the same journal \
            again: the same records and the same head.
            Example: breakwater journal export run.journal --format jsonl --out events.jsonl --config-out config.yml
            """
    )

    enum ExportFormat: String, ExpressibleByArgument, CaseIterable {
        case jsonl
    }

    @Argument(help: "The journal (SQLite file).")
    var path: String

    @Option(help: "The output format: jsonl, the event stream of docs/events.md.")
    var format: ExportFormat = .jsonl

    @Option(help: "Write the stream to this file instead of standard output.")
    var out: String?

    @Option(help: "Also write the config the journal was written with (YAML) to this file.")
    var configOut: String?

    func run() async throws {
        let store = try JournalFile.openExisting(path)
        let output = try OutputFile(path: out)
        do {
            if let configOut {
                let header = try await JournalReader.header(of: store)
                guard FileManager.default.createFile(atPath: configOut, contents: Data(header.configYAML.utf8)) else {
                    Terminal.error("cannot write \(configOut)")
                    throw ExitCode(1)
                }
            }
            let count = try await JournalReader.exportLines(store) { line throws(JournalError) in output.write(line) }
            output.finish()
            Terminal.progress("exported \(count) events from \(path)")
        } catch let error as JournalError {
            throw JournalFile.fail(path, error)
        }
    }
}
