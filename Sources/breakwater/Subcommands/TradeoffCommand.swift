import ArgumentParser
import BreakwaterFormats
import BreakwaterSimulation
import Foundation

struct TradeoffCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tradeoff",
        abstract:
            "Sweep policies over attacks and benign markets: loss prevented, time to detect and contain, false-positive halts.",
        discussion: """
            Every policy of the grid (default: 240: the price band's width, reference half-life, limit-state time and halt \
            time) runs over the same streams: each scenario with each seed, and benign markets \
            where every pause is a false positive that guardians lift after --review-minutes. For each policy: the \
            share of the undefended loss it prevents, time to detect and to contain (p50, p95), false-positive pauses \
            per market-year and halt minutes per market-day; then the Pareto frontier between containment speed and \
            halt minutes. Each stream is generated once; policies run in parallel; the result depends only on the \
            options. Report: docs/simulation.md.
            Example: breakwater experiment tradeoff --out tradeoff
            """
    )

    @OptionGroup var options: ExperimentOptions

    @Option(
        help:
            "KEY=V1,V2,…: a threshold and its values (keys: breakwater policy explain); repeatable, replaces the default grid."
    )
    var grid: [String] = []

    @Option(
        help:
            "The scenarios of the attack library, comma-separated (crash and cascade are benign stress: their pauses are false positives)."
    )
    var scenarios = MangoScenario.Attack.experimentScenarios.map(\.rawValue).joined(separator: ",")

    @Option(help: "Seeds per scenario (1…N).")
    var seeds = 4

    @Option(help: "Hours of market per scenario run (the attack comes at 90 minutes).")
    var scenarioHours = 3

    @Option(help: "Benign runs (seeds 101…).")
    var benignSeeds = 4

    @Option(help: "Days per benign run.")
    var benignDays = 7

    @Option(help: "Minutes guardians take to lift a false-positive pause or freeze.")
    var reviewMinutes = 30

    func validate() throws {
        guard seeds >= 1, benignSeeds >= 0, benignDays >= 1, reviewMinutes >= 0 else {
            throw ValidationError(
                "--seeds and --benign-days must be at least 1; --benign-seeds and --review-minutes at least 0"
            )
        }
        let longest = try parsedScenarios().max { $0.minimumHours < $1.minimumHours }
        if let longest, scenarioHours < longest.minimumHours {
            throw ValidationError(
                "--scenario-hours must be at least \(longest.minimumHours) for \(longest.rawValue): the attack comes at 90 minutes and lasts"
            )
        }
        _ = try parsedGrid()
    }

    func run() async throws {
        let protocolConfig = try ConfigFile.load(at: options.config)
        let missing = MangoScenario.missingNames(in: protocolConfig)
        guard missing.isEmpty else {
            Terminal.error("\(options.config ?? "default config"): \(ConfigError(issues: missing))")
            throw ExitCode(1)
        }
        var experiment = TradeoffExperiment(config: protocolConfig)
        (experiment.grid, experiment.scenarios) = (try parsedGrid() ?? .standard, try parsedScenarios())
        (experiment.seeds, experiment.scenarioHours) = ((1...seeds).map(UInt64.init), scenarioHours)
        (experiment.benignSeeds, experiment.benignDays) = ((0..<benignSeeds).map { UInt64(101 + $0) }, benignDays)
        (experiment.reviewMilliseconds, experiment.jobs) = (Int64(reviewMinutes) * 60_000, options.jobs)
        let bar = ProgressBar(command: "experiment tradeoff")
        let report: TradeoffReport
        do {
            report = try await experiment.run { bar.update(phase: $0.phase.rawValue, done: $0.done, total: $0.total) }
        } catch {
            Terminal.error("--grid: \(error)")
            throw ExitCode(1)
        }
        try options.publish("tradeoff", json: report, csv: report.csv(), html: report.html(), summary: report.text())
    }

    private func parsedScenarios() throws -> [MangoScenario.Attack] {
        try scenarios.split(separator: ",").map { name in
            guard let scenario = MangoScenario.Attack(rawValue: String(name)),
                MangoScenario.Attack.experimentScenarios.contains(scenario)
            else {
                let known = MangoScenario.Attack.experimentScenarios.map(\.rawValue).joined(separator: ", ")
                let what =
                    MangoScenario.Attack(rawValue: String(name)) == nil
                    ? "unknown scenario \(name)" : "\(name) is not one the experiment runs"
                throw ValidationError(
                    "--scenarios: \(what) (known: \(known); benign runs come from --benign-seeds; the governance "
                        + "scenarios and those on real series replay with simulate)"
                )
            }
            return scenario
        }
    }

    private func parsedGrid() throws -> PolicyGrid? {
        guard !grid.isEmpty else { return nil }
        return PolicyGrid(
            axes: try grid.map { text in
                guard let axis = PolicyGrid.Axis(parsing: text), !axis.values.isEmpty else {
                    throw ValidationError("--grid \(text): write it as KEY=V1,V2,…")
                }
                return axis
            }
        )
    }
}
