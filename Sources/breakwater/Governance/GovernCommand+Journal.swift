import ArgumentParser
import BreakwaterCore
import BreakwaterEngine
import BreakwaterFormats
import BreakwaterGovernance
import BreakwaterPipeline
import BreakwaterSources
import Foundation

extension GovernCommand {
    struct Submit: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add governance events to a journal and say what the engine decided on each.",
            discussion: """
                The journal's events are exported, the files' lines added after them, and the whole replayed into \
                the journal, which resumes: what it holds is checked, not written again, and only the new events are \
                decided (from the latest snapshot). The lines must not be earlier than the journal's last event.
                """
        )

        @Argument(help: "Files of event lines (from `govern propose`, `sign`, `vote`, `queue`, `execute`).")
        var files: [String]

        @Option(help: "The journal (SQLite file) to add them to.")
        var journal: String

        func run() async throws {
            let store = try JournalFile.openExisting(journal)
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
                "breakwater-submit-\(UUID().uuidString)"
            )
            defer { try? FileManager.default.removeItem(at: folder) }
            let stream = folder.appendingPathComponent("events.jsonl").path
            let config: ProtocolConfig
            let configYAML: String
            let recorded: Int
            do {
                try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
                let header = try await JournalReader.header(of: store)
                configYAML = header.configYAML
                config = try JournalReader.config(of: header)
                let output = try OutputFile(path: stream)
                recorded = try await JournalReader.exportLines(store) { output.write($0) }
                for file in files {
                    // Each file is read whole first, so a bad line stops before anything is added.
                    _ = try GovernanceLines.events(in: file, config: config)
                    for line in try Self.lines(of: file) { output.write(line) }
                }
                output.finish()
            } catch let error as JournalError {
                throw JournalFile.fail(journal, error)
            }
            var replay = Replay(config: config, configYAML: configYAML)
            var session: JournalSession? = try await JournalFile.attach(
                journal,
                to: &replay,
                batchSize: 16_384,
                snapshotInterval: 100_000
            )
            try await JournalFile.run(
                FileSource(path: stream),
                stream: stream,
                into: &replay,
                session: &session,
                journal: journal,
                badLineExit: 1
            )
            if let session { JournalFile.summarize(session, of: replay, path: journal) }
            print(Self.decisions(in: replay.report(), after: recorded))
        }

        private static func lines(of file: String) throws -> [String] {
            guard let data = FileManager.default.contents(atPath: file) else {
                Terminal.error("cannot read \(file)")
                throw ExitCode(1)
            }
            return String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init).filter {
                !$0.allSatisfy(\.isWhitespace)
            }
        }

        /// What was decided on the lines after the first `recorded`: the actions taken and the refusals.
        private static func decisions(in report: ReplayReport, after recorded: Int) -> String {
            var lines: [(Int, String)] = report.actions.filter { $0.line > recorded }.map {
                ($0.line, "\($0.action) by \($0.by): \($0.reason)")
            }
            lines += report.rejections.filter { $0.line > recorded }.map {
                ($0.line, "refused \($0.kind): \($0.code): \($0.reason)")
            }
            guard !lines.isEmpty else { return "nothing was decided on the new events" }
            return lines.sorted { $0.0 < $1.0 }.map { "event \($0.0 - recorded): \($0.1)" }.joined(separator: "\n")
        }
    }

    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show a journal's governance: the keys in force, the proposals and the pauses.",
            discussion: "The journal is replayed (and verified) to its head first."
        )

        @Option(help: "The journal (SQLite file).")
        var journal: String

        @Option(help: "text for people, json for scripts.")
        var format: OutputFormat = .text

        func run() async throws {
            let replay = try await JournalFile.replayed(journal)
            let status = GovernanceStatus(engine: replay.engine, at: replay.engine.lastTimestamp?.milliseconds ?? 0)
            print(format == .json ? status.json() : status.text())
        }
    }
}
