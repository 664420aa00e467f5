import ArgumentParser
import BreakwaterForensics
import BreakwaterSimulation
import Foundation

struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Watch Breakwater contain a Mango-style oracle manipulation on the embedded protocol.",
        discussion: """
            Generates a seeded three-hour market, injects the attack, and runs it twice: without and with \
            Breakwater's automated responses. With --out DIR it writes stream.jsonl, config.yml and report.json; \
            `breakwater replay DIR/stream.jsonl --config DIR/config.yml --format json` reproduces report.json.
            """
    )

    @Option(help: "Seed of the simulated market.")
    var seed: UInt64 = 42

    @Option(help: "Folder to write stream.jsonl, config.yml and report.json to.")
    var out: String?

    @Option(help: "text for the story, json for the guarded run's report.")
    var format: OutputFormat = .text

    func run() throws {
        let demo = try Demo(seed: seed)
        if let out { try write(demo, to: out) }
        print(format == .json ? demo.guarded.report.json() : DemoStory(demo: demo).text())
    }

    private func write(_ demo: Demo, to folder: String) throws {
        let directory = URL(fileURLWithPath: folder, isDirectory: true)
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try Data((demo.lines.joined(separator: "\n") + "\n").utf8).write(to: directory.appendingPathComponent("stream.jsonl"))
            try Data(demo.configYAML.utf8).write(to: directory.appendingPathComponent("config.yml"))
            try Data((demo.guarded.report.json() + "\n").utf8).write(to: directory.appendingPathComponent("report.json"))
        } catch {
            Terminal.error("cannot write to \(folder): \(error.localizedDescription)")
            throw ExitCode(1)
        }
    }
}
