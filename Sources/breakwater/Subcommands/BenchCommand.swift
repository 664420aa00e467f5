import ArgumentParser
import BreakwaterFormats
import BreakwaterSimulation
import Foundation

struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure the engine and replay on a generated stream of mixed events.",
        discussion: """
            Run it in release mode: swift run -c release breakwater bench
            Part 1 times the engine alone on parsed events (events/s, p50 and p99 per event). Part 2 writes the same \
            kind of stream as JSON Lines and times `replay` on it end to end (lines/s). Resident memory is read at \
            1 M events and at the end, to show it stays flat as the stream grows. Part 3 runs the demo's market \
            without its attacker, every asset at 80 % annualized volatility with jumps, for a month, and counts what \
            the policy did to it: the default policy must pause no pool and not the protocol. Part 4 journals a \
            run to a SQLite file and times the batched appends (records/s), `journal verify` (records/s) and the \
            replay of the journal's events (events/s). Part 5 reads lines that a mutation generator writes (bytes \
            flipped, lines cut, keys repeated, wrong types, escapes, integers at and past every range, invalid UTF-8, \
            control characters, deep nesting, lines past the limit) with the fast and the reference reader, and \
            counts the lines they disagree on: the target is none.
            """
    )

    @Option(help: "Events for the engine run.")
    var events = 10_000_000

    @Option(help: "Lines for the replay run (0 skips it).")
    var lines = 10_000_000

    @Option(help: "Events whose journal is appended to SQLite, verified and replayed (0 skips it).")
    var journalEvents = 1_000_000

    @Option(help: "Mutated lines read by both stream readers, which must agree on each (0 skips it).")
    var mutatedLines = 1_000_000

    @Option(help: "Simulated days of the benign market under the policy (0 skips it).")
    var benignDays = 30

    @Option(help: "Seed of the generated stream.")
    var seed: UInt64 = 1

    @Option(help: "Where to write the generated stream. Default: a temporary file, deleted afterwards.")
    var stream: String?

    @Option(help: "The protocol config (YAML). Default: the embedded reference protocol.")
    var config: String?

    @Option(help: "text for people, json for scripts.")
    var format: OutputFormat = .text

    func validate() throws {
        guard events > 0 else { throw ValidationError("--events must be positive") }
        guard lines >= 0 else { throw ValidationError("--lines must be 0 or more") }
        guard journalEvents >= 0 else { throw ValidationError("--journal-events must be 0 or more") }
        guard benignDays >= 0 else { throw ValidationError("--benign-days must be 0 or more") }
        guard mutatedLines >= 0 else { throw ValidationError("--mutated-lines must be 0 or more") }
    }

    func run() async throws {
        #if DEBUG
        Terminal.error("warning: this is a debug build; measure with `swift run -c release breakwater bench`")
        #endif
        let (protocolConfig, configYAML) = try ConfigFile.loadWithText(at: config)
        let progress: (String) -> Void = { Terminal.progress($0) }
        let engine = EngineBenchmark(
            config: protocolConfig,
            events: events,
            seed: seed,
            checkpoints: [1_000_000, events],
            progress: progress
        ).run()
        var replay: ReplayBenchmark.Result?
        if lines > 0 {
            let path =
                stream
                ?? FileManager.default.temporaryDirectory
                .appendingPathComponent("breakwater-bench-\(ProcessInfo.processInfo.processIdentifier).jsonl").path
            defer { if stream == nil { try? FileManager.default.removeItem(atPath: path) } }
            let benchmark = ReplayBenchmark(
                config: protocolConfig,
                configYAML: configYAML,
                lines: lines,
                seed: seed,
                path: path,
                checkpoints: [1_000_000, lines],
                progress: progress
            )
            let bytes = try benchmark.writeStream()
            replay = try await benchmark.run(bytes: bytes)
        }
        var journal: JournalBenchmark.Result?
        if journalEvents > 0 {
            journal = try await JournalBenchmark(
                config: protocolConfig,
                configYAML: configYAML,
                events: journalEvents,
                seed: seed,
                path: ScratchJournal.path("breakwater-bench"),
                progress: progress
            ).run()
        }
        var benign: BenignRun?
        if benignDays > 0 {
            progress("benign market: \(benignDays) days")
            benign = BenignRun(seed: seed, days: benignDays, config: protocolConfig)
        }
        let readers =
            mutatedLines > 0
            ? ReaderAgreementBenchmark(config: protocolConfig, lines: mutatedLines, seed: seed, progress: progress)
                .run()
            : nil
        let report = BenchReport(
            engine: engine,
            replay: replay,
            journal: journal.map(BenchReport.Journal.init),
            benign: benign.map(BenchReport.Benign.init),
            readers: readers,
            peakResidentBytes: ProcessGauges.peakResidentBytes()
        )
        print(format == .json ? report.json() : report.text())
    }
}
