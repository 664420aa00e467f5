import ArgumentParser
import BreakwaterFormats
import BreakwaterSimulation
import Foundation

struct SensitivityCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sensitivity",
        abstract:
            "The critical trip latency across volatility and leverage: how late a breaker may fire and the pool stay solvent.",
        discussion: """
            The model is the Mango flaw: two linked accounts hold opposite positions at the given leverage in a \
            market whose unrealized profit counts as collateral, and the price is pushed along a stress path, \
            --sigmas standard deviations of a market at the given volatility at every horizon; each account \
            withdraws its free margin every 20 seconds. A trip stops what has not left yet, so the critical latency is the \
            first moment the attack has taken more than --max-loss of the pool's liquidity. Model and report: \
            docs/simulation.md.
            Example: breakwater experiment sensitivity --out sensitivity
            """
    )

    @OptionGroup var options: ExperimentOptions

    @Option(help: "Annualized volatilities, comma-separated (1 = 100 %).")
    var volatility = "1,2,4,8,16"

    @Option(help: "Leverages, comma-separated.")
    var leverage = "2,5,10,20,50"

    @Option(help: "The pool's LP liquidity, in USDC.")
    var liquidity = 10_000_000.0

    @Option(help: "Each linked account's collateral, in USDC.")
    var collateral = 1_000_000.0

    @Option(help: "The share of the liquidity the attack may take before the pool counts as insolvent.")
    var maxLoss = 0.1

    @Option(help: "Hours each path runs before the pool counts as safe without a trip.")
    var hours = 24

    @Option(help: "Standard deviations the stress path moves at every horizon.")
    var sigmas = 3.0

    func validate() throws {
        _ = try values(volatility, "--volatility")
        _ = try values(leverage, "--leverage").map { value in
            guard value > 1 else { throw ValidationError("--leverage: \(value) must be above 1") }
        }
        guard liquidity > 0, collateral > 0, liquidity <= 1e12, collateral <= 1e12 else {
            throw ValidationError("--liquidity and --collateral must be positive and at most 1e12")
        }
        guard maxLoss > 0, maxLoss <= 1 else { throw ValidationError("--max-loss must be above 0 and at most 1") }
        guard hours >= 1 else { throw ValidationError("--hours must be at least 1") }
        guard sigmas > 0, sigmas.isFinite else { throw ValidationError("--sigmas must be positive") }
    }

    func run() async throws {
        let protocolConfig = try ConfigFile.load(at: options.config)
        let missing = SensitivityExperiment.missingNames(in: protocolConfig)
        guard missing.isEmpty else {
            Terminal.error("\(options.config ?? "default config"): \(ConfigError(issues: missing))")
            throw ExitCode(1)
        }
        var experiment = SensitivityExperiment(config: protocolConfig)
        (experiment.volatilities, experiment.leverages) = (
            try values(volatility, "--volatility"), try values(leverage, "--leverage")
        )
        (experiment.liquidity, experiment.collateral, experiment.maxLoss) = (liquidity, collateral, maxLoss)
        (experiment.horizonMilliseconds, experiment.sigmas, experiment.jobs) = (
            Int64(hours) * 3_600_000, sigmas, options.jobs
        )
        let bar = ProgressBar(command: "experiment sensitivity")
        let report: SensitivityReport
        do {
            report = try await experiment.run { bar.update(phase: "cells", done: $0, total: $1) }
        } catch {
            Terminal.error("\(options.config ?? "default config"): \(error)")
            throw ExitCode(1)
        }
        try options.publish("sensitivity", json: report, csv: report.csv(), html: report.html(), summary: report.text())
    }

    private func values(_ text: String, _ option: String) throws -> [Double] {
        try text.split(separator: ",").map { part in
            guard let value = Double(part.trimmingCharacters(in: .whitespaces)), value.isFinite, value > 0 else {
                throw ValidationError("\(option): \(part) is not a positive number")
            }
            return value
        }
    }
}
