public import BreakwaterCore

/// `breakwater experiment sensitivity`: the critical trip latency across volatility and leverage, for a pool of
/// given liquidity. ``TripLatencyRun`` tells the model.
public struct SensitivityExperiment: Sendable {
    public var config: ProtocolConfig
    /// Annualized volatilities of the attacked market (1 = 100 %).
    public var volatilities: [Double] = [1, 2, 4, 8, 16]
    public var leverages: [Double] = [2, 5, 10, 20, 50]
    /// The pool's LP liquidity, in the quote unit.
    public var liquidity: Double = 10_000_000
    /// Each linked account's collateral, in the quote unit.
    public var collateral: Double = 1_000_000
    /// The share of the liquidity the attack may take before the pool counts as insolvent.
    public var maxLoss: Double = 0.1
    public var horizonMilliseconds: Int64 = 24 * 3_600_000
    /// How many standard deviations the stress path moves at every horizon.
    public var sigmas: Double = 3
    public var jobs: Int = 2

    public init(config: ProtocolConfig) {
        self.config = config
    }

    /// The names the model needs in the config.
    public static func missingNames(in config: ProtocolConfig) -> [ConfigIssue] {
        var issues: [ConfigIssue] = []
        if config.poolID(named: "alts") == nil {
            issues.append(ConfigIssue(key: "pools", message: "the sensitivity model needs a pool named alts"))
        }
        let alts = config.poolID(named: "alts")
        if config.marketID(named: "MNGO-PERP").map({ config.market($0).pool }) != alts || alts == nil {
            issues.append(
                ConfigIssue(
                    key: "pools",
                    message: "the sensitivity model needs a market named MNGO-PERP in the pool alts"
                )
            )
        }
        if config.assetID(named: "USDC") == nil {
            issues.append(ConfigIssue(key: "assets", message: "the sensitivity model needs an asset named USDC"))
        }
        return issues
    }

    /// Runs every cell, one task per cell at most ``jobs`` at a time, calling `progress` with cells done and total.
    ///
    /// - Throws: ``SetupRefused`` for the first cell whose market the engine would not set up.
    public func run(
        progress: @Sendable (Int, Int) -> Void = { _, _ in }
    ) async throws(SetupRefused) -> SensitivityReport {
        let cells = leverages.flatMap { leverage in volatilities.map { (leverage, $0) } }
        let model = self
        let results = await Parallel.map(cells.count, jobs: jobs, progress: progress) { index in
            Result { () throws(SetupRefused) -> SensitivityReport.Cell in
                let latency = try TripLatencyRun(
                    volatility: cells[index].1,
                    leverage: cells[index].0,
                    liquidity: model.liquidity,
                    collateral: model.collateral,
                    maxLoss: model.maxLoss,
                    horizonMilliseconds: model.horizonMilliseconds,
                    sigmas: model.sigmas
                ).criticalLatency(config: model.config)
                return SensitivityReport.Cell(
                    leverage: cells[index].0,
                    volatility: cells[index].1,
                    criticalLatency: latency.map { Double($0) / 1000 }
                )
            }
        }
        return SensitivityReport(
            experiment: self,
            cells: try results.map { result throws(SetupRefused) in try result.get() }
        )
    }
}
