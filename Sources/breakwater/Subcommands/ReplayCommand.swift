import ArgumentParser
import BreakwaterCore
import BreakwaterEngine
import BreakwaterForensics
import BreakwaterFormats
import BreakwaterPipeline
import BreakwaterSources
import BreakwaterStorage
import Foundation

struct ReplayCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Run the engine over a JSON Lines event stream and report what it decided.",
        discussion: """
            Bad lines are reported with their line number and field, and the replay goes on (or stops at the \
            first with --strict, exit code 2). Events the protocol or a breaker refuses are recorded rejections.
            With --journal PATH every event and decision is written to a SQLite journal; run the same command \
            again on an existing journal and it resumes: what the journal holds is checked, not written again, and \
            the run restarts from the latest snapshot of the engine's state (--snapshot-interval).
            With --observed the stream's events were mined on a chain (`breakwater chain export`): each is a fact \
            the engine applies, and where it would have refused one it raises unsafe_effect, as `run --chain` does.
            With --from-journal PATH it replays the run a journal recorded, with the journal's config, and says \
            whether it reached the journal's head; add --policy FILE (the policy section of a config) to replay it \
            under that policy too and report what it would have done differently (JSON: `counterfactual`).
            Example: breakwater replay demo-out/stream.jsonl --config demo-out/config.yml --journal run.journal
            """
    )

    @Argument(help: "The event stream (JSON Lines); '-' reads standard input.")
    var stream: String?

    @Option(help: "Replay the events of this journal (SQLite file) instead of a stream.")
    var fromJournal: String?

    @Option(
        help:
            "With --from-journal: replay the journal under this policy (YAML: the policy section of a config) and report the difference."
    )
    var policy: String?

    @Option(help: "The protocol config (YAML). Default: the embedded reference protocol.")
    var config: String?

    @Option(help: "text for people, json for the documented report.")
    var format: OutputFormat = .text

    @Flag(
        help:
            "The stream was mined on a chain: decide it as an observer, as `run --chain` does (docs/chain.md)."
    )
    var observed = false

    @Flag(help: "Stop at the first bad line with exit code 2.")
    var strict = false

    @Option(help: "How many rejections the report lists (0 = all).")
    var maxRejections = 1000

    @Option(help: "Write the journal to this SQLite file, or resume the journal already there.")
    var journal: String?

    @Option(help: "Journal records written per transaction.")
    var journalBatch = 16_384

    @Option(
        help:
            "normal or full: how hard each journal batch is pushed to the disk. full (the default) loses nothing written on a power loss; normal may lose the last batches then, never on a crash of the process."
    )
    var journalSync = JournalSync.default

    @Option(
        help:
            "With --journal: store a snapshot of the engine's state every this many stream lines (0: none), so a resumed run restarts from the latest one."
    )
    var snapshotInterval = 100_000

    @Option(name: .customLong("test-kill-after-line"), help: .hidden)
    var killAfterLine: Int?

    func validate() throws {
        guard (stream == nil) != (fromJournal == nil) else {
            throw ValidationError("give either a STREAM or --from-journal PATH")
        }
        if fromJournal != nil {
            guard config == nil else {
                throw ValidationError("--from-journal uses the journal's own config; drop --config")
            }
            guard !observed else {
                throw ValidationError("--from-journal decides as the journal's header says; drop --observed")
            }
            guard journal != fromJournal else {
                throw ValidationError("--journal must name another file than --from-journal")
            }
        }
        if policy != nil && fromJournal == nil {
            throw ValidationError("--policy replays a journal under another policy: give --from-journal PATH")
        }
        guard maxRejections >= 0 else { throw ValidationError("--max-rejections must be 0 or more") }
        guard journalBatch > 0 else { throw ValidationError("--journal-batch must be positive") }
        guard snapshotInterval >= 0 else { throw ValidationError("--snapshot-interval must be 0 or more") }
    }

    func run() async throws {
        guard let stream else {
            guard let journal, let fromJournal else { return try await replayJournal(fromJournal ?? "") }
            return try await rejournal(fromJournal, to: journal)
        }
        let (protocolConfig, text) = try ConfigFile.loadWithText(at: config)
        try await replay(stream, config: protocolConfig, text: text, observes: observed)
    }

    /// Replays `stream` with `config` (loaded from `text`), as an observer when `observes`, journaling it when asked,
    /// and prints the report.
    private func replay(
        _ stream: String,
        config protocolConfig: ProtocolConfig,
        text: String,
        observes: Bool
    ) async throws {
        var replay = Replay(
            config: protocolConfig,
            configYAML: text,
            configuration: Engine.Configuration(observes: observes),
            maxRejections: maxRejections
        )
        var session: JournalSession?
        if let journal {
            session = try await JournalFile.attach(
                journal,
                to: &replay,
                batchSize: journalBatch,
                snapshotInterval: snapshotInterval,
                sync: journalSync
            )
        }
        let source = FileSource(path: stream, maxLineBytes: Int(replay.engine.config.stream.maxLineBytes))
        if let killAfterLine {
            try await JournalFile.run(
                KilledAfter(lines: killAfterLine, of: source),
                stream: stream,
                into: &replay,
                session: &session,
                journal: journal,
                strict: strict
            )
        } else {
            try await JournalFile.run(
                source,
                stream: stream,
                into: &replay,
                session: &session,
                journal: journal,
                strict: strict
            )
        }
        if let session, let journal { JournalFile.summarize(session, of: replay, path: journal) }
        let report = replay.report()
        print(format == .json ? report.json() : report.text())
    }

    /// `--from-journal A --journal B`: the recorded run (under `--policy` when given) journaled again into B. The
    /// events are exported to a temporary stream, verifying A as they are read, and replayed as a stream is, so B
    /// is the journal `replay` of the export writes, resumable like any other.
    private func rejournal(_ source: String, to target: String) async throws {
        let store = try JournalFile.openExisting(source)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "breakwater-rejournal-\(UUID().uuidString)"
        )
        defer { try? FileManager.default.removeItem(at: folder) }
        let events = folder.appendingPathComponent("events.jsonl").path
        let configText: String
        let observes: Bool
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let header = try await JournalReader.header(of: store)
            observes = header.engineConfiguration.observes
            configText =
                try policy.map { try ConfigLoader.load(yaml: header.configYAML, policy: try PolicyFile.text($0)).text }
                ?? header.configYAML
            let output = try OutputFile(path: events)
            try await JournalReader.exportLines(store) { output.write($0) }
            output.finish()
        } catch let error as JournalError {
            throw JournalFile.fail(source, error)
        } catch let error as ConfigError {
            Terminal.error("\(policy ?? source): \(error)")
            throw ExitCode(1)
        }
        let protocolConfig: ProtocolConfig
        do {
            protocolConfig = try ConfigLoader.load(yaml: configText)
        } catch {
            throw JournalFile.fail(
                source,
                JournalError(.headerMismatch, "the journal's config does not load: \(error)")
            )
        }
        try await replay(events, config: protocolConfig, text: configText, observes: observes)
    }

    private func replayJournal(_ path: String) async throws {
        let store = try JournalFile.openExisting(path)
        let report: ComparedReplayReport
        let recorded: String
        do {
            var alternatives: [CounterfactualReplay.Alternative] = []
            if let policy { alternatives.append(try await PolicyFile.alternative(policy, for: store, journal: path)) }
            let (replay, counterfactuals) = try await CounterfactualReplay.run(
                store,
                alternatives: alternatives,
                maxRejections: maxRejections
            )
            report = ComparedReplayReport(report: replay.report(), counterfactual: counterfactuals.first)
            recorded = try await store.tip()?.hash.hexString ?? ""
        } catch let error as JournalError {
            throw JournalFile.fail(path, error)
        }
        if report.report.journalHead == recorded {
            Terminal.progress("journal \(path): replayed \(report.report.events) events to the journal's head")
        } else {
            Terminal.error(
                "journal \(path): this build reaches head \(report.report.journalHead), the journal holds \(recorded): "
                    + "it decides differently from the build that wrote the journal"
            )
        }
        print(format == .json ? report.json() : report.text())
    }
}
