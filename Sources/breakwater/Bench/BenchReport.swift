import BreakwaterSimulation
import Foundation

/// What `bench` prints: the measured figures, the targets they are held to and the machine.
struct BenchReport: Encodable {
    struct Engine: Encodable {
        var events: Int
        var seconds: Double
        var eventsPerSecond: Double
        var p50Nanoseconds: UInt64
        var p99Nanoseconds: UInt64
        var maxNanoseconds: UInt64
        var rejected: Int
        var incidents: Int
        var residentBytes: [String: UInt64]
    }

    struct Replay: Encodable {
        var lines: Int
        var bytes: UInt64
        var seconds: Double
        var linesPerSecond: Double
        var megabytesPerSecond: Double
        var residentBytes: [String: UInt64]
        var journalHead: String
    }

    /// The journal on SQLite.
    struct Journal: Encodable {
        var events: Int
        var records: Int
        var bytes: UInt64
        /// Synced FULL, the default; then NORMAL, and both in the service's batches of 4,096 records.
        var appendRecordsPerSecond: Double
        var appendNormalRecordsPerSecond: Double
        var serviceBatchFullRecordsPerSecond: Double
        var serviceBatchNormalRecordsPerSecond: Double
        var verifyRecordsPerSecond: Double
        var replayEventsPerSecond: Double
        var head: String
        var replayReachesHead: Bool

        init(_ result: JournalBenchmark.Result) {
            events = result.events
            records = result.records
            bytes = result.bytes
            appendRecordsPerSecond = Double(result.records) / result.appendSeconds
            appendNormalRecordsPerSecond = Double(result.records) / result.appendNormalSeconds
            serviceBatchFullRecordsPerSecond = Double(result.records) / result.serviceBatchFullSeconds
            serviceBatchNormalRecordsPerSecond = Double(result.records) / result.serviceBatchNormalSeconds
            verifyRecordsPerSecond = Double(result.records) / result.verifySeconds
            replayEventsPerSecond = Double(result.events) / result.replaySeconds
            head = result.head
            replayReachesHead = result.replayedHead == result.head
        }
    }

    /// The default policy on a benign month: what it did that it should not have.
    struct Benign: Encodable {
        var days: Int
        var events: Int
        var pauses: Int
        var marketRestrictions: Int
        var freezes: Int
        var incidents: Int
        var haltMinutes: Double
        var invariantViolations: Int

        init(_ run: BenignRun) {
            days = run.days
            events = run.events
            pauses = run.pauses
            marketRestrictions = run.marketRestrictions
            freezes = run.freezes
            incidents = run.incidents
            haltMinutes = run.haltMinutes
            invariantViolations = run.invariantViolations
        }
    }

    struct Targets: Encodable {
        var engineEventsPerSecond = 2_000_000.0
        var engineP99Nanoseconds: UInt64 = 5_000
        var replayLinesPerSecond = 1_000_000.0
        var journalAppendRecordsPerSecond = 300_000.0
        var journalVerifyRecordsPerSecond = 1_000_000.0
        var journalReplayEventsPerSecond = 1_000_000.0
        var benignPauses = 0
        var readerDisagreements = 0
    }

    var machine: String
    var engine: Engine
    var replay: Replay?
    var journal: Journal?
    var benign: Benign?
    var readers: ReaderAgreementBenchmark.Result?
    var peakResidentBytes: UInt64
    var targets = Targets()

    init(
        engine: EngineBenchmark.Result,
        replay: ReplayBenchmark.Result?,
        journal: Journal?,
        benign: Benign?,
        readers: ReaderAgreementBenchmark.Result?,
        peakResidentBytes: UInt64
    ) {
        machine = Self.machineDescription()
        self.engine = Engine(
            events: engine.events,
            seconds: engine.seconds,
            eventsPerSecond: Double(engine.events) / engine.seconds,
            p50Nanoseconds: engine.histogram.percentile(0.50),
            p99Nanoseconds: engine.histogram.percentile(0.99),
            maxNanoseconds: engine.histogram.maximum,
            rejected: engine.rejected,
            incidents: engine.incidents,
            residentBytes: Dictionary(engine.residentAtCheckpoints.map { (String($0.events), $0.bytes) }) { $1 }
        )
        self.replay = replay.map { replay in
            Replay(
                lines: replay.lines,
                bytes: replay.bytes,
                seconds: replay.seconds,
                linesPerSecond: Double(replay.lines) / replay.seconds,
                megabytesPerSecond: Double(replay.bytes) / 1e6 / replay.seconds,
                residentBytes: Dictionary(replay.residentAtCheckpoints.map { (String($0.lines), $0.bytes) }) { $1 },
                journalHead: replay.journalHead
            )
        }
        self.journal = journal
        self.benign = benign
        self.readers = readers
        self.peakResidentBytes = peakResidentBytes
    }

    func json() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        return (try? encoder.encode(self)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }

    func text() -> String {
        var lines = ["breakwater bench on \(machine)", ""]
        let verdict = { (met: Bool) in met ? "meets" : "MISSES" }
        lines.append("engine, parsed events (one core)")
        lines.append("  events            \(engine.events)")
        lines.append(
            "  throughput        \(Self.millions(engine.eventsPerSecond)) M events/s   "
                + "(\(verdict(engine.eventsPerSecond >= targets.engineEventsPerSecond)) target ≥ 2 M/s)"
        )
        lines.append("  p50 per event     \(Self.micro(engine.p50Nanoseconds)) µs")
        lines.append(
            "  p99 per event     \(Self.micro(engine.p99Nanoseconds)) µs   "
                + "(\(verdict(engine.p99Nanoseconds <= targets.engineP99Nanoseconds)) target ≤ 5 µs)"
        )
        lines.append("  max per event     \(Self.micro(engine.maxNanoseconds)) µs")
        lines.append("  rejected / incidents  \(engine.rejected) / \(engine.incidents)")
        lines.append("  resident memory   " + Self.memory(engine.residentBytes))
        if let replay {
            lines.append("")
            lines.append("replay, end to end from a JSON Lines file")
            lines.append(
                "  lines             \(replay.lines)   (\(String(format: "%.0f", Double(replay.bytes) / 1e6)) MB)"
            )
            lines.append(
                "  throughput        \(Self.millions(replay.linesPerSecond)) M lines/s   "
                    + "(\(verdict(replay.linesPerSecond >= targets.replayLinesPerSecond)) target ≥ 1 M/s), "
                    + String(format: "%.0f MB/s", replay.megabytesPerSecond)
            )
            lines.append("  resident memory   " + Self.memory(replay.residentBytes))
        }
        if let journal {
            lines.append("")
            lines.append(
                "journal on SQLite (\(journal.events) events, \(journal.records) records, \(Self.mebibytes(journal.bytes)))"
            )
            lines.append(
                "  append            \(Self.millions(journal.appendRecordsPerSecond)) M records/s synced FULL   "
                    + "(\(verdict(journal.appendRecordsPerSecond >= targets.journalAppendRecordsPerSecond)) target ≥ 0.3 M/s)"
            )
            lines.append(
                "                    \(Self.millions(journal.appendNormalRecordsPerSecond)) M records/s synced NORMAL"
            )
            lines.append(
                "  service batches   \(Self.millions(journal.serviceBatchFullRecordsPerSecond)) M records/s FULL, "
                    + "\(Self.millions(journal.serviceBatchNormalRecordsPerSecond)) M records/s NORMAL (4,096 records)"
            )
            lines.append(
                "  verify            \(Self.millions(journal.verifyRecordsPerSecond)) M records/s   "
                    + "(\(verdict(journal.verifyRecordsPerSecond >= targets.journalVerifyRecordsPerSecond)) target ≥ 1 M/s)"
            )
            lines.append(
                "  replay            \(Self.millions(journal.replayEventsPerSecond)) M events/s   "
                    + "(\(verdict(journal.replayEventsPerSecond >= targets.journalReplayEventsPerSecond)) target ≥ 1 M/s)"
                    + (journal.replayReachesHead
                        ? ", reaches the journal's head" : ", DOES NOT reach the journal's head")
            )
        }
        if let benign {
            lines.append("")
            lines.append(
                "benign market under the policy (\(benign.days) days, 80 % volatility (calm; 200 % turbulent) with jumps, \(benign.events) events)"
            )
            lines.append(
                "  pool or protocol pauses  \(benign.pauses)   (\(verdict(benign.pauses <= targets.benignPauses)) target 0)"
            )
            lines.append(
                "  market restrictions     \(benign.marketRestrictions), \(String(format: "%.1f", benign.haltMinutes)) halted market-minutes"
            )
            lines.append("  account freezes         \(benign.freezes)")
            lines.append("  incidents               \(benign.incidents)")
            lines.append("  invariant violations    \(benign.invariantViolations)")
        }
        if let readers {
            lines.append("")
            lines.append("stream readers on mutated lines (fast and reference, one verdict each)")
            lines.append("  lines             \(readers.lines)   (\(readers.decoded) decoded)")
            lines.append(
                "  disagreements     \(readers.disagreements)   "
                    + "(\(verdict(readers.disagreements <= targets.readerDisagreements)) target 0)"
            )
            if let first = readers.firstDisagreement { lines.append("  first             \(first)") }
            let bad = readers.badLines.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }
            lines.append("  bad lines         " + bad.joined(separator: ", "))
            lines.append("  throughput        \(Self.millions(readers.linesPerSecond)) M lines/s through both")
        }
        lines.append("")
        lines.append("peak resident memory  \(Self.mebibytes(peakResidentBytes))")
        return lines.joined(separator: "\n")
    }

    private static func millions(_ value: Double) -> String { String(format: "%.2f", value / 1e6) }
    private static func micro(_ nanoseconds: UInt64) -> String { String(format: "%.2f", Double(nanoseconds) / 1e3) }
    private static func mebibytes(_ bytes: UInt64) -> String { String(format: "%.1f MiB", Double(bytes) / 1_048_576) }

    private static func memory(_ checkpoints: [String: UInt64]) -> String {
        checkpoints.sorted { Int($0.key)! < Int($1.key)! }
            .map {
                "\(mebibytes($0.value)) at \(Int($0.key)! / 1_000_000 > 0 ? "\(Int($0.key)! / 1_000_000) M" : $0.key)"
            }
            .joined(separator: ", ")
    }

    private static func machineDescription() -> String {
        let cpu = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8))?
            .split(separator: "\n").first { $0.hasPrefix("model name") }?
            .split(separator: ":").last?.trimmingCharacters(in: .whitespaces)
        let cores = ProcessInfo.processInfo.activeProcessorCount
        let memory = Double(ProcessInfo.processInfo.physicalMemory) / 1_073_741_824
        return "\(cpu ?? "unknown CPU"), \(cores) cores, \(String(format: "%.0f", memory)) GiB, Swift release build"
    }
}
