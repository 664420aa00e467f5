import ArgumentParser
import BreakwaterFormats
import BreakwaterPipeline
import BreakwaterSimulation
import BreakwaterStorage
import Foundation

struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Watch Breakwater contain a Mango-style oracle manipulation on the embedded protocol.",
        discussion: """
            Generates a seeded three-hour market, injects the attack, and runs it twice: without and with \
            Breakwater's automated responses. With --out DIR it writes stream.jsonl, config.yml and report.json; \
            `breakwater replay DIR/stream.jsonl --config DIR/config.yml --format json` reproduces report.json. \
            With --journal PATH the guarded run's journal goes to a SQLite file.
            """
    )

    @Option(help: "Seed of the simulated market.")
    var seed: UInt64 = 42

    @Option(help: "Folder to write stream.jsonl, config.yml and report.json to.")
    var out: String?

    @Option(help: "text for the story, json for the guarded run's report.")
    var format: OutputFormat = .text

    @Option(help: "Write the guarded run's journal to this SQLite file (or resume the one there).")
    var journal: String?

    @Option(
        help:
            "normal or full: how hard each journal batch is pushed to the disk. full (the default) loses nothing written on a power loss; normal may lose the last batches then, never on a crash of the process."
    )
    var journalSync = JournalSync.default

    @Flag(help: "End the story with the automation alone: no guardian or DAO events, no hotfix.")
    var noGovernance = false

    func run() async throws {
        let demo = try Demo(scenario: MangoScenario(seed: seed), governed: !noGovernance)
        if let out { try write(demo, to: out) }
        if let journal { try await writeJournal(of: demo, to: journal) }
        print(format == .json ? demo.guarded.report.json() : DemoStory(demo: demo).text())
    }

    private func write(_ demo: Demo, to folder: String) throws {
        let directory = URL(fileURLWithPath: folder, isDirectory: true)
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try Data((demo.lines.joined(separator: "\n") + "\n").utf8).write(
                to: directory.appendingPathComponent("stream.jsonl")
            )
            try Data(demo.configYAML.utf8).write(to: directory.appendingPathComponent("config.yml"))
            try Data((demo.guarded.report.json() + "\n").utf8).write(
                to: directory.appendingPathComponent("report.json")
            )
        } catch {
            Terminal.error("cannot write to \(folder): \(error.localizedDescription)")
            throw ExitCode(1)
        }
    }

    /// Runs the guarded pass again with its journal going to `path`: the same records `replay --journal` writes
    /// for the stream `--out` saves.
    private func writeJournal(of demo: Demo, to path: String) async throws {
        var replay = Replay(config: try ConfigLoader.load(yaml: demo.configYAML), configYAML: demo.configYAML)
        var session = try await JournalFile.attach(path, to: &replay, batchSize: 16_384, sync: journalSync)
        do {
            for (index, line) in demo.lines.enumerated() {
                replay.feed(line: Array(line.utf8), number: index + 1)
                if session.isDue(replay) { try await session.flush(&replay) }
            }
            try await session.finish(&replay)
        } catch {
            throw JournalFile.fail(path, error)
        }
        JournalFile.summarize(session, of: replay, path: path)
    }
}
