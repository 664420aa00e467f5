import ArgumentParser
import BreakwaterEngine
import BreakwaterForensics
import BreakwaterPipeline
import Foundation

struct PostmortemCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "postmortem",
        abstract: "Write the post-mortem of a journal's incidents: postmortem.md, postmortem.json, postmortem.html.",
        discussion: """
            The journal is verified as it is read. Each incident gets a summary (vector, scope, loss realized and \
            prevented, time to detect and to contain from the first anomalous event), a UTC timeline, the incident \
            log tables (transactions, affected accounts, attacker accounts by value extracted, funds movement), \
            charts (prices, liquidity and outflows against the limit, breaker levels) and a recommendation from \
            counterfactual replays: every response off, each threshold behind its signals at half and twice its \
            value, and any --policy files. The HTML page is self-contained.
            Example: breakwater demo --journal demo.journal && breakwater postmortem demo.journal --out postmortem
            """
    )

    @Argument(help: "The journal (SQLite file).")
    var journal: String

    @Option(help: "Only this incident, e.g. INC-0001. Default: every incident.")
    var incident: String?

    @Option(help: "The folder to write postmortem.md, postmortem.json and postmortem.html to (created if missing).")
    var out: String

    @Option(help: "Also compare this policy (YAML: the policy section of a config); repeatable.")
    var policy: [String] = []

    @Option(help: "How far before detection to look for the first anomalous event, in milliseconds.")
    var lookbackMs: Int64 = 3_600_000

    @Flag(help: "Do not replay the incidents' thresholds at half and twice their values.")
    var noThresholdVariants = false

    func validate() throws {
        guard lookbackMs >= 0 else { throw ValidationError("--lookback-ms must be 0 or more") }
    }

    func run() async throws {
        let store = try JournalFile.openExisting(journal)
        var policies: [CounterfactualReplay.Alternative] = []
        do {
            for path in policy { policies.append(try await PolicyFile.alternative(path, for: store, journal: journal)) }
        } catch let error as JournalError {
            throw JournalFile.fail(journal, error)
        }
        Terminal.progress("postmortem: reading \(journal) and replaying it under \(policies.count + 1)+ policies…")
        let report: PostmortemReport
        do {
            report = try await Postmortem.build(
                store,
                options: .init(
                    incident: incident,
                    lookbackMilliseconds: lookbackMs,
                    policies: policies,
                    thresholdVariants: !noThresholdVariants
                )
            )
        } catch {
            Terminal.error("journal \(journal): \(error.message)")
            throw ExitCode(1)
        }
        try ReportFolder.write(
            [
                "postmortem.md": report.markdown(), "postmortem.json": report.json() + "\n",
                "postmortem.html": report.html(),
            ],
            to: out
        )
        let incidents = report.incidents.map {
            "\($0.summary.id) \($0.summary.vector) (loss realized \($0.summary.lossRealized), prevented \($0.summary.lossPrevented))"
        }
        Terminal.progress(
            "postmortem: \(report.incidents.count) incident\(report.incidents.count == 1 ? "" : "s")"
                + (incidents.isEmpty ? "" : ": " + incidents.joined(separator: "; "))
        )
        print(URL(fileURLWithPath: out, isDirectory: true).appendingPathComponent("postmortem.html").path)
    }
}
