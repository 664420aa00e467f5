import ArgumentParser
import BreakwaterReportKit
import Foundation

/// What the experiments share: the protocol, how many run at once, and where the reports go.
struct ExperimentOptions: ParsableArguments {
    @Option(
        help:
            "The protocol config (YAML); it needs the reference protocol's names. Default: the embedded reference protocol."
    )
    var config: String?

    @Option(help: "Runs at the same time. Default: one per core.")
    var jobs = ProcessInfo.processInfo.activeProcessorCount

    @Option(help: "The folder to write the report to as NAME.json, NAME.csv and NAME.html (created if missing).")
    var out: String?

    func validate() throws {
        guard jobs >= 1 else { throw ValidationError("--jobs must be at least 1") }
    }

    /// Writes `name`.json, .csv and .html to ``out`` if given, then prints `summary`.
    func publish(_ name: String, json: some Encodable, csv: String, html: String, summary: String) throws {
        if let out {
            try ReportFolder.write(
                ["\(name).json": ReportJSON.text(of: json) + "\n", "\(name).csv": csv, "\(name).html": html],
                to: out
            )
        }
        print(summary)
    }
}
